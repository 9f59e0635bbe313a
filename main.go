// Command terraform-provider-contio serves the Contio provider to Terraform.
package main

import (
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

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

	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	err := tf6server.Serve("registry.terraform.io/contio/contio", provider.Server(provider.New(version)), opts...)
	if err != nil {
		log.Fatal(err)
	}
}
