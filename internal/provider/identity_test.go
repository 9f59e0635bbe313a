package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	fwresource "github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/contio/terraform-provider-contio/internal/contio"
	"github.com/contio/terraform-provider-contio/internal/emulator"
	"github.com/contio/terraform-provider-contio/internal/emulator/emulatortest"
)

// Both resources carry the app's client id as their identity, and import by
// identity (Terraform 1.12+, OpenTofu 1.12) checks it like import by id.
func TestAccIdentity_importByIdentity(t *testing.T) {
	env := newAccEnv(t, emulator.AppSpec{})
	cfg := env.config(statusConfig(true, "deliver") + filterConfig("include", "meeting.created", "participant.added"))
	// Contio never returns pending_disposition, so an import leaves it null: a
	// configuration without it imports as a no-op.
	importCfg := env.config(statusConfig(true, "") + filterConfig("include", "meeting.created", "participant.added"))
	clientID := map[string]knownvalue.Check{"client_id": knownvalue.StringExact(env.creds.ClientID)}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		ProtoV6ProviderFactories: factories(nil),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(statusAddr, clientID),
					statecheck.ExpectIdentity(filterAddr, clientID),
					statecheck.ExpectIdentityValueMatchesStateAtPath(filterAddr, tfjsonpath.New("client_id"), tfjsonpath.New("id")),
				},
			},
			{
				ResourceName:    statusAddr,
				Config:          importCfg,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
			},
			{
				ResourceName:    filterAddr,
				Config:          cfg,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
			},
		},
	})
}

func TestAccIdentity_otherAppIsRefused(t *testing.T) {
	env := newAccEnv(t, emulator.AppSpec{WebhookFilter: &contio.WebhookFilter{Type: contio.FilterInclude, Events: []string{"meeting.created"}}})
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		ProtoV6ProviderFactories: factories(nil),
		Steps: []resource.TestStep{{
			Config: env.config(filterConfig("include", "meeting.created") + `
import {
  to       = contio_webhook_filter.this
  identity = { client_id = "app_someone_else" }
}
`),
			ExpectError: regexp.MustCompile(`(?s)Cannot import contio_webhook_filter.*identity client_id\s+"app_someone_else"`),
		}},
	})
}

// Import needs a known provider configuration: with credentials from a
// resource not yet created, an import block fails clearly instead of planning
// invented values (terraform import refuses such a configuration by itself).
func TestAccImport_unknownProviderConfiguration(t *testing.T) {
	env := newAccEnv(t, emulator.AppSpec{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(nil),
		Steps: []resource.TestStep{{
			Config:          env.unknownCredentialsConfig(statusConfig(true, "deliver")),
			ResourceName:    statusAddr,
			ImportState:     true,
			ImportStateKind: resource.ImportBlockWithID,
			ImportStateId:   env.creds.ClientID,
			ExpectError:     regexp.MustCompile(`(?s)Contio provider not configured.*not known yet.*cannot\s+import\s+contio_webhook_status`),
		}},
	})
}

