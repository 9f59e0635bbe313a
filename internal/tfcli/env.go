package tfcli

import "strings"

// CleanEnv is environ without what would change how the CLI or the provider
// behaves behind the caller's back: TF_* (TF_CLI_ARGS, TF_WORKSPACE, a CLI
// configuration file, TF_VAR_*...), CONTIO_* (the provider's fallbacks for
// its settings) and CHECKPOINT_DISABLE. TF_LOG* stay, for debugging.
func CleanEnv(environ []string) []string {
	var env []string
	for _, kv := range environ {
		name, _, _ := strings.Cut(kv, "=")
		switch {
		case strings.HasPrefix(name, "TF_LOG"):
		case strings.HasPrefix(name, "TF_"), strings.HasPrefix(name, "CONTIO_"), name == "CHECKPOINT_DISABLE":
			continue
		}
		env = append(env, kv)
	}
	return env
}

// Environ is the environment to run the CLI in: environ cleaned, with the CLI
// configuration file cliConfig, no call home, no prompts, and output for
// automation, then extra (such as CONTIO_* settings for the provider).
func Environ(environ []string, cliConfig string, extra ...string) []string {
	env := append(CleanEnv(environ), "TF_CLI_CONFIG_FILE="+cliConfig, "CHECKPOINT_DISABLE=1",
		"TF_IN_AUTOMATION=1", "TF_INPUT=0")
	return append(env, extra...)
}
