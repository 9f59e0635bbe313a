package tfcli

import (
	"context"
	"strings"
	"time"

	"github.com/hashicorp/terraform-exec/tfexec"
)

// Workdir is a Terraform working directory and how to run the CLI in it.
type Workdir struct {
	CLI CLI
	Dir string
	Env []string // see Environ
	// Timeout bounds each command; zero is DefaultTimeout.
	Timeout time.Duration
}

// Command is the CLI with args, to run in the working directory.
func (w Workdir) Command(args ...string) Command {
	return Command{Path: w.CLI.Path, Args: args, Dir: w.Dir, Env: w.Env, Timeout: w.Timeout}
}

// Run runs the CLI with args in the working directory.
func (w Workdir) Run(ctx context.Context, args ...string) Result {
	return w.Command(args...).Run(ctx)
}

// Terraform is a terraform-exec handle on the same CLI, directory and
// environment, for typed commands with structured answers (see the package
// doc for what it cannot do). The variables terraform-exec manages itself
// (TF_IN_AUTOMATION, TF_INPUT, TF_LOG...) are left to it.
func (w Workdir) Terraform() (*tfexec.Terraform, error) {
	tf, err := tfexec.NewTerraform(w.Dir, w.CLI.Path)
	if err != nil {
		return nil, err
	}
	env := map[string]string{}
	for _, kv := range w.Env {
		k, v, _ := strings.Cut(kv, "=")
		env[k] = v
	}
	if err := tf.SetEnv(tfexec.CleanEnv(env)); err != nil {
		return nil, err
	}
	return tf, nil
}
