package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// TestWebhookEventTypesCredentials: what the data source's docs say about
// credentials is what the provider does. Unknown credentials configure the
// provider without a client, and the catalog is there to read; missing ones
// fail the provider's Configure, so nothing is read.
func TestWebhookEventTypesCredentials(t *testing.T) {
	ctx := t.Context()
	p := NewWithEnv("test", func(string) string { return "" })()
	var sr provider.SchemaResponse
	p.Schema(ctx, provider.SchemaRequest{}, &sr)
	typ, ok := sr.Schema.Type().TerraformType(ctx).(tftypes.Object)
	if !ok {
		t.Fatal("the provider schema is not an object")
	}
	configure := func(credentials any) *provider.ConfigureResponse {
		vals := map[string]tftypes.Value{}
		for name, at := range typ.AttributeTypes {
			vals[name] = tftypes.NewValue(at, nil)
		}
		vals["client_id"] = tftypes.NewValue(tftypes.String, credentials)
		vals["api_key"] = tftypes.NewValue(tftypes.String, credentials)
		resp := &provider.ConfigureResponse{}
		p.Configure(ctx, provider.ConfigureRequest{Config: tfsdk.Config{Schema: sr.Schema, Raw: tftypes.NewValue(typ, vals)}}, resp)
		return resp
	}

	unknown := configure(tftypes.UnknownValue)
	if unknown.Diagnostics.HasError() {
		t.Fatalf("unknown credentials failed Configure: %v", unknown.Diagnostics)
	}
	if data, ok := unknown.DataSourceData.(*providerData); !ok || data.catalog == nil || data.client != nil {
		t.Errorf("unknown credentials: data source data %#v, want a catalog and no client", unknown.DataSourceData)
	}
	if missing := configure(nil); !missing.Diagnostics.HasError() {
		t.Error("missing credentials configured the provider")
	}

	var dr datasource.SchemaResponse
	(&webhookEventTypesDataSource{}).Schema(ctx, datasource.SchemaRequest{}, &dr)
	for _, want := range []string{"It makes no API call", "reads even while the provider's credentials are unknown", "missing credentials fail the provider's configuration"} {
		if !strings.Contains(dr.Schema.MarkdownDescription, want) {
			t.Errorf("the description lacks %q: %s", want, dr.Schema.MarkdownDescription)
		}
	}
}
