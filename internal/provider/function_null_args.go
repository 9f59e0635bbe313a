package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// Server serves newProvider's provider over protocol 6, as
// providerserver.NewProtocol6 does, but
// mends function arguments that OpenTofu (1.12 at least) sends for null as an
// empty DynamicValue, which the framework refuses ("DynamicValue had no JSON
// or msgpack data set"): provider::contio::delivers takes null for "no filter".
func Server(newProvider func() provider.Provider) func() tfprotov6.ProviderServer {
	return func() tfprotov6.ProviderServer {
		return nullArgsServer{providerserver.NewProtocol6(newProvider())()}
	}
}

type nullArgsServer struct{ tfprotov6.ProviderServer }

// msgpackNil is MessagePack's nil, which decodes to null of any type.
var msgpackNil = []byte{0xc0}

func (s nullArgsServer) CallFunction(ctx context.Context, req *tfprotov6.CallFunctionRequest) (*tfprotov6.CallFunctionResponse, error) {
	if req != nil {
		for i, a := range req.Arguments {
			if a == nil || (len(a.MsgPack) == 0 && len(a.JSON) == 0) {
				req.Arguments[i] = &tfprotov6.DynamicValue{MsgPack: msgpackNil}
			}
		}
	}
	return s.ProviderServer.CallFunction(ctx, req)
}
