package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/contio/terraform-provider-contio/internal/contio"
)

// importAppScoped imports a resource whose id is the app id. The Partner API
// only ever manages the app the credentials belong to, so importing another
// id would silently adopt the wrong app: that is an error instead.
func importAppScoped(ctx context.Context, client *contio.Client, typeName string, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if client != nil && req.ID != client.ClientID() {
		resp.Diagnostics.AddError("Cannot import "+typeName,
			fmt.Sprintf("The import id %q is not the app of the configured credentials (client_id %q). "+
				"The Contio Partner API manages only the app its credentials belong to: import with id %q, "+
				"or configure the provider with that app's client_id and api_key.", req.ID, client.ClientID(), client.ClientID()))
		return
	}
	resource.ImportStatePassthroughID(ctx, path.Root("id"), req, resp)
}
