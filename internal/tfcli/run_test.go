package tfcli

import (
	"context"
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
// so Interrupt(true) reaches the providers it starts too, as Ctrl-C in a
// terminal reaches a foreground job; Interrupt(false) reaches it alone.
func TestProcessInterrupt(t *testing.T) {
	for _, group := range []bool{false, true} {
		p, err := Command{Path: "sh", Args: []string{"-c", "trap 'echo interrupted; exit 130' INT; while :; do sleep 0.1; done"}}.Start()
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(p.Kill)
		if pgid, err := syscall.Getpgid(p.Pid()); err != nil || pgid != p.Pid() {
			t.Fatalf("process group %d (%v), want its own, %d", pgid, err, p.Pid())
		}
		time.Sleep(200 * time.Millisecond) // let the shell set its trap
		if err := p.Interrupt(group); err != nil {
			t.Fatal(err)
		}
		select {
		case <-p.Done():
			if r := p.Wait(); r.ExitCode != 130 || r.Stdout != "interrupted\n" {
				t.Errorf("group %t: %+v, want exit 130 after the trap ran", group, r)
			}
		case <-time.After(10 * time.Second):
			stdout, _ := p.Output()
			t.Errorf("group %t: still running 10s after SIGINT; stdout %q", group, stdout)
		}
	}
}

func TestProcessKill(t *testing.T) {
	p, err := Command{Path: "sh", Args: []string{"-c", "trap '' INT; echo ready; exec sleep 30"}}.Start()
	if err != nil {
		t.Fatal(err)
	}
	p.Kill()
	if r := p.Wait(); r.ExitCode != -1 || r.Err == nil {
		t.Errorf("after Kill: %+v, want killed", r)
	}
}
