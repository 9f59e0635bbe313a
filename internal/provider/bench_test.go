package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/contio/terraform-provider-contio/internal/contio"
	"github.com/contio/terraform-provider-contio/internal/emulator"
	"github.com/contio/terraform-provider-contio/internal/emulator/emulatortest"
)

// BenchmarkPlanPath is the provider's side of one `terraform plan` of an app
// holding the given number of contio objects: a contio_webhook_status and a
// contio_webhook_filter refreshed and planned, the rest contio_app data
// sources read. Each iteration configures the provider anew, as every
// terraform command does. It reports Partner API requests per plan, so a
// regression in API economy shows up as a number: one app read whatever the
// object count.
func BenchmarkPlanPath(b *testing.B) {
	for _, objects := range []int{1, 10, 50} {
		b.Run(fmt.Sprintf("objects=%d", objects), func(b *testing.B) {
			srv := emulatortest.Start(b, emulator.Options{})
			creds := srv.NewApp(b, emulator.AppSpec{WebhookFilter: &contio.WebhookFilter{
				Type: contio.FilterInclude, Events: []string{"meeting.created", "meeting.completed"},
			}})
			client := srv.Client(b, creds)
			plan := newPlanPath(b, creds.ClientID)
			srv.ResetRequestCounts()
			b.ReportAllocs()
			for b.Loop() {
				plan.run(b, &providerData{client: client, catalog: newEventCatalog(nil)}, objects)
			}
			total := 0
			for _, n := range srv.RequestCounts() {
				total += n
			}
			b.ReportMetric(float64(total)/float64(b.N), "requests/op")
		})
	}
}

// planPath holds the schemas and prior states of the benchmark's objects.
type planPath struct {
	status, filter             tfsdk.State
	statusSchema, filterSchema resource.SchemaResponse
	dsSchema                   datasource.SchemaResponse
}

func newPlanPath(b *testing.B, clientID string) *planPath {
	ctx := b.Context()
	p := &planPath{}
	(&webhookStatusResource{}).Schema(ctx, resource.SchemaRequest{}, &p.statusSchema)
	(&webhookFilterResource{}).Schema(ctx, resource.SchemaRequest{}, &p.filterSchema)
	(&appDataSource{}).Schema(ctx, datasource.SchemaRequest{}, &p.dsSchema)
	p.status = tfsdk.State{Schema: p.statusSchema.Schema, Raw: tftypes.NewValue(p.statusSchema.Schema.Type().TerraformType(ctx), map[string]tftypes.Value{
		"id":                  tftypes.NewValue(tftypes.String, clientID),
		"enabled":             tftypes.NewValue(tftypes.Bool, true),
		"pending_disposition": tftypes.NewValue(tftypes.String, "deliver"),
	})}
	p.filter = tfsdk.State{Schema: p.filterSchema.Schema, Raw: tftypes.NewValue(p.filterSchema.Schema.Type().TerraformType(ctx), map[string]tftypes.Value{
		"id":   tftypes.NewValue(tftypes.String, clientID),
		"type": tftypes.NewValue(tftypes.String, "include"),
		"events": tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, []tftypes.Value{
			tftypes.NewValue(tftypes.String, "meeting.created"), tftypes.NewValue(tftypes.String, "meeting.completed"),
		}),
	})}
	return p
}

// run is one plan: refresh and plan both resources, read the data sources.
func (p *planPath) run(b *testing.B, data *providerData, objects int) {
	ctx := b.Context()
	status, filter := &webhookStatusResource{data: data}, &webhookFilterResource{data: data}
	for i := range objects {
		switch i {
		case 0:
			read := resource.ReadResponse{State: p.status}
			status.Read(ctx, resource.ReadRequest{State: p.status}, &read)
			plan := resource.ModifyPlanResponse{Plan: tfsdk.Plan(read.State)}
			status.ModifyPlan(ctx, resource.ModifyPlanRequest{State: read.State, Plan: tfsdk.Plan(read.State), Config: tfsdk.Config(read.State)}, &plan)
			check(b, read.Diagnostics, plan.Diagnostics)
		case 1:
			read := resource.ReadResponse{State: p.filter}
			filter.Read(ctx, resource.ReadRequest{State: p.filter}, &read)
			plan := resource.ModifyPlanResponse{Plan: tfsdk.Plan(read.State)}
			filter.ModifyPlan(ctx, resource.ModifyPlanRequest{State: read.State, Plan: tfsdk.Plan(read.State), Config: tfsdk.Config(read.State)}, &plan)
			check(b, read.Diagnostics, plan.Diagnostics)
		default:
			ds := &appDataSource{data: data}
			read := datasource.ReadResponse{State: tfsdk.State{Schema: p.dsSchema.Schema, Raw: tftypes.NewValue(p.dsSchema.Schema.Type().TerraformType(ctx), nil)}}
			ds.Read(ctx, datasource.ReadRequest{}, &read)
			check(b, read.Diagnostics)
		}
	}
}

func check(b *testing.B, diags ...interface{ HasError() bool }) {
	for _, d := range diags {
		if d.HasError() {
			b.Fatalf("%v", d)
		}
	}
}
