package provider

import (
	"context"
	"fmt"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/contio/terraform-provider-contio/internal/contio"
)

// providerData is what Configure hands every resource and data source: what
// one provider configuration knows, and the reads it has already made.
type providerData struct {
	// client is nil while the provider's credentials or settings are unknown
	// (they may come from another resource); the plan then proceeds without
	// reading Contio, and Contio checks the change at apply time.
	client *contio.Client
	// clientID is the configured client id whenever it is known, also while
	// client is nil because another setting is unknown: it is the resources'
	// identity (keepAppIdentity).
	clientID string
	// catalog is nil while additional_event_types is unknown.
	catalog *eventCatalog
	app     appCache

	// backlogMu guards backlog, the pending deliveries counted once per
	// provider configuration: a re-enable's plan warning needs it, and
	// Terraform plans the resource again at apply.
	backlogMu sync.Mutex
	backlog   *contio.DeliveryCount
}

// providerDataFrom unpacks the provider data of a resource or data source's
// Configure call. It returns nil, without a diagnostic, before the provider is
// configured (Terraform calls Configure early).
func providerDataFrom(data any, kind string, diags *diag.Diagnostics) *providerData {
	if data == nil {
		return nil
	}
	pd, ok := data.(*providerData)
	if !ok {
		diags.AddError(
			"Unexpected "+kind+" Configure Type",
			fmt.Sprintf("Expected *provider.providerData, got: %T. Please report this issue to the provider developers.", data),
		)
		return nil
	}
	return pd
}

// hasClient reports whether the provider configuration is known, so Contio can
// be called.
func (p *providerData) hasClient() bool { return p != nil && p.client != nil }

// readApp reads the app once per provider configuration (see appCache),
// reporting a failure the same way wherever Terraform reads it (refresh, plan
// checks, create, the data source). Nil means the diagnostic is added.
func (p *providerData) readApp(ctx context.Context, diags *diag.Diagnostics) *contio.App {
	app, err := p.app.get(ctx, p.client.GetApp)
	if err != nil {
		addAPIError(diags, "Unable to read Contio app", err)
		return nil
	}
	return app
}

// write runs a write through the app cache (see appCache.write). A write
// also drops the counted backlog: it may have re-enabled or disabled delivery.
func (p *providerData) write(do func() (*contio.App, error)) (*contio.App, error) {
	p.backlogMu.Lock()
	p.backlog = nil
	p.backlogMu.Unlock()
	return p.app.write(do)
}

// pendingBacklog counts the pending deliveries, at most
// contio.BacklogCountPages requests, once per provider configuration.
func (p *providerData) pendingBacklog(ctx context.Context) (contio.DeliveryCount, error) {
	p.backlogMu.Lock()
	defer p.backlogMu.Unlock()
	if p.backlog != nil {
		return *p.backlog, nil
	}
	n, err := p.client.CountWebhookDeliveries(ctx, contio.DeliveryPending, contio.BacklogCountPages)
	if err != nil {
		return n, err
	}
	p.backlog = &n
	return n, nil
}

// unknownConfigReadDetail explains why a data source that calls Contio cannot
// be read while the provider configuration is unknown, and how to proceed.
// Resources plan without Contio then; a data source cannot, since Terraform
// needs its values known once it is read.
func unknownConfigReadDetail(typeName string) string {
	return "The provider's client_id, api_key or another setting is not known yet (it comes from a value Terraform learns only at apply), so " +
		typeName + " cannot be read now. Either make the settings known at plan time (for example through the CONTIO_* environment variables), " +
		"or add depends_on to the data block, naming what the provider configuration depends on: Terraform then reads the data source during apply."
}
