package tfcli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// ProviderBinary is the provider's executable name, as dev_overrides and a
// filesystem mirror look for it.
const ProviderBinary = "terraform-provider-contio"

// goTimeout bounds one go command: a cold module cache downloads first.
const goTimeout = 5 * time.Minute

// BuildProvider builds the provider from the module whose root is srcDir
// (this tree, or a checkout of an older git ref) into dir/ProviderBinary and
// returns that path. version, when not empty, is stamped in as main.version,
// as a release build is.
func BuildProvider(ctx context.Context, srcDir, dir, version string) (string, error) {
	out, err := filepath.Abs(filepath.Join(dir, ProviderBinary))
	if err != nil {
		return "", err
	}
	args := []string{"build", "-o", out}
	if version != "" {
		args = append(args, "-ldflags", "-X main.version="+version)
	}
	if err := Go(ctx, srcDir, nil, append(args, ".")...); err != nil {
		return "", err
	}
	return out, nil
}

// Go runs the go command in dir with the caller's environment plus
// extraEnv, and fails with its output when it does.
func Go(ctx context.Context, dir string, extraEnv []string, args ...string) error {
	cmd := Command{Path: "go", Args: args, Dir: dir, Env: append(os.Environ(), extraEnv...), Timeout: goTimeout}
	if r := cmd.Run(ctx); r.Err != nil {
		return fmt.Errorf("go %v in %s: %w\n%s%s", args, dir, r.Err, r.Stdout, r.Stderr)
	}
	return nil
}
