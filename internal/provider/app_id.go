package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/contio/terraform-provider-contio/internal/contio"
)

// Contio's app id does not change; only whether an answer carries it does
// (CONTRACT.md lets Contio omit it). So a resource's recorded id changes only
// when an answer names the app otherwise, never because one answer omits it.

// isRecorded reports whether id holds an app id.
func isRecorded(id types.String) bool {
	return !id.IsNull() && !id.IsUnknown() && id.ValueString() != ""
}

// appIDAfter is the id to record after a read or create answered app: the id
// the answer carries, else the one recorded before, else the client id (the
// answer's fallback).
func appIDAfter(recorded types.String, app *contio.App) types.String {
	if app.Omitted.ID && isRecorded(recorded) {
		return recorded
	}
	return types.StringValue(app.ID)
}

// appIDAfterUpdate is the id to record after an update: the recorded one,
// whatever the answer says, since Terraform planned it unchanged
// (UseStateForUnknown) and any other would be an inconsistent result.
func appIDAfterUpdate(recorded types.String, app *contio.App) types.String {
	if isRecorded(recorded) {
		return recorded
	}
	return appIDAfter(recorded, app)
}

// answeredAppID is the id app's answer carried, null when it had none.
func answeredAppID(app *contio.App) types.String {
	if app.Omitted.ID {
		return types.StringNull()
	}
	return types.StringValue(app.ID)
}
