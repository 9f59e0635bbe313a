package emulator

import (
	"sync"
	"time"
)

// Clock is the emulator's notion of now: a base clock plus an offset that the
// control API advances, so that 72 hours pass in a test without waiting.
type Clock struct {
	mu     sync.Mutex
	base   func() time.Time
	offset time.Duration
}

// NewClock returns a clock that follows base (time.Now when nil).
func NewClock(base func() time.Time) *Clock {
	if base == nil {
		base = time.Now
	}
	return &Clock{base: base}
}

// Now returns the emulated time, in UTC.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.base().Add(c.offset).UTC()
}

// Advance moves the clock forward by d and returns the new time. A negative d
// is ignored: time in the emulator never runs backwards.
func (c *Clock) Advance(d time.Duration) time.Time {
	c.mu.Lock()
	c.offset += max(d, 0)
	c.mu.Unlock()
	return c.Now()
}
