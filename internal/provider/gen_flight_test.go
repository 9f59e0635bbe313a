package provider

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

// TestGenFlight_shared: concurrent callers share one fetch, and its success
// is kept.
func TestGenFlight_shared(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var f genFlight[int]
		var fetches atomic.Int32
		release := make(chan struct{})
		fetch := func(ctx context.Context) (int, error) { fetches.Add(1); <-release; return 7, ctx.Err() }
		var wg sync.WaitGroup
		for range 8 {
			wg.Go(func() {
				if v, err := f.get(t.Context(), fetch); err != nil || v != 7 {
					t.Errorf("get = %d, %v; want 7", v, err)
				}
			})
		}
		synctest.Wait() // every caller has reached the flight
		close(release)
		wg.Wait()
		if v, err := f.get(t.Context(), fetch); err != nil || v != 7 {
			t.Errorf("a later get = %d, %v; want the kept 7", v, err)
		}
		if n := fetches.Load(); n != 1 {
			t.Fatalf("9 gets made %d fetches, want 1", n)
		}
	})
}

// TestGenFlight_failureNotKept: a failed fetch is not served to later callers.
func TestGenFlight_failureNotKept(t *testing.T) {
	var f genFlight[int]
	calls := 0
	fail := func(context.Context) (int, error) { calls++; return 0, errors.New("boom") }
	for range 2 {
		if _, err := f.get(t.Context(), fail); err == nil {
			t.Fatal("want the fetch's error")
		}
	}
	if calls != 2 {
		t.Fatalf("a failed fetch was kept: %d calls, want 2", calls)
	}
}

// TestGenFlight_newGeneration: after advance, forget or keep, a fetch sent
// before is neither joined by later callers nor kept when it lands.
func TestGenFlight_newGeneration(t *testing.T) {
	for name, next := range map[string]func(*genFlight[int]){
		"advance": (*genFlight[int]).advance,
		"forget":  (*genFlight[int]).forget,
	} {
		t.Run(name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				var f genFlight[int]
				started, finish, older := make(chan struct{}), make(chan struct{}), make(chan struct{})
				go func() {
					_, _ = f.get(context.Background(), func(context.Context) (int, error) { close(started); <-finish; return 1, nil })
					close(older)
				}()
				<-started
				next(&f)
				var fresh atomic.Int32
				got := make(chan int, 1)
				go func() {
					v, _ := f.get(context.Background(), func(context.Context) (int, error) { fresh.Add(1); return 2, nil })
					got <- v
				}()
				synctest.Wait() // it has joined the older fetch, if it would
				close(finish)
				<-older
				if v := <-got; v != 2 || fresh.Load() != 1 {
					t.Fatalf("a get after %s got %d (%d fresh fetches); want its own fetch's 2", name, v, fresh.Load())
				}
				if v, _ := f.get(context.Background(), func(context.Context) (int, error) { return 3, nil }); v != 2 {
					t.Errorf("after %s the older fetch was kept: %d, want 2", name, v)
				}
			})
		})
	}
	t.Run("keep", func(t *testing.T) {
		var f genFlight[int]
		started, finish, done := make(chan struct{}), make(chan struct{}), make(chan struct{})
		go func() {
			_, _ = f.get(context.Background(), func(context.Context) (int, error) { close(started); <-finish; return 1, nil })
			close(done)
		}()
		<-started
		f.keep(2)
		close(finish)
		<-done
		v, err := f.get(t.Context(), func(context.Context) (int, error) { t.Error("no fetch expected"); return 0, nil })
		if err != nil || v != 2 {
			t.Fatalf("the older fetch replaced the kept value: %d, %v", v, err)
		}
	})
	t.Run("weak read during advance", func(t *testing.T) {
		var f genFlight[int]
		_, _ = f.getWithin(t.Context(), time.Minute, func(context.Context) (int, error) { f.advance(); return 1, nil })
		if _, err := f.get(t.Context(), func(context.Context) (int, error) { return 0, errors.New("fetched") }); err == nil {
			t.Error("a weak read that overlapped a new generation was kept")
		}
	})
}

