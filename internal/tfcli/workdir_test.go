package tfcli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWorkdirTerraform: the terraform-exec handle runs the Workdir's CLI in
// its directory with its environment, minus what terraform-exec refuses to
// be given (TF_INPUT, TF_IN_AUTOMATION, which Environ sets).
func TestWorkdirTerraform(t *testing.T) {
	dir := t.TempDir()
	envFile := filepath.Join(dir, "env")
	fake := writeScript(t, dir, "terraform", `env > "`+envFile+`"
echo '{"terraform_version":"1.14.9","platform":"linux_amd64","provider_selections":{"registry.terraform.io/contio/contio":"0.3.0"}}'
`)
	w := Workdir{
		CLI: CLI{Path: fake, Product: Terraform},
		Dir: dir,
		Env: Environ([]string{"PATH=" + os.Getenv("PATH")}, "/tmp/x/terraformrc", "CONTIO_CLIENT_ID=app_7f3c"),
	}
	tf, err := w.Terraform()
	if err != nil {
		t.Fatal(err)
	}
	v, providers, err := tf.Version(context.Background(), true)
	if err != nil {
		t.Fatal(err)
	}
	if v.String() != "1.14.9" || providers["registry.terraform.io/contio/contio"].String() != "0.3.0" {
		t.Errorf("Version = %s, %v", v, providers)
	}
	env, err := os.ReadFile(envFile)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"TF_CLI_CONFIG_FILE=/tmp/x/terraformrc", "CONTIO_CLIENT_ID=app_7f3c", "CHECKPOINT_DISABLE=1"} {
		if !strings.Contains(string(env), want+"\n") {
			t.Errorf("the CLI's environment lacks %s:\n%s", want, env)
		}
	}
}

func TestWorkdirRun(t *testing.T) {
	dir := t.TempDir()
	fake := writeScript(t, dir, "terraform", `echo "$PWD: $*"; exit 2`)
	w := Workdir{CLI: CLI{Path: fake}, Dir: dir}
	r := w.Run(context.Background(), "plan", "-detailed-exitcode")
	if r.ExitCode != 2 || r.Stdout != dir+": plan -detailed-exitcode\n" {
		t.Errorf("Run = %+v", r)
	}
}
