package e2e

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// A process a step leaves running (the emulator) is gone once the test that
// ran the step has ended, even one that takes a moment to stop on SIGTERM:
// its port and its files in the test's temporary directories are free then.
// Needs no CLI, so it runs without TF_ACC.
func TestRunStepEndsWhatItLeft(t *testing.T) {
	pidFile := filepath.Join(t.TempDir(), "pid")
	t.Run("step", func(t *testing.T) {
		script := `(trap 'sleep 1; exit 0' TERM; while :; do sleep 0.1; done) >/dev/null 2>&1 </dev/null &
echo $! >` + pidFile
		res := runStep(t, t.TempDir(), os.Environ(), []string{"-e", "-c", script})
		if res.ExitCode != 0 {
			t.Fatalf("step: exit %d: %s", res.ExitCode, res.Stderr)
		}
	})
	b, err := os.ReadFile(pidFile)
	if err != nil {
		t.Fatal(err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	if state, _, ok := procState(strconv.Itoa(pid)); ok && state != "Z" {
		_ = syscall.Kill(pid, syscall.SIGKILL)
		t.Fatalf("the process the step left (pid %d) still runs after its test ended", pid)
	}
}