// TestGenFlight_cancelled: a caller whose context ends returns at once with
// its own error; the fetch goes on while any caller still waits for it, and
// is cancelled, not sent again, when they have all gone. Terraform cancels a
// call alone (a ListResource stream past its limit, a call that arrives after
// StopProvider: tf6server cancels only the calls in flight) as well as all of
// them a moment apart (Ctrl-C).
func TestGenFlight_cancelled(t *testing.T) {
	type result struct {
		v   int
		err error
	}
	// start has first (the leader) and second join one fetch, which
	// answers 7 once released, or its context's error. It runs in t's
	// synctest bubble; release is also called when t ends, so that a fetch
	// left running (if leave failed to cancel it) does not outlive the test.
	start := func(t *testing.T, first, second context.Context) (release func(), a, b <-chan result, fetches *atomic.Int32, fetchErr <-chan error) {
		var f genFlight[int]
		fetches = new(atomic.Int32)
		inFetch, rel := make(chan struct{}), make(chan struct{})
		release = sync.OnceFunc(func() { close(rel) })
		t.Cleanup(release)
		ferr := make(chan error, 2)
		fetch := func(ctx context.Context) (int, error) {
			if fetches.Add(1) == 1 {
				close(inFetch)
			}
			select {
			case <-rel:
				return 7, nil
			case <-ctx.Done():
				ferr <- ctx.Err()
				return 0, ctx.Err()
			}
		}
		ra, rb := make(chan result, 1), make(chan result, 1)
		go func() { v, err := f.get(first, fetch); ra <- result{v, err} }()
		<-inFetch
		go func() { v, err := f.get(second, fetch); rb <- result{v, err} }()
		synctest.Wait() // it has joined the fetch
		return release, ra, rb, fetches, ferr
	}

	t.Run("cancelled before", func(t *testing.T) {
		var f genFlight[int]
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		if _, err := f.get(ctx, func(ctx context.Context) (int, error) { return 0, ctx.Err() }); !errors.Is(err, context.Canceled) {
			t.Fatalf("a cancelled caller got %v, want context.Canceled", err)
		}
	})
	t.Run("leader cancelled alone", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			leaderCtx, cancelLeader := context.WithCancel(t.Context())
			release, leader, follower, fetches, _ := start(t, leaderCtx, t.Context())
			cancelLeader()
			if r := <-leader; !errors.Is(r.err, context.Canceled) {
				t.Errorf("the cancelled leader got %d, %v; want its cancellation", r.v, r.err)
			}
			synctest.Wait() // the fetch has seen the leader's cancellation, if it would
			release()
			if r := <-follower; r.err != nil || r.v != 7 {
				t.Errorf("a follower whose context is live got %d, %v; want the shared fetch's 7", r.v, r.err)
			}
			if n := fetches.Load(); n != 1 {
				t.Errorf("%d fetches, want 1", n)
			}
		})
	})
	t.Run("leader's deadline passed", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			leaderCtx, stop := context.WithTimeout(t.Context(), 50*time.Millisecond)
			defer stop()
			release, leader, follower, fetches, _ := start(t, leaderCtx, t.Context())
			if r := <-leader; !errors.Is(r.err, context.DeadlineExceeded) {
				t.Errorf("the leader got %d, %v; want its deadline", r.v, r.err)
			}
			synctest.Wait() // the fetch has seen the leader's deadline, if it would
			release()
			if r := <-follower; r.err != nil || r.v != 7 || fetches.Load() != 1 {
				t.Errorf("the follower got %d, %v after %d fetches; want 7 from 1", r.v, r.err, fetches.Load())
			}
		})
	})
	t.Run("all cancelled, a moment apart", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			leaderCtx, cancelLeader := context.WithCancel(t.Context())
			followerCtx, cancelFollower := context.WithCancel(t.Context())
			_, leader, follower, fetches, fetchErr := start(t, leaderCtx, followerCtx)
			cancelLeader()
			<-leader
			time.Sleep(20 * time.Millisecond) // the follower's cancellation lags (fake time: all else has blocked)
			select {
			case err := <-fetchErr:
				t.Errorf("the fetch ended with %v while the follower still waited for it", err)
			default:
			}
			cancelFollower()
			if r := <-follower; !errors.Is(r.err, context.Canceled) {
				t.Errorf("the follower got %d, %v; want its cancellation", r.v, r.err)
			}
			synctest.Wait() // the fetch has seen its cancellation, if it would
			select {
			case err := <-fetchErr:
				if !errors.Is(err, context.Canceled) {
					t.Errorf("the fetch ended with %v, want cancelled", err)
				}
			default:
				t.Error("the fetch was not cancelled when its last caller had gone")
			}
			if n := fetches.Load(); n != 1 {
				t.Errorf("%d fetches, want 1: a cancellation must not send a new request", n)
			}
		})
	})
}

