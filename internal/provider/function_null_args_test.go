package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// OpenTofu sends a null argument as an empty DynamicValue: the server reads
// it as null, so delivers(null, ...) answers instead of failing.
func TestServerMendsOpenTofuNullArguments(t *testing.T) {
	eventType, err := tfprotov6.NewDynamicValue(tftypes.String, tftypes.NewValue(tftypes.String, "meeting.created"))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := Server(New("test"))().CallFunction(t.Context(), &tfprotov6.CallFunctionRequest{
		Name:      "delivers",
		Arguments: []*tfprotov6.DynamicValue{{}, &eventType},
	})
	if err != nil {
		t.Fatal(err)
	}
	if resp.Error != nil {
		t.Fatalf("function error: %s", resp.Error.Text)
	}
	got, err := resp.Result.Unmarshal(tftypes.Bool)
	if err != nil {
		t.Fatal(err)
	}
	var delivered bool
	if err := got.As(&delivered); err != nil || !delivered {
		t.Errorf("delivers(null, meeting.created) = %v (%v), want true", got, err)
	}
}

// tf6server finds actions and list resources by type assertion: the wrapper
// must not hide them ("ValidateActionConfig Not Implemented" on Terraform 1.14+).
func TestServerServesActionsAndListResources(t *testing.T) {
	s := Server(New("test"))()
	if _, ok := s.(tfprotov6.ListResourceServer); !ok {
		t.Errorf("%T does not serve list resources", s)
	}
	actions, ok := s.(tfprotov6.ActionServer)
	if !ok {
		t.Fatalf("%T does not serve actions", s)
	}
	resp, err := actions.ValidateActionConfig(t.Context(), &tfprotov6.ValidateActionConfigRequest{ActionType: "contio_webhook_reenable"})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range resp.Diagnostics {
		if d.Summary == "Provider ValidateActionConfig Not Implemented" {
			t.Errorf("ValidateActionConfig: %s", d.Summary)
		}
	}
}
