package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/contio/terraform-provider-contio/internal/contio"
)

// providerData is what Configure hands every resource and data source.
type providerData struct {
	client *contio.Client
}

// clientFrom unpacks the provider data of a resource or data source's
// Configure call. It returns nil, without a diagnostic, before the provider is
// configured (Terraform calls Configure early) and when the provider's
// configuration is not known yet.
func clientFrom(data any, kind string, diags *diag.Diagnostics) *contio.Client {
	if data == nil {
		return nil
	}
	pd, ok := data.(*providerData)
	if !ok {
		diags.AddError(
			"Unexpected "+kind+" Configure Type",
			fmt.Sprintf("Expected *provider.providerData, got: %T. Please report this issue to the provider developers.", data),
		)
		return nil
	}
	return pd.client
}

// readApp reads the app, reporting a failure the same way wherever Terraform
// reads it (refresh, plan checks, create, the data source). Nil means the
// diagnostic is added.
func readApp(ctx context.Context, c *contio.Client, diags *diag.Diagnostics) *contio.App {
	app, err := c.GetApp(ctx)
	if err != nil {
		addAPIError(diags, "Unable to read Contio app", err)
		return nil
	}
	return app
}