// TestGenFlight_getWithin: a read for a warning uses what is kept; joins a
// fetch in flight for at most its wait; its own failure is not kept and
// never reaches a get that shares it.
func TestGenFlight_getWithin(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := t.Context()
		ok := func(context.Context) (int, error) { return 7, nil }
		failed := func(context.Context) (int, error) { return 0, errors.New("429, not retried") }
		mustNotFetch := func(context.Context) (int, error) {
			t.Error("the weak read fetched on its own while a fetch was in flight")
			return 0, errors.New("second fetch")
		}

		// A fetch in flight is joined: one fetch for both.
		var joined genFlight[int]
		release := make(chan struct{})
		var wg sync.WaitGroup
		wg.Go(func() { _, _ = joined.get(ctx, func(context.Context) (int, error) { <-release; return 7, nil }) })
		synctest.Wait() // the get is in flight
		go func() { time.Sleep(20 * time.Millisecond); close(release) }()
		if v, err := joined.getWithin(ctx, time.Minute, mustNotFetch); err != nil || v != 7 {
			t.Errorf("getWithin joining a fetch = %d, %v", v, err)
		}
		wg.Wait()

		// A fetch that outlasts the wait is left to finish on its own.
		var slow genFlight[int]
		release = make(chan struct{})
		var realErr error
		wg.Go(func() { _, realErr = slow.get(ctx, func(context.Context) (int, error) { <-release; return 7, nil }) })
		synctest.Wait() // the get is in flight
		start := time.Now()
		if _, err := slow.getWithin(ctx, 50*time.Millisecond, mustNotFetch); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("getWithin past its wait: %v, want a deadline error", err)
		}
		if waited := time.Since(start); waited != 50*time.Millisecond { // fake time: exact
			t.Errorf("getWithin waited %s, not its 50ms wait", waited)
		}
		close(release)
		wg.Wait()
		if realErr != nil {
			t.Errorf("the real read got %v", realErr)
		}
		// Kept now: the weak read makes no fetch.
		if v, err := slow.getWithin(ctx, time.Minute, failed); err != nil || v != 7 {
			t.Errorf("getWithin with a kept value = %d, %v", v, err)
		}

		// A get joins a weak read in flight: its success serves both; its
		// failure sends the get to fetch on its own.
		for _, weakFails := range []bool{false, true} {
			var shared genFlight[int]
			var fetches atomic.Int32
			started, finish := make(chan struct{}), make(chan struct{})
			weak := func(context.Context) (int, error) {
				fetches.Add(1)
				close(started)
				<-finish
				if weakFails {
					return 0, errors.New("429, not retried")
				}
				return 7, nil
			}
			var weakErr, err error
			var got int
			wg.Go(func() { _, weakErr = shared.getWithin(ctx, time.Minute, weak) })
			<-started
			wg.Go(func() {
				got, err = shared.get(ctx, func(context.Context) (int, error) { fetches.Add(1); return 7, nil })
			})
			synctest.Wait() // the get has joined
			close(finish)
			wg.Wait()
			if err != nil || got != 7 {
				t.Errorf("weak fails %t: the get got %d, %v", weakFails, got, err)
			}
			if (weakErr != nil) != weakFails {
				t.Errorf("weak fails %t: the weak read got %v", weakFails, weakErr)
			}
			if want := map[bool]int32{false: 1, true: 2}[weakFails]; fetches.Load() != want {
				t.Errorf("weak fails %t: %d fetches, want %d", weakFails, fetches.Load(), want)
			}
		}

		// The weak read's failure is not kept; its success is.
		var alone genFlight[int]
		if _, err := alone.getWithin(ctx, time.Minute, failed); err == nil {
			t.Error("the weak read's failure was hidden")
		}
		if v, err := alone.getWithin(ctx, time.Minute, ok); err != nil || v != 7 {
			t.Errorf("a weak read after a failed one = %d, %v", v, err)
		}
		if v, err := alone.get(ctx, failed); err != nil || v != 7 {
			t.Errorf("after a weak read: get = %d, %v; want the kept 7", v, err)
		}
	})
}

// TestGenFlight_afterAllLeft: once every caller has left, a caller that
// comes while the cancelled fetch is still winding down (its request not yet
// given up) starts a fetch of its own rather than join that one and fail
// with a cancellation not its own: Terraform sends a call after StopProvider
// with a live context.
func TestGenFlight_afterAllLeft(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var f genFlight[int]
		var fetches atomic.Int32
		windDown := make(chan struct{})
		fetch := func(ctx context.Context) (int, error) {
			if fetches.Add(1) > 1 {
				return 7, nil
			}
			<-ctx.Done()
			<-windDown // the cancelled request takes a moment to end
			return 0, ctx.Err()
		}
		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan struct{})
		go func() {
			defer close(done)
			if _, err := f.get(ctx, fetch); !errors.Is(err, context.Canceled) {
				t.Errorf("the cancelled caller's get: %v, want its cancellation", err)
			}
		}()
		synctest.Wait() // the fetch is in flight
		cancel()
		<-done
		synctest.Wait() // the fetch has seen the cancellation
		got := make(chan error, 1)
		go func() {
			v, err := f.get(t.Context(), fetch)
			if err == nil && v != 7 {
				err = errors.New("wrong value")
			}
			got <- err
		}()
		synctest.Wait() // it has started its own fetch, or joined the old one
		close(windDown)
		if err := <-got; err != nil {
			t.Fatalf("a get after every caller had left failed: %v", err)
		}
		if n := fetches.Load(); n != 2 {
			t.Fatalf("%d fetches, want 2", n)
		}
	})
}