// Where Contio's app id differs from the client id, both resources go through
// their whole life on every CLI without an error or a diff: id is the app id
// Contio answers, writes still find their app, and imports take the client id.
func TestAccAppIDDiffers_lifecycle(t *testing.T) {
	env := newAccEnv(t, emulator.AppSpec{AppID: appIDOtherThanClient})
	filter := filterConfig("include", "meeting.created")
	update := func(action plancheck.ResourceActionType, addr string) resource.ConfigPlanChecks {
		return resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, action)}}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(nil),
		CheckDestroy:             func(*terraform.State) error { return noFilter(env.state(t)) },
		Steps: []resource.TestStep{
			{
				Config: env.config(statusConfig(true, "deliver") + filter),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(statusAddr, tfjsonpath.New("id"), knownvalue.StringExact(appIDOtherThanClient)),
					statecheck.ExpectKnownValue(filterAddr, tfjsonpath.New("id"), knownvalue.StringExact(appIDOtherThanClient)),
				},
			},
			{
				// Only the disposition: no API call, and no identity change.
				Config:           env.config(statusConfig(true, "abandon") + filter),
				ConfigPlanChecks: update(plancheck.ResourceActionUpdate, statusAddr),
			},
			{
				Config:           env.config(statusConfig(true, "abandon") + filterConfig("exclude", "meeting.updated")),
				ConfigPlanChecks: update(plancheck.ResourceActionUpdate, filterAddr),
				Check:            env.checkEmulator(t, wantFilter(contio.FilterExclude, "meeting.updated")),
			},
			{
				Config: env.config(statusConfig(false, "abandon") + filterConfig("exclude", "meeting.updated")),
				Check:  env.checkEmulator(t, wantEnabled(false)),
			},
			{
				Config: env.config(statusConfig(true, "deliver") + filter),
				Check:  env.checkEmulator(t, wantEnabled(true)),
			},
			{Config: env.triggeredCredentialsConfig("1", statusConfig(true, "deliver")+filter)},
			{Config: env.triggeredCredentialsConfig("2", statusConfig(true, "deliver")+filter)},
			{
				// Contio never returns pending_disposition: an import leaves it null.
				Config:          env.config(statusConfig(true, "") + filter),
				ResourceName:    statusAddr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				ImportStateId:   env.creds.ClientID,
			},
			{
				Config:          env.config(statusConfig(true, "deliver") + filter),
				ResourceName:    filterAddr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				ImportStateId:   env.creds.ClientID,
			},
		},
	})
}

// The identity is the client id at every step where Contio's app id differs
// from it: create, a change of the disposition alone (once "Unexpected
// Identity Change", from the app id), a filter change, a refresh while the
// provider configuration is unknown, and import by identity.
func TestAccIdentity_appIDDiffers(t *testing.T) {
	env := newAccEnv(t, emulator.AppSpec{AppID: appIDOtherThanClient})
	clientID := map[string]knownvalue.Check{"client_id": knownvalue.StringExact(env.creds.ClientID)}
	identities := []statecheck.StateCheck{statecheck.ExpectIdentity(statusAddr, clientID), statecheck.ExpectIdentity(filterAddr, clientID)}
	cfg := func(disposition string, events ...string) string {
		return env.config(statusConfig(true, disposition) + filterConfig("include", events...))
	}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		ProtoV6ProviderFactories: factories(nil),
		Steps: []resource.TestStep{
			{Config: cfg("deliver", "meeting.created"), ConfigStateChecks: identities},
			{Config: cfg("abandon", "meeting.created"), ConfigStateChecks: identities},
			{Config: cfg("abandon", "meeting.created", "participant.added"), ConfigStateChecks: identities},
			{Config: env.triggeredCredentialsConfig("1", statusConfig(true, "abandon")+filterConfig("include", "meeting.created", "participant.added"))},
			{
				Config:            env.triggeredCredentialsConfig("2", statusConfig(true, "abandon")+filterConfig("include", "meeting.created", "participant.added")),
				ConfigStateChecks: identities,
			},
			{
				Config:          env.config(statusConfig(true, "") + filterConfig("include", "meeting.created", "participant.added")),
				ResourceName:    statusAddr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
			},
			{
				Config:          cfg("abandon", "meeting.created", "participant.added"),
				ResourceName:    filterAddr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
			},
		},
	})
}

