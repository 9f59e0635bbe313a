package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Both resources are one per app, so the app's client id identifies them:
// `import { to = ..., identity = { client_id = "..." } }` (Terraform 1.12 and
// later, OpenTofu 1.12) and `terraform query` results use it.

// appIdentitySchema is the identity schema of both resources.
func appIdentitySchema(resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"client_id": identityschema.StringAttribute{
				RequiredForImport: true,
				Description:       "The app's client id: the provider's client_id, since the Partner API manages only the credentials' own app.",
			},
		},
	}
}

// appIdentityModel is the identity of both resources.
type appIdentityModel struct {
	ClientID types.String `tfsdk:"client_id"`
}

// setAppIdentity records the identity of the app's resource. identity is nil
// when Terraform does not support resource identity (before 1.12).
func setAppIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, appID string) diag.Diagnostics {
	if identity == nil {
		return nil
	}
	return identity.Set(ctx, appIdentityModel{ClientID: types.StringValue(appID)})
}
