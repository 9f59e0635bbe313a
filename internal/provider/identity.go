package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/contio/terraform-provider-contio/internal/contio"
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
// client id, which import compares against, even should Contio's answer name
// the app otherwise (their equality is an assumption of the contract). identity
// is nil when Terraform does not support resource identity (before 1.12).
func setAppIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, appID string) diag.Diagnostics {
	if identity == nil {
		return nil
	}
	return identity.Set(ctx, appIdentityModel{ClientID: types.StringValue(appID)})
}

// checkSameApp refuses to refresh a resource recorded for one app through
// credentials of another: without it, Terraform 1.12+ fails with the
// framework's "Unexpected Identity Change" and older CLIs silently retarget
// the resource at the other app.
func checkSameApp(stateID types.String, appID, clientID, typeName string, diags *diag.Diagnostics) bool {
	if recordedForClient(stateID, clientID) || stateID.ValueString() == appID {
		return true
	}
	diags.AddError(typeName+" belongs to another app",
		fmt.Sprintf("The state records %s for app %q, but the provider's credentials are those of app %q. "+
			"Each app's settings are a separate object: restore the credentials of %q, or remove the resource from state (terraform state rm) and import it for %q.",
			typeName, stateID.ValueString(), appID, stateID.ValueString(), appID))
	return false
}

// recordedForClient reports whether a resource's recorded id needs no answer
// from Contio to be accepted: none yet, or the provider's client id.
func recordedForClient(stateID types.String, clientID string) bool {
	id := stateID.ValueString()
	return stateID.IsNull() || stateID.IsUnknown() || id == "" || id == clientID
}

// readForRefresh begins both resources' Read: it returns the app, or nil when
// Read is over. While the provider configuration is unknown the state stays as
// it is, with an identity (the framework requires one after every Read, and
// CLIs before 1.12, or state from before identity, send none); a state
// recorded for another app is refused (checkSameApp).
func (p *providerData) readForRefresh(ctx context.Context, stateID types.String, typeName string, resp *resource.ReadResponse) *contio.App {
	if !p.hasClient() {
		resp.Diagnostics.Append(setAppIdentity(ctx, resp.Identity, stateID.ValueString())...)
		return nil
	}
	app := p.readApp(ctx, &resp.Diagnostics)
	if app == nil || !checkSameApp(stateID, app.ID, p.client.ClientID(), typeName, &resp.Diagnostics) {
		return nil
	}
	return app
}

// checkWriteTarget refuses a write to a resource that the state records for
// another app. Read refuses it on refresh; with -refresh=false (or a target
// that skips the refresh) this is all that stands between a switched api_key
// and a change to the wrong app. It costs a read only when the recorded id is
// not the provider's client id, and that read is shared with the command's
// other reads of the app.
func (p *providerData) checkWriteTarget(ctx context.Context, state tfsdk.State, typeName string, diags *diag.Diagnostics) bool {
	var id types.String
	diags.Append(state.GetAttribute(ctx, path.Root("id"), &id)...)
	if diags.HasError() {
		return false
	}
	if recordedForClient(id, p.client.ClientID()) {
		return true
	}
	app := p.readApp(ctx, diags)
	return app != nil && checkSameApp(id, app.ID, p.client.ClientID(), typeName, diags)
}
