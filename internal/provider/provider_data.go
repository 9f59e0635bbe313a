package provider

import (
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