// While the provider configuration is unknown, a Read (or a write that sends
// nothing) keeps the identity Terraform recorded; without one, it uses the
// configured client id when known, and only then the recorded id.
func TestKeepAppIdentity(t *testing.T) {
	ctx := t.Context()
	var ir fwresource.IdentitySchemaResponse
	(&webhookStatusResource{}).IdentitySchema(ctx, fwresource.IdentitySchemaRequest{}, &ir)
	typ := ir.IdentitySchema.Type().TerraformType(ctx)
	identity := func(clientID *string) *tfsdk.ResourceIdentity {
		raw := tftypes.NewValue(typ, nil)
		if clientID != nil {
			raw = tftypes.NewValue(typ, map[string]tftypes.Value{"client_id": tftypes.NewValue(tftypes.String, *clientID)})
		}
		return &tfsdk.ResourceIdentity{Schema: ir.IdentitySchema, Raw: raw}
	}
	tests := []struct {
		name       string
		recorded   *string
		configured string
		want       string
	}{
		{"the recorded identity stays", ptr("cl_42"), "cl_other", "cl_42"},
		{"without one, the configured client id", nil, "cl_42", "cl_42"},
		{"without either, the recorded id", nil, "", appIDOtherThanClient},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id := identity(tt.recorded)
			diags := (&providerData{clientID: tt.configured}).keepAppIdentity(ctx, id, types.StringValue(appIDOtherThanClient))
			var got appIdentityModel
			diags.Append(id.Get(ctx, &got)...)
			if diags.HasError() || got.ClientID.ValueString() != tt.want {
				t.Errorf("identity = %q, want %q (%v)", got.ClientID.ValueString(), tt.want, diags)
			}
		})
	}
	if diags := (&providerData{}).keepAppIdentity(ctx, nil, types.StringValue("x")); diags.HasError() {
		t.Errorf("no identity support: %v", diags)
	}

	// With a client, setIdentity writes its client id over whatever the
	// identity held; without one, it keeps what the identity holds.
	client, err := contio.New("https://api.contio.ai", "cl_42", "key")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		data       *providerData
		held, want string
	}{
		{&providerData{client: client}, "cl_earlier", "cl_42"},
		{&providerData{}, "cl_earlier", "cl_earlier"},
	} {
		id := identity(ptr(tt.held))
		diags := tt.data.setIdentity(ctx, id, types.StringValue(appIDOtherThanClient))
		var got appIdentityModel
		diags.Append(id.Get(ctx, &got)...)
		if diags.HasError() || got.ClientID.ValueString() != tt.want {
			t.Errorf("setIdentity (client %t) over %q = %q, want %q (%v)", tt.data.client != nil, tt.held, got.ClientID.ValueString(), tt.want, diags)
		}
	}
}

// The filter's warning on creating over an existing filter advises an import
// by the client id, the one import accepts, not by the app id it shows.
func TestFilterReplaceWarningImportsByClientID(t *testing.T) {
	ctx := t.Context()
	var sr fwresource.SchemaResponse
	(&webhookFilterResource{}).Schema(ctx, fwresource.SchemaRequest{}, &sr)
	typ := sr.Schema.Type().TerraformType(ctx)
	srv := emulatortest.Start(t, emulator.Options{})
	creds := srv.NewApp(t, emulator.AppSpec{AppID: appIDOtherThanClient,
		WebhookFilter: &contio.WebhookFilter{Type: contio.FilterInclude, Events: []string{"meeting.created"}}})
	plan := tftypes.NewValue(typ, map[string]tftypes.Value{
		"id":     tftypes.NewValue(tftypes.String, tftypes.UnknownValue),
		"type":   tftypes.NewValue(tftypes.String, "include"),
		"events": tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, []tftypes.Value{tftypes.NewValue(tftypes.String, "meeting.updated")}),
	})
	r := &webhookFilterResource{data: &providerData{client: srv.Client(t, creds), catalog: newEventCatalog(nil)}}
	resp := modifyPlan(ctx, r, sr.Schema, tftypes.NewValue(typ, nil), plan)
	ws := resp.Diagnostics.Warnings()
	if len(ws) != 1 || !strings.Contains(ws[0].Detail(), fmt.Sprintf("id = %q", creds.ClientID)) || strings.Contains(ws[0].Detail(), fmt.Sprintf("id = %q", appIDOtherThanClient)) {
		t.Errorf("warnings = %v, want one advising id = %q", ws, creds.ClientID)
	}
}
