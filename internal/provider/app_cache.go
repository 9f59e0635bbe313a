package provider

import (
	"context"
	"sync"
	"time"

	"github.com/contio/terraform-provider-contio/internal/contio"
)

// appCache coalesces reads of the app within one provider configuration, which
// Terraform makes once per command (plan, apply, refresh): however many contio
// objects a configuration holds, a command reads the app once. Concurrent reads
// share one request; a write's answer replaces what later reads see. A failed
// write forgets it (the write may have been applied although the answer was
// lost), and so do writes that overlap: Terraform runs independent resources'
// writes at once, and the answer that lands last need not be the one Contio
// handled last, so none of them is the app as it now is. Drift made between
// two commands is always seen, since every command configures the provider anew.
type appCache struct {
	mu sync.Mutex
	// app is the last answer, nil until a read or write succeeds.
	app *contio.App
	// inflight is the read under way, if any; followers wait for it.
	inflight *appRead
	// gen counts writes and forgets, so a read that started before one does
	// not overwrite its answer when it lands after it.
	gen uint64
	// writing counts the writes in flight; overlapped says that two were in
	// flight at once since writing was last zero.
	writing    int
	overlapped bool
}

type appRead struct {
	done chan struct{}
	// gen is the cache's gen when the read was sent: a read sent before a
	// write began or ended may show the app as it was before the write, so
	// callers that come after the write do not join it.
	gen uint64
	// leaderGone says the read failed for a reason of its sender's: its
	// context ended, or it was a weak read that gave up early. The callers
	// sharing it that need a real read, whose contexts may be live, read
	// again rather than fail with someone else's cancellation or shortcut.
	leaderGone bool
	app        *contio.App
	err        error
}

// get returns the app, reading it with fetch when nothing is cached.
func (c *appCache) get(ctx context.Context, fetch func(context.Context) (*contio.App, error)) (*contio.App, error) {
	return c.read(ctx, false, 0, fetch)
}

// getOnce is get for a read made only for a warning: fetch may give up early
// (one attempt, a short timeout), and a read in flight is joined for at most
// wait, so that a warning never waits out another caller's retries. Sharing
// both ways keeps a command at one app read when a warning's read and a
// resource's overlap; a warning read's failure never reaches a caller that
// needs a real read (see read).
func (c *appCache) getOnce(ctx context.Context, wait time.Duration, fetch func(context.Context) (*contio.App, error)) (*contio.App, error) {
	return c.read(ctx, true, wait, fetch)
}

// read returns the cached app, or shares one read of it: it joins the read
// in flight for the current generation, or sends one with fetch that later
// callers join; a success is kept unless a write began or ended meanwhile.
// A weak read (getOnce) waits at most wait for a read in flight and takes its
// outcome as it is. Callers that need a real read, seeing a read fail that
// gave up early (weak) or whose sender was cancelled, read again on their own.
func (c *appCache) read(ctx context.Context, weak bool, wait time.Duration, fetch func(context.Context) (*contio.App, error)) (*contio.App, error) {
	var timeout <-chan time.Time // a weak read's bound on joining; never for a real one
	if weak {
		timer := time.NewTimer(wait)
		defer timer.Stop()
		timeout = timer.C
	}
	for {
		c.mu.Lock()
		if c.app != nil {
			app := cloneApp(c.app)
			c.mu.Unlock()
			return app, nil
		}
		read := c.inflight
		if read == nil || read.gen != c.gen {
			read = &appRead{done: make(chan struct{}), gen: c.gen}
			c.inflight = read
			c.mu.Unlock()

			read.app, read.err = fetch(ctx)
			read.leaderGone = read.err != nil && (weak || ctx.Err() != nil)
			c.mu.Lock()
			if read.err == nil && c.gen == read.gen {
				c.app = read.app
			}
			if c.inflight == read {
				c.inflight = nil
			}
			c.mu.Unlock()
			close(read.done)
		} else {
			c.mu.Unlock()
		}

		select {
		case <-read.done:
		case <-timeout:
			return nil, context.DeadlineExceeded
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		if read.leaderGone && ctx.Err() == nil && !weak {
			continue
		}
		if read.err != nil {
			return nil, read.err
		}
		return cloneApp(read.app), nil
	}
}

// write runs a write and records its outcome: its answer is the app from now
// on, unless it failed or overlapped another write; then nothing is cached.
func (c *appCache) write(do func() (*contio.App, error)) (*contio.App, error) {
	c.mu.Lock()
	c.gen++
	c.writing++
	c.overlapped = c.overlapped || c.writing > 1
	c.mu.Unlock()

	app, err := do()

	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	c.app = nil
	if err == nil && !c.overlapped {
		c.app = cloneApp(app)
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
