// Command terraform-provider-contio serves the Contio provider to Terraform.
package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/contio/terraform-provider-contio/internal/provider"
)

// Generate the registry docs: `go generate ./...` (needs a terraform binary;
// scripts/install-tools.sh puts one in .tools/bin).
//go:generate go tool -modfile=tools/go.mod tfplugindocs generate --provider-name contio

// version is set by goreleaser through -ldflags.
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: "registry.terraform.io/contio/contio",
		Debug:   debug,
	})
	if err != nil {
		log.Fatal(err)
	}
}
