package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/contio/terraform-provider-contio/internal/tfcli"
)

// wholeDemo is the first Terraform with every step: the re-enable action
// (step 6) and terraform query (step 9).
const wholeDemo = "1.14"

// installTimeout bounds installing one CLI: a download takes seconds, a
// build from the Go module proxy about 3 minutes on 2 idle cores, and
// 8 or more when the cores are busy.
const installTimeout = 30 * time.Minute

// pinnedTerraform is the link scripts/install-tools.sh makes to the newest
// pinned Terraform.
var pinnedTerraform = filepath.Join(".tools", "bin", "terraform")

// cliFinder is what findCLI needs from the machine, so that tests can stand
// in for it.
type cliFinder struct {
	asked   string                                                    // TF_BIN (make demo CLI=...): a name on PATH or a path
	look    func(name string) (string, error)                         // PATH lookup
	detect  func(ctx context.Context, path string) (tfcli.CLI, error) // runs `path version`
	install func(ctx context.Context) error                           // installs the newest pinned Terraform only
	say     func(format string, args ...any)
}

// find picks the CLI: the one asked for; else a terraform on PATH that can
// show the whole demo; else the newest pinned Terraform, installed (built or
// downloaded) unless it is there already. It says which, and why.
func (f cliFinder) find(ctx context.Context) (tfcli.CLI, error) {
	if f.asked != "" {
		cli, err := f.detect(ctx, f.asked)
		if err != nil {
			return cli, err
		}
		f.say("Using %s (%s), as asked\n", cli, cli.Path)
		if !cli.AtLeast(tfcli.Terraform, wholeDemo) {
			f.say("  %s\n", lacking)
		}
		return cli, nil
	}
	if path, err := f.look("terraform"); err == nil {
		cli, err := f.detect(ctx, path)
		switch {
		case err != nil:
			f.say("terraform on PATH (%s) does not run: %v\n", path, err)
		case cli.AtLeast(tfcli.Terraform, wholeDemo):
			f.say("Using %s from PATH (%s)\n", cli, cli.Path)
			return cli, nil
		default:
			f.say("terraform on PATH is %s (%s): %s\n  `make demo CLI=terraform` runs the demo with it anyway.\n", cli, cli.Path, lacking)
		}
	} else {
		f.say("No terraform on PATH.\n")
	}
	f.say("The newest pinned Terraform, then: scripts/install-tools.sh terraform-newest installs it unless it is there.\n")
	if err := f.install(ctx); err != nil {
		return tfcli.CLI{}, err
	}
	cli, err := f.detect(ctx, pinnedTerraform)
	if err == nil {
		f.say("Using %s (%s)\n", cli, cli.Path)
	}
	return cli, err
}

// lacking says what the demo cannot show with a CLI older than wholeDemo.
const lacking = "it has no actions or terraform query (Terraform " + wholeDemo + " and later): with it, step 6 " +
	"re-enables through the configuration and step 9 (adoption) is skipped."

// machineFinder is cliFinder on this machine.
func machineFinder() cliFinder {
	return cliFinder{
		asked:  os.Getenv("TF_BIN"),
		look:   tfcli.LookPath,
		detect: tfcli.Detect,
		install: func(ctx context.Context) error {
			// A cold build takes minutes; its progress shows as it goes.
			ctx, cancel := context.WithTimeout(ctx, installTimeout)
			defer cancel()
			cmd := exec.CommandContext(ctx, filepath.Join("scripts", "install-tools.sh"), "terraform-newest")
			cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
			if err := cmd.Run(); err != nil {
				return fmt.Errorf("scripts/install-tools.sh terraform-newest: %w", err)
			}
			return nil
		},
		say: func(format string, args ...any) { fmt.Printf(format, args...) },
	}
}
