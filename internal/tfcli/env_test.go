package tfcli

import (
	"slices"
	"testing"
)

func TestCleanEnv(t *testing.T) {
	got := CleanEnv([]string{
		"PATH=/usr/bin", "HOME=/home/u",
		"TF_CLI_ARGS=-no-color", "TF_CLI_ARGS_plan=-refresh=false", "TF_WORKSPACE=prod", "TF_CLI_CONFIG_FILE=/home/u/.terraformrc",
		"TF_VAR_x=1", "TF_ACC=1", "TF_INPUT=1",
		"CONTIO_API_KEY=ck_live_secret", "CONTIO_BASE_URL=https://api.contio.example", "CHECKPOINT_DISABLE=",
		"TF_LOG=DEBUG", "TF_LOG_PROVIDER=TRACE", "TF_LOG_PATH=/tmp/tf.log",
		"GOFLAGS=-mod=mod", "NOEQUALS",
	})
	want := []string{"PATH=/usr/bin", "HOME=/home/u", "TF_LOG=DEBUG", "TF_LOG_PROVIDER=TRACE", "TF_LOG_PATH=/tmp/tf.log", "GOFLAGS=-mod=mod", "NOEQUALS"}
	if !slices.Equal(got, want) {
		t.Errorf("CleanEnv =\n%q\nwant\n%q", got, want)
	}
}

func TestEnviron(t *testing.T) {
	got := Environ([]string{"PATH=/usr/bin", "TF_CLI_CONFIG_FILE=/home/u/.terraformrc", "CONTIO_CLIENT_ID=app_live"},
		"/tmp/x/terraformrc", "CONTIO_CLIENT_ID=app_7f3c")
	want := []string{"PATH=/usr/bin", "TF_CLI_CONFIG_FILE=/tmp/x/terraformrc", "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1", "TF_INPUT=0", "CONTIO_CLIENT_ID=app_7f3c"}
	if !slices.Equal(got, want) {
		t.Errorf("Environ =\n%q\nwant\n%q", got, want)
	}
}
