// Command serve runs the do-nothing provider as a plugin, for the CLI
// start-up benchmark.
package main

import (
	"context"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/contio/terraform-provider-contio/internal/e2e/testdata/noopprovider"
)

func main() {
	err := providerserver.Serve(context.Background(), noopprovider.New, providerserver.ServeOpts{
		Address: "registry.terraform.io/contio/contio",
	})
	if err != nil {
		log.Fatal(err)
	}
}
