// Package tfcli drives the Terraform or OpenTofu CLI outside
// terraform-plugin-testing: for the end-to-end tests (internal/e2e), the demo
// (scripts/demo) and release checks. It is the one place that
//
//   - builds the provider binary from a source tree (BuildProvider), so a check
//     can build an older git ref as well as this one;
//   - writes the CLI configuration: dev_overrides for both registries' address
//     of contio/contio, or a filesystem mirror (config.go);
//   - detects which CLI a binary is and its version (Detect, ParseVersion):
//     the CLI version is parsed here and nowhere else in Go;
//   - runs commands with their stdout, stderr and exit code captured, bounded
//     by a timeout, in an environment cleaned of the caller's TF_* and
//     CONTIO_* settings (CleanEnv, Command, Workdir).
//
// # Where terraform-exec serves, and where it cannot
//
// It is built on github.com/hashicorp/terraform-exec, the library
// terraform-plugin-testing drives the CLI with. Workdir.Terraform hands out a
// *tfexec.Terraform configured like the Workdir (same binary, directory,
// CLI configuration and environment) for typed commands with structured
// answers: Init against a filesystem mirror, Show as a *tfjson.State,
// Version's provider selections, Plan's "has changes".
//
// Most of what the tests and the demo do cannot go through it, so Command
// runs the CLI directly for those:
//
//   - Raw exit codes and stderr. The tests assert on `plan -detailed-exitcode`
//     codes and on the exact text of a refused plan; tfexec folds stderr into
//     its error's message and hands stdout only to a writer set for every
//     command, where Command returns the three together.
//   - Arguments it has no option for: `apply -invoke=action.…` (Terraform
//     1.14 actions), and `terraform query -generate-config-out` with the
//     text a user reads (tfexec offers only QueryJSON).
//   - The command the user types. tfexec adds flags of its own (-input=false,
//     -detailed-exitcode, -lock=true, -parallelism=10, ...), so the demo could
//     not show "$ terraform plan" and mean it.
//   - OpenTofu. tfexec reads `version -json`, which does not say whether the
//     binary is Terraform or OpenTofu, and its plain-text fallback matches
//     "Terraform v…" only; its version gates compare OpenTofu's version
//     numbers against Terraform's.
//   - The environment and signals. tfexec forces TF_LOG empty (we keep the
//     caller's TF_LOG for debugging) and refuses TF_INPUT in SetEnv; and it
//     interrupts only the CLI process, where a test also needs Ctrl-C to the
//     whole process group (Process.Interrupt).
package tfcli
