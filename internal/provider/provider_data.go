package provider

import (
	"context"
	"errors"
	"fmt"

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
	// backlog is the pending deliveries, counted once per provider
	// configuration for the re-enable warnings.
	backlog genFlight[contio.DeliveryCount]
	// cliVersion is the version the CLI gave in ConfigureProvider; empty
	// when it gave none. Advice depends on it (see cliHasActions).
	cliVersion string
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

// notConfiguredSummary is the summary of every refusal for want of a client.
const notConfiguredSummary = "Contio provider not configured"

// requireClient reports whether Contio can be called; when it cannot (the
// provider configuration is not known yet), it adds the error, saying that
// cannot happen and how to proceed.
func (p *providerData) requireClient(diags *diag.Diagnostics, cannot, proceed string) bool {
	if p.hasClient() {
		return true
	}
	diags.AddError(notConfiguredSummary, "The provider's client_id, api_key or another setting is not known yet "+
		"(it comes from a value Terraform learns only during apply), so "+cannot+". "+proceed)
	return false
}

// applyDependenciesFirst is how to proceed with a write or import that needs
// the provider configuration known.
func (p *providerData) applyDependenciesFirst() string {
	return "Apply what the provider configuration depends on first (" + p.cliCommand("apply -target=<that resource>") +
		") or set the credentials through the CONTIO_* environment variables, then run the command again."
}

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

// warningReadTimeout bounds a read made only for a warning, as
// backlogCountTimeout bounds a count: a warning must not hold up a plan.
const warningReadTimeout = backlogCountTimeout

// informingRead is the context of a read made only to inform, for a warning
// or a progress message: one attempt per request, without retries (a 429's
// long Retry-After must not hold the command), and the whole read within
// backlogCountTimeout (which warningReadTimeout equals).
func informingRead(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(contio.WithoutRetries(ctx), backlogCountTimeout)
}

// readAppForWarning is readApp for a read made only to warn (see
// CONTRIBUTING, "Reads for a warning never fail a plan"): a failure is a
// warning. Nil means it could not read.
func (p *providerData) readAppForWarning(ctx context.Context, check string, diags *diag.Diagnostics) *contio.App {
	app, err := p.app.getOnce(ctx, warningReadTimeout, func(ctx context.Context) (*contio.App, error) {
		ctx, cancel := informingRead(ctx)
		defer cancel()
		return p.client.GetApp(ctx)
	})
	if err != nil {
		why := err.Error()
		if errors.Is(err, context.DeadlineExceeded) {
			why = fmt.Sprintf("the read took longer than %s, the most a read for a warning may take", warningReadTimeout)
		}
		diags.AddWarning("Unable to read Contio app for a plan-time check",
			"The provider reads the app at plan time only to "+check+"; the read failed, so that check was skipped and the plan goes on. "+
				"The read makes one attempt, without retries, so that it never holds up the plan; applying reads the app again. The read failed with: "+why)
		return nil
	}
	return app
}

// write runs a write through the app cache. The backlog is counted again
// after it (the write may change delivery), and a count started during it is
// not kept: it may see the backlog from before.
func (p *providerData) write(do func() (*contio.App, error)) (*contio.App, error) {
	p.backlog.forget()
	defer p.backlog.forget()
	return p.app.write(do)
}

// requireClientToRead is requireClient for a data source or list resource:
// resources plan without Contio, but Terraform needs a read's values known.
func (p *providerData) requireClientToRead(diags *diag.Diagnostics, typeName string) bool {
	return p.requireClient(diags, typeName+" cannot be read now",
		"Either make the settings known at plan time (for example through the CONTIO_* environment variables), "+
			"or add depends_on to the data block, naming what the provider configuration depends on: Terraform then reads the data source during apply.")
}
