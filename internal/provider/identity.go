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

// setAppIdentity records the identity of the app's resource: the provider's
// client id, which import compares against. It is never Contio's app id: the
// contract only assumes the two are equal, and an identity that followed the
// app id would change under the user wherever they differ ("Unexpected
// Identity Change"). identity is nil when Terraform does not support resource
// identity (before 1.12).
func setAppIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, clientID string) diag.Diagnostics {
	if identity == nil {
		return nil
	}
	return identity.Set(ctx, appIdentityModel{ClientID: types.StringValue(clientID)})
}

// setIdentity sets the identity of a write or read: the provider's client id,
// or while the configuration is unknown (so there is no client) the identity
// kept by keepAppIdentity.
func (p *providerData) setIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, stateID types.String) diag.Diagnostics {
	if p.hasClient() {
		return setAppIdentity(ctx, identity, p.client.ClientID())
	}
	return p.keepAppIdentity(ctx, identity, stateID)
}

// keepAppIdentity is the identity of a Read that cannot ask Contio, while the
// provider configuration is unknown: the one Terraform recorded, unchanged.
// Without one (CLIs before 1.12, or state written before identity) it is the
// configured client id when that is known, else the recorded id, the best
// guess left (equal to the client id as the contract assumes).
func (p *providerData) keepAppIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, stateID types.String) diag.Diagnostics {
	if identity == nil || !identity.Raw.IsFullyNull() {
		return nil
	}
	id := stateID.ValueString()
	if p != nil && p.clientID != "" {
		id = p.clientID
	}
	return setAppIdentity(ctx, identity, id)
}
