package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/contio/terraform-provider-contio/internal/contio"
)

// The Partner API manages only the app its credentials belong to; these
// checks keep a resource recorded for one app from being read or changed
// through another's credentials.

// checkSameApp refuses to refresh a resource recorded for one app through
// credentials of another: without it, Terraform 1.12+ fails with the
// framework's "Unexpected Identity Change" and older CLIs silently retarget
// the resource at the other app.
func (p *providerData) checkSameApp(stateID types.String, app *contio.App, typeName string, diags *diag.Diagnostics) bool {
	// An answer without an id cannot contradict the recorded one.
	appID, clientID := app.ID, p.client.ClientID()
	if recordedForClient(stateID, clientID) || app.Omitted.ID || stateID.ValueString() == appID {
		return true
	}
	diags.AddError(typeName+" belongs to another app",
		fmt.Sprintf("The state records %s for app %q, but the provider's credentials are those of app %q. "+
			"Each app's settings are a separate object: restore the credentials of %q, or remove the resource from state (%s) and import it for %q.",
			typeName, stateID.ValueString(), appID, stateID.ValueString(), p.cliCommand("state rm"), appID))
	return false
}

// recordedForClient reports whether a resource's recorded id needs no answer
// from Contio to be accepted: none yet, or the provider's client id.
func recordedForClient(stateID types.String, clientID string) bool {
	id := stateID.ValueString()
	return stateID.IsNull() || stateID.IsUnknown() || id == "" || id == clientID
}

// readForRefresh begins both resources' Read: it returns the app, or nil when
// Read is over. While the provider configuration is unknown the state and
// identity stay as they are (keepAppIdentity: the framework requires an
// identity after every Read); a state recorded for another app is refused
// (checkSameApp).
func (p *providerData) readForRefresh(ctx context.Context, stateID types.String, typeName string, resp *resource.ReadResponse) *contio.App {
	if !p.hasClient() {
		resp.Diagnostics.Append(p.keepAppIdentity(ctx, resp.Identity, stateID)...)
		return nil
	}
	app := p.readApp(ctx, &resp.Diagnostics)
	if app == nil || !p.checkSameApp(stateID, app, typeName, &resp.Diagnostics) {
		return nil
	}
	return app
}

// checkWriteTarget refuses a write to a resource that the state records for
// another app: with -refresh=false, Read's check never runs, and a switched
// api_key would change the wrong app. It reads only when the recorded id is
// not the client id; without a client it refuses.
func (p *providerData) checkWriteTarget(ctx context.Context, state tfsdk.State, typeName string, diags *diag.Diagnostics) bool {
	// Terraform can reach a write with the configuration still unknown, e.g.
	// a destroy in the same apply that replaces what the credentials come
	// from: refuse rather than guess the app.
	if !p.requireClient(diags, "Terraform cannot check which app "+typeName+" belongs to, nor change it", p.applyDependenciesFirst()) {
		return false
	}
	var id types.String
	diags.Append(state.GetAttribute(ctx, path.Root("id"), &id)...)
	if diags.HasError() {
		return false
	}
	if recordedForClient(id, p.client.ClientID()) {
		return true
	}
	app := p.readApp(ctx, diags)
	return app != nil && p.checkSameApp(id, app, typeName, diags)
}
