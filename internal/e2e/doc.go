// Package e2e holds end-to-end tests that drive the real Terraform or OpenTofu
// CLI (TF_ACC_TERRAFORM_PATH) with the provider binary built from this tree,
// installed through dev_overrides, against an in-process Contio emulator; and
// the scripts shipped for users, such as examples/ci/drift-check.sh. The tests
// run only with TF_ACC=1, like the provider's acceptance tests. Everything is
// in _test.go files: this file only documents the package.
package e2e
