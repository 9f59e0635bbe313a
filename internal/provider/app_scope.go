package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"

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
// the resource at the other app. recordedClient is the client id kept in
// private state (recordedClientID); when there is one it decides, since an
// answer without an id (CONTRACT.md allows that) names no app at all. State
// from earlier provider versions has none: then the ids decide, and app may
// be nil only when recordedClient is set.
func (p *providerData) checkSameApp(stateID types.String, recordedClient string, app *contio.App, typeName string, diags *diag.Diagnostics) bool {
	clientID := p.client.ClientID()
	if recordedClient != "" {
		if recordedClient == clientID {
			return true
		}
		p.addAnotherApp(diags, typeName, fmt.Sprintf("%q (client_id %q)", stateID.ValueString(), recordedClient), clientID)
		return false
	}
	// Without a recorded client id, an answer without an id cannot
	// contradict the recorded one.
	if recordedForClient(stateID, clientID) || app.Omitted.ID || stateID.ValueString() == app.ID {
		return true
	}
	p.addAnotherApp(diags, typeName, fmt.Sprintf("%q", stateID.ValueString()), app.ID)
	return false
}

// addAnotherApp is checkSameApp's refusal; recorded is already quoted.
func (p *providerData) addAnotherApp(diags *diag.Diagnostics, typeName, recorded, current string) {
	diags.AddError(typeName+" belongs to another app",
		fmt.Sprintf("The state records %s for app %s, but the provider's credentials are those of app %q. "+
			"Each app's settings are a separate object: restore the credentials of app %s, or remove the resource from state (%s) and import it for %q.",
			typeName, recorded, current, recorded, p.cliCommand("state rm"), current))
}

// recordedForClient reports whether a resource's recorded id needs no answer
// from Contio to be accepted: none yet, or the provider's client id.
func recordedForClient(stateID types.String, clientID string) bool {
	return !isRecorded(stateID) || stateID.ValueString() == clientID
}

// readForRefresh begins both resources' Read: it returns the app, or nil when
// Read is over. While the provider configuration is unknown the state and
// identity stay as they are (keepAppIdentity: the framework requires an
// identity after every Read); a state recorded for another app is refused
// (checkSameApp). The caller records the app (recordApp) with the state it
// sets.
func (p *providerData) readForRefresh(ctx context.Context, stateID types.String, typeName string, req resource.ReadRequest, resp *resource.ReadResponse) *contio.App {
	if !p.hasClient() {
		resp.Diagnostics.Append(p.keepAppIdentity(ctx, resp.Identity, stateID)...)
		return nil
	}
	recorded := recordedClientID(ctx, req.Private, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return nil
	}
	app := p.readApp(ctx, &resp.Diagnostics)
	if app == nil || !p.checkSameApp(stateID, recorded, app, typeName, &resp.Diagnostics) {
		return nil
	}
	return app
}

// checkWriteTarget refuses a write to a resource that the state records for
// another app: with -refresh=false, Read's check never runs, and a switched
// api_key would change the wrong app. It reads only when neither the private
// client id nor the recorded id is the client id; without a client it
// refuses.
func (p *providerData) checkWriteTarget(ctx context.Context, state tfsdk.State, private privateGetter, typeName string, diags *diag.Diagnostics) bool {
	// Terraform can reach a write with the configuration still unknown, e.g.
	// a destroy in the same apply that replaces what the credentials come
	// from: refuse rather than guess the app.
	if !p.requireClient(diags, "Terraform cannot check which app "+typeName+" belongs to, nor change it", p.applyDependenciesFirst()) {
		return false
	}
	var id types.String
	diags.Append(state.GetAttribute(ctx, path.Root("id"), &id)...)
	recorded := recordedClientID(ctx, private, diags)
	if diags.HasError() {
		return false
	}
	if recorded != "" {
		return p.checkSameApp(id, recorded, nil, typeName, diags)
	}
	if recordedForClient(id, p.client.ClientID()) {
		return true
	}
	app := p.readApp(ctx, diags)
	return app != nil && p.checkSameApp(id, "", app, typeName, diags)
}

// The client id a resource was created, read or imported with is kept in its
// private state: unlike the id (an app id, which answers may omit) it always
// names the credentials' app, and unlike identity every CLI keeps it.
const privateClientIDKey = "client_id"

// privateGetter and privateSetter are the framework's private state
// (*privatestate.ProviderData, an internal type) as requests and responses
// carry it.
type privateGetter interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

type privateSetter interface {
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

// recordedClientID is the client id kept in private, "" when there is none
// (state written before this key existed, or before the first write).
func recordedClientID(ctx context.Context, private privateGetter, diags *diag.Diagnostics) string {
	if private == nil {
		return ""
	}
	raw, d := private.GetKey(ctx, privateClientIDKey)
	diags.Append(d...)
	if len(raw) == 0 || d.HasError() {
		return ""
	}
	var clientID string
	if err := json.Unmarshal(raw, &clientID); err != nil {
		diags.AddError("Unreadable private state", fmt.Sprintf("The %s key of the resource's private state is not a JSON string: %s. Please report this issue to the provider developers.", privateClientIDKey, err))
		return ""
	}
	return clientID
}

// recordApp records which app a resource belongs to, after a read, write or
// import through the provider's credentials: its identity and the client id
// in private state, both the provider's client id.
func (p *providerData) recordApp(ctx context.Context, identity *tfsdk.ResourceIdentity, private privateSetter) diag.Diagnostics {
	diags := setAppIdentity(ctx, identity, p.client.ClientID())
	return append(diags, p.recordClientID(ctx, private)...)
}

// recordClientID keeps the provider's client id in private, after a write
// or read through it. The framework always gives a response private state;
// only a unit test calling the resource directly leaves it nil.
func (p *providerData) recordClientID(ctx context.Context, private privateSetter) diag.Diagnostics {
	if v := reflect.ValueOf(private); !v.IsValid() || (v.Kind() == reflect.Pointer && v.IsNil()) {
		return nil
	}
	raw, err := json.Marshal(p.client.ClientID())
	if err != nil {
		var diags diag.Diagnostics
		diags.AddError("Unable to record the client id", err.Error())
		return diags
	}
	return private.SetKey(ctx, privateClientIDKey, raw)
}
