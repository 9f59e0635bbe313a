package provider

import (
	"context"
	"sync"
	"time"

	"github.com/contio/terraform-provider-contio/internal/contio"
)

// appCache reads the app once per provider configuration (see genFlight). A
// write's answer is what later reads see, unless the write failed (Contio may
// have applied it) or overlapped another: Terraform writes independent
// resources at once, and the answer that lands last need not be the latest.
type appCache struct {
	flight genFlight[*contio.App]

	mu         sync.Mutex // guards writing, overlapped
	writing    int
	overlapped bool // two writes in flight at once since writing was last 0
}

// get returns a copy of the app, reading it with fetch when nothing is kept.
func (c *appCache) get(ctx context.Context, fetch func(context.Context) (*contio.App, error)) (*contio.App, error) {
	app, err := c.flight.get(ctx, fetch)
	return cloneApp(app), err
}

// getOnce is get for a read made only for a warning (genFlight.getWithin).
func (c *appCache) getOnce(ctx context.Context, wait time.Duration, fetch func(context.Context) (*contio.App, error)) (*contio.App, error) {
	app, err := c.flight.getWithin(ctx, wait, fetch)
	return cloneApp(app), err
}

// write runs a write; its answer is the app from now on, unless it failed,
// overlapped another write, or lacks an id that no earlier read gave: then
// nothing is kept.
func (c *appCache) write(do func() (*contio.App, error)) (*contio.App, error) {
	c.mu.Lock()
	c.flight.advance()
	c.writing++
	c.overlapped = c.overlapped || c.writing > 1
	c.mu.Unlock()

	app, err := do()

	c.mu.Lock()
	defer c.mu.Unlock()
	kept := cloneApp(app)
	if prev, ok := c.flight.peek(); kept != nil && kept.Omitted.ID && ok && prev != nil && !prev.Omitted.ID {
		// The app's id does not change; a write's answer may only omit it.
		kept.ID, kept.Omitted.ID = prev.ID, false
	}
	// An answer without the id is not kept either: a later read asks
	// Contio, whose GET may carry it, rather than record the fallback.
	if err == nil && kept != nil && !kept.Omitted.ID && !c.overlapped {
		c.flight.keep(kept)
	} else {
		c.flight.forget()
	}
	c.writing--
	if c.writing == 0 {
		c.overlapped = false
	}
	return app, err
}

// cloneApp copies app deeply enough that a caller may change the copy.
func cloneApp(app *contio.App) *contio.App {
	if app == nil {
		return nil
	}
	cp := *app
	if app.WebhookFilter != nil {
		f := *app.WebhookFilter
		f.Events = append([]string(nil), f.Events...)
		cp.WebhookFilter = &f
	}
	return &cp
}
