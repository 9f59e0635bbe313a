package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// importAppScoped imports a resource by the app's client id, its identity;
// Read then records the app id as id. Another id would adopt the wrong app,
// since the credentials manage only their own, so it is an error; so is an
// import while the provider configuration is unknown.
func importAppScoped(ctx context.Context, data *providerData, typeName string, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if !data.requireClient(&resp.Diagnostics, "Terraform cannot import "+typeName+": it can neither check that the import id is the configured app nor read its settings",
		data.applyDependenciesFirst()) {
		return
	}
	// An import block gives either an id or an identity (client_id).
	requested, what := req.ID, "import id"
	if requested == "" && req.Identity != nil {
		var ident appIdentityModel
		resp.Diagnostics.Append(req.Identity.Get(ctx, &ident)...)
		if resp.Diagnostics.HasError() {
			return
		}
		requested, what = ident.ClientID.ValueString(), "identity client_id"
	}
	if id := data.client.ClientID(); requested != id {
		resp.Diagnostics.AddError("Cannot import "+typeName,
			fmt.Sprintf("The %s %q is not the app of the configured credentials, whose client_id is %q. "+
				"The Contio Partner API manages only the app its credentials belong to, and its resources are imported by that client_id (even where the app id Contio shows differs): import with %q, "+
				"or configure the provider with that app's client_id and api_key.", what, requested, id, id))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), requested)...)
	resp.Diagnostics.Append(data.recordApp(ctx, resp.Identity, resp.Private)...)
}
