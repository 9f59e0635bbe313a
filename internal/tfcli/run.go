package tfcli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"
)

// DefaultTimeout bounds a Command without a Timeout of its own, so that a
// hung CLI or plugin fails its caller instead of hanging it.
const DefaultTimeout = 3 * time.Minute

// waitDelay is how long a Command waits, once its context is done and it
// has been interrupted, before killing it and closing its output.
const waitDelay = 5 * time.Second

// Command is one run of the CLI or of any program that drives it (a script
// with TF_BIN set, the go command).
type Command struct {
	Path string
	Args []string
	Dir  string   // the working directory; empty is the caller's
	Env  []string // the whole environment (see Environ); nil is the caller's
	// Timeout bounds Run; zero is DefaultTimeout. Start has no timeout: its
	// caller decides when to interrupt.
	Timeout time.Duration
}

// Result is what a finished command said.
type Result struct {
	Stdout, Stderr string
	// ExitCode is the command's exit code, or -1 when it could not run or
	// was killed (Err says why).
	ExitCode int
	// Err is nil exactly when the command exited 0.
	Err error
	// CPU is the user and system time of the command and of the children it
	// waited for (the kernel adds a reaped child's times to its parent's):
	// for the CLI, its own and its providers'. Benchmarks compare it.
	CPU time.Duration
}

// String is the command line as a log shows it.
func (c Command) String() string {
	return strings.Join(append([]string{c.Path}, c.Args...), " ")
}

// Run runs the command to its end, or until ctx is done or its timeout
// passes; then it is interrupted, and killed waitDelay later.
func (c Command) Run(ctx context.Context) Result {
	timeout := c.Timeout
	if timeout == 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	p, err := c.start(ctx, false)
	if err != nil {
		return Result{Stderr: err.Error(), ExitCode: -1, Err: err}
	}
	r := p.Wait()
	if errors.Is(ctx.Err(), context.DeadlineExceeded) && r.Err != nil {
		r.Err = fmt.Errorf("%s: stopped after %s: %w", c, timeout, r.Err)
	}
	return r
}

// Start starts the command in a process group of its own, as a terminal
// starts a foreground job, and returns at once. Interrupt, Kill and Wait it.
func (c Command) Start() (*Process, error) {
	return c.start(context.Background(), true)
}

// start starts the command; ownGroup puts it in a process group of its own,
// which Ctrl-C in the caller's terminal then no longer reaches.
func (c Command) start(ctx context.Context, ownGroup bool) (*Process, error) {
	cmd := exec.CommandContext(ctx, c.Path, c.Args...)
	cmd.Dir, cmd.Env = c.Dir, c.Env
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: ownGroup}
	// On ctx done, interrupt as Ctrl-C would, so the CLI can stop its
	// providers and write state; kill waitDelay later if it has not exited.
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = waitDelay
	p := &Process{cmd: cmd, done: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = &p.stdout, &p.stderr
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("%s: %w", c, err)
	}
	go func() {
		p.err = cmd.Wait()
		close(p.done)
	}()
	return p, nil
}

// Process is a started Command.
type Process struct {
	cmd            *exec.Cmd
	stdout, stderr lockedBuffer
	done           chan struct{}
	err            error // cmd.Wait's, once done is closed
}

// Pid is the process's id, which is also its process group's.
func (p *Process) Pid() int { return p.cmd.Process.Pid }

// Interrupt sends SIGINT to the process or, with group, to its whole
// process group (the CLI and the providers it started), as Ctrl-C in a
// terminal does.
func (p *Process) Interrupt(group bool) error {
	pid := p.Pid()
	if group {
		pid = -pid
	}
	return syscall.Kill(pid, syscall.SIGINT)
}

// Kill kills the process group of a started process, if it is still running,
// and waits for it.
func (p *Process) Kill() {
	select {
	case <-p.done:
	default:
		if syscall.Kill(-p.Pid(), syscall.SIGKILL) != nil {
			_ = p.cmd.Process.Kill() // not a group leader after all
		}
		<-p.done
	}
}

// Done is closed once the process has exited.
func (p *Process) Done() <-chan struct{} { return p.done }

// Output is what the process has written so far.
func (p *Process) Output() (stdout, stderr string) {
	return p.stdout.String(), p.stderr.String()
}

// Wait waits for the process to exit and returns what it said.
func (p *Process) Wait() Result {
	<-p.done
	r := Result{Stdout: p.stdout.String(), Stderr: p.stderr.String(), Err: p.err}
	if ps := p.cmd.ProcessState; ps != nil {
		r.CPU = ps.UserTime() + ps.SystemTime()
	}
	var exitErr *exec.ExitError
	switch {
	case p.err == nil:
	case errors.As(p.err, &exitErr) && exitErr.ExitCode() >= 0:
		r.ExitCode = exitErr.ExitCode()
	default:
		r.ExitCode = -1
	}
	return r
}

// lockedBuffer lets Output read what a running process has written.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
