package tfcli

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestCommandRun(t *testing.T) {
	for _, tc := range []struct {
		name         string
		cmd          Command
		stdout       string
		stderr       string // a substring
		code         int
		wantErr      bool
		errSubstring string
	}{
		{
			name:   "success",
			cmd:    Command{Path: "sh", Args: []string{"-c", "echo out; echo err >&2"}},
			stdout: "out\n", stderr: "err", code: 0,
		},
		{
			name:   "exit code and both streams of a refusal",
			cmd:    Command{Path: "sh", Args: []string{"-c", "echo plan; echo 'Error: refused' >&2; exit 2"}},
			stdout: "plan\n", stderr: "Error: refused", code: 2, wantErr: true,
		},
		{
			name:   "directory and environment",
			cmd:    Command{Path: "sh", Args: []string{"-c", `echo "$PWD $X"`}, Dir: "/", Env: []string{"X=y"}},
			stdout: "/ y\n",
		},
		{
			name: "cannot start", cmd: Command{Path: "/nonexistent/terraform"},
			stderr: "/nonexistent/terraform", code: -1, wantErr: true,
		},
		{
			name:   "timeout",
			cmd:    Command{Path: "sh", Args: []string{"-c", "echo started; exec sleep 30"}, Timeout: 300 * time.Millisecond},
			stdout: "started\n", code: -1, wantErr: true, errSubstring: "stopped after 300ms",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			r := tc.cmd.Run(context.Background())
			if time.Since(start) > 10*time.Second {
				t.Errorf("Run took %s", time.Since(start))
			}
			if r.Stdout != tc.stdout || !strings.Contains(r.Stderr, tc.stderr) || r.ExitCode != tc.code || (r.Err != nil) != tc.wantErr {
				t.Errorf("Run = %+v, want stdout %q, stderr with %q, exit code %d, error %t", r, tc.stdout, tc.stderr, tc.code, tc.wantErr)
			}
			if tc.errSubstring != "" && (r.Err == nil || !strings.Contains(r.Err.Error(), tc.errSubstring)) {
				t.Errorf("error %v, want one saying %q", r.Err, tc.errSubstring)
			}
		})
	}
}

// TestProcessInterrupt: a started command leads a process group of its own,
// so Interrupt(true) reaches the children it starts too (the CLI's
// providers), as Ctrl-C in a terminal reaches a foreground job, and
// Interrupt(false) reaches it alone. The command is this test binary as a
// leader that starts itself again as a child (helperProcess); each says
// whether SIGINT reached it.
func TestProcessInterrupt(t *testing.T) {
	for _, group := range []bool{false, true} {
		p, err := Command{Path: os.Args[0], Env: append(os.Environ(), helperEnv+"=leader")}.Start()
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(p.Kill)
		if pgid, err := syscall.Getpgid(p.Pid()); err != nil || pgid != p.Pid() {
			t.Fatalf("process group %d (%v), want its own, %d", pgid, err, p.Pid())
		}
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
			if out, _ := p.Output(); strings.Contains(out, "leader ready") && strings.Contains(out, "child ready") {
				break
			}
			if time.Now().After(deadline) {
				out, errOut := p.Output()
				t.Fatalf("the helper processes did not start: %q %q", out, errOut)
			}
		}
		if err := p.Interrupt(group); err != nil {
			t.Fatal(err)
		}
		select {
		case <-p.Done():
		case <-time.After(10 * time.Second):
			t.Fatalf("group %t: still running 10s after SIGINT", group)
		}
		r := p.Wait()
		if r.ExitCode != 130 || !strings.Contains(r.Stdout, "leader interrupted") {
			t.Errorf("group %t: %+v, want the leader to exit 130 after its handler ran", group, r)
		}
		if got := strings.Contains(r.Stdout, "child interrupted"); got != group {
			t.Errorf("group %t: SIGINT reached the child: %t, want %t\n%s", group, got, group, r.Stdout)
		}
	}
}

// helperEnv makes this test binary a helper process of TestProcessInterrupt.
const helperEnv = "TFCLI_TEST_HELPER"

// TestMain runs the tests, or, started by TestProcessInterrupt, plays its
// helper process.
func TestMain(m *testing.M) {
	if role := os.Getenv(helperEnv); role != "" {
		helperProcess(role)
	}
	os.Exit(m.Run())
}

// helperProcess is the leader or the child of TestProcessInterrupt, each
// reporting on stdout whether SIGINT reached it.
func helperProcess(role string) {
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt)
	if role == "child" {
		fmt.Println("child ready")
		<-sig
		fmt.Println("child interrupted")
		os.Exit(0)
	}
	child := exec.Command(os.Args[0])
	child.Env = append(os.Environ(), helperEnv+"=child")
	child.Stdout = os.Stdout
	if err := child.Start(); err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	fmt.Println("leader ready")
	<-sig
	// The child has its own chance to report; then it goes, reached or not.
	done := make(chan struct{})
	go func() { _ = child.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
		_ = child.Process.Kill()
		<-done
	}
	fmt.Println("leader interrupted")
	os.Exit(130)
}

func TestProcessKill(t *testing.T) {
	// The child says "trapped" only once SIGINT is ignored; exec keeps that
	// for sleep.
	p, err := Command{Path: "sh", Args: []string{"-c", "trap '' INT; echo trapped; exec sleep 30"}}.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Kill)
	waitForOutput(t, p, "trapped")
	if err := p.Interrupt(true); err != nil {
		t.Fatal(err)
	}
	select {
	case <-p.Done():
		t.Fatalf("the process exited on SIGINT (%+v): it does not ignore it, so Kill is not tested on one that does", p.Wait())
	case <-time.After(200 * time.Millisecond):
	}
	p.Kill()
	if r := p.Wait(); r.ExitCode != -1 || r.Err == nil {
		t.Errorf("after Kill: %+v, want killed", r)
	}
}

// waitForOutput waits, up to 10 seconds, until p has written want to stdout.
func waitForOutput(t *testing.T, p *Process, want string) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		out, errOut := p.Output()
		if strings.Contains(out, want) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("no %q within 10s: %q %q", want, out, errOut)
		}
	}
}
