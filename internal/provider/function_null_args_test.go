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
