package provider

import (
	"context"
	"errors"
	"sync"
	"time"
)

// genFlight is a generation-scoped, single-flight read, kept once it
// succeeds: concurrent callers share one fetch, and a new generation (a
// write) makes later callers fetch again. See CONTRIBUTING, "One app read per
// plan". x/sync/singleflight shares a call but keeps nothing and hands every
// caller the leader's error, even a weak read's or a passed deadline's; hence
// this type.
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
	// leaderGone: the fetch failed for its sender's reason (its deadline
	// passed, or it was a weak read); callers that need a real read fetch
	// again rather than fail with it. A cancelled sender is not one:
	// Terraform cancels the contexts of every call at once (all its calls
	// share one context, and StopProvider ends them all), though not at the
	// same instant. A caller whose cancellation is a moment away must take
	// the cancellation, not send a new request to Contio.
	leaderGone bool
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
		c := f.call
		if c == nil || c.gen != f.gen {
			c = &flightCall[T]{done: make(chan struct{}), gen: f.gen}
			f.call = c
			f.mu.Unlock()

			c.val, c.err = fetch(ctx)
			c.leaderGone = c.err != nil && !errors.Is(ctx.Err(), context.Canceled) && (weak || ctx.Err() != nil)
			f.mu.Lock()
			if c.err == nil && f.gen == c.gen {
				f.val, f.kept = c.val, true
			}
			if f.call == c {
				f.call = nil
			}
			f.mu.Unlock()
			close(c.done)
		} else {
			f.mu.Unlock()
		}

		select {
		case <-c.done:
		case <-timeout:
			return zero, context.DeadlineExceeded
		case <-ctx.Done():
			return zero, ctx.Err()
		}
		if c.leaderGone && ctx.Err() == nil && !weak {
			continue
		}
		if c.err != nil {
			return zero, c.err
		}
		return c.val, nil
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
