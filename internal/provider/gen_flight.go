package provider

import (
	"context"
	"sync"
	"time"
)

// genFlight is a generation-scoped, single-flight read, kept once it
// succeeds: concurrent callers share one fetch, and a new generation (a
// write) makes later callers fetch again. See CONTRIBUTING, "One app read per
// plan". x/sync/singleflight shares a call but keeps nothing and runs it
// under the first caller's context, handing every caller that caller's
// cancellation; hence this type.
type genFlight[T any] struct {
	mu   sync.Mutex
	gen  uint64
	val  T
	kept bool
	call *flightCall[T]
}

// flightCall is one fetch, in flight until done is closed.
type flightCall[T any] struct {
	done chan struct{}
	gen  uint64
	val  T
	err  error
	// weakFailed: the fetch was a weak read's and failed for that reason (one
	// attempt, a short bound); callers that need a real read fetch again
	// rather than fail with it.
	weakFailed bool
	// waiting counts the callers waiting for done (guarded by genFlight.mu);
	// cancel ends the fetch's context when the last of them has gone.
	waiting int
	cancel  context.CancelFunc
}

// get returns the kept value, or shares one fetch of it.
func (f *genFlight[T]) get(ctx context.Context, fetch func(context.Context) (T, error)) (T, error) {
	return f.read(ctx, false, 0, fetch)
}

// getWithin is get for a read made only for a warning: it joins a fetch in
// flight for at most wait, and its own failure never reaches callers that
// share it with get.
func (f *genFlight[T]) getWithin(ctx context.Context, wait time.Duration, fetch func(context.Context) (T, error)) (T, error) {
	return f.read(ctx, true, wait, fetch)
}

// read shares one fetch between its callers. The fetch does not run under
// any one caller's cancellation: its context (the first caller's values,
// without its cancellation or deadline) ends when every caller waiting for it
// has gone. A caller whose context ends returns at once; the others keep the
// fetch going. So a cancellation is never handed to a caller whose context
// is live (Terraform cancels one call alone: a ListResource stream past its
// limit, a call that arrives after StopProvider), and when every caller is
// cancelled (Ctrl-C) nobody sends the request again.
func (f *genFlight[T]) read(ctx context.Context, weak bool, wait time.Duration, fetch func(context.Context) (T, error)) (T, error) {
	var zero T
	var timeout <-chan time.Time // never fires for a real read
	if weak {
		timer := time.NewTimer(wait)
		defer timer.Stop()
		timeout = timer.C
	}
	for {
		f.mu.Lock()
		if f.kept {
			v := f.val
			f.mu.Unlock()
			return v, nil
		}
		if err := ctx.Err(); err != nil {
			f.mu.Unlock()
			return zero, err
		}
		c := f.call
		if c == nil || c.gen != f.gen {
			fctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
			c = &flightCall[T]{done: make(chan struct{}), gen: f.gen, cancel: cancel}
			f.call = c
			go f.run(fctx, c, weak, fetch)
		}
		c.waiting++
		f.mu.Unlock()

		select {
		case <-c.done:
		case <-timeout:
			f.leave(c)
			return zero, context.DeadlineExceeded
		case <-ctx.Done():
			f.leave(c)
			return zero, ctx.Err()
		}
		if c.weakFailed && !weak {
			continue
		}
		if c.err != nil {
			return zero, c.err
		}
		return c.val, nil
	}
}

// run makes c's fetch and hands its result to c's callers.
func (f *genFlight[T]) run(ctx context.Context, c *flightCall[T], weak bool, fetch func(context.Context) (T, error)) {
	defer c.cancel()
	c.val, c.err = fetch(ctx)
	c.weakFailed = c.err != nil && weak
	f.mu.Lock()
	if c.err == nil && f.gen == c.gen {
		f.val, f.kept = c.val, true
	}
	if f.call == c {
		f.call = nil
	}
	f.mu.Unlock()
	close(c.done)
}

// leave is a caller of c going before c is done; the last to go ends the
// fetch, and a later caller starts its own.
func (f *genFlight[T]) leave(c *flightCall[T]) {
	f.mu.Lock()
	defer f.mu.Unlock()
	c.waiting--
	if c.waiting == 0 {
		c.cancel()
		if f.call == c {
			f.call = nil
		}
	}
}

// peek returns the kept value, if any, without fetching.
func (f *genFlight[T]) peek() (T, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.val, f.kept
}

// advance starts a new generation: a fetch in flight is neither joined nor
// kept; a kept value stays.
func (f *genFlight[T]) advance() {
	f.mu.Lock()
	f.gen++
	f.mu.Unlock()
}

// forget starts a new generation with nothing kept.
func (f *genFlight[T]) forget() {
	var zero T
	f.set(zero, false)
}

// keep starts a new generation that serves v.
func (f *genFlight[T]) keep(v T) { f.set(v, true) }

func (f *genFlight[T]) set(v T, kept bool) {
	f.mu.Lock()
	f.gen++
	f.val, f.kept = v, kept
	f.mu.Unlock()
}
