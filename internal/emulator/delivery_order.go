package emulator

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"slices"

	"github.com/contio/terraform-provider-contio/internal/contio"
)

// DeliveryOrder is the order the deliveries list answers in. The contract
// only assumes Contio's (oldest first); the others let tests prove that a
// client does not depend on it.
type DeliveryOrder int

const (
	// OldestFirst lists deliveries in the order they were created, as the
	// contract assumes.
	OldestFirst DeliveryOrder = iota
	// NewestFirst lists the newest first. A delivery created between two page
	// reads shifts the list, so the next page repeats a row.
	NewestFirst
	// Shuffled lists them in a pseudo-random order drawn from Options.Seed,
	// the same on every request so that paging still covers the list.
	Shuffled
)

// pageOfDeliveries returns the page of a's deliveries with the status (every
// status when empty) that starts at offset in the list's order: at most limit
// deliveries, and whether more follow. It allocates only the page, except in
// the shuffled order. Callers hold mu.
func (e *Emulator) pageOfDeliveries(a *app, status contio.DeliveryStatus, offset, limit int) (page []*delivery, more bool) {
	if e.opts.IgnoreDeliveryStatus {
		status = ""
	}
	seq := slices.Values(a.deliveries)
	switch e.opts.DeliveryOrder {
	case NewestFirst:
		seq = func(yield func(*delivery) bool) {
			for _, d := range slices.Backward(a.deliveries) {
				if !yield(d) {
					return
				}
			}
		}
	case Shuffled:
		seq = slices.Values(e.shuffled(a.deliveries))
	}
	matched := 0
	for d := range seq {
		if status != "" && d.Status != status {
			continue
		}
		matched++
		switch {
		case matched <= offset:
		case len(page) < limit:
			page = append(page, d)
		default:
			return page, true
		}
	}
	return page, false
}

// shuffled returns the deliveries ordered by a hash of the seed and each
// delivery's id: a fixed order for a given seed, into which new deliveries
// fall anywhere.
func (e *Emulator) shuffled(ds []*delivery) []*delivery {
	key := func(d *delivery) uint64 {
		h := fnv.New64a()
		_ = binary.Write(h, binary.LittleEndian, e.opts.Seed) // a hash.Hash never fails to write
		_, _ = h.Write([]byte(d.ID))
		return h.Sum64()
	}
	out := slices.Clone(ds)
	slices.SortFunc(out, func(a, b *delivery) int { return cmp.Compare(key(a), key(b)) })
	return out
}

// deliveryOrderNames are the names of the orders in state files and flags.
var deliveryOrderNames = []string{OldestFirst: "oldest_first", NewestFirst: "newest_first", Shuffled: "shuffled"}

// String returns the order's name, such as "newest_first".
func (o DeliveryOrder) String() string {
	if int(o) < len(deliveryOrderNames) {
		return deliveryOrderNames[o]
	}
	return fmt.Sprintf("DeliveryOrder(%d)", int(o))
}

// MarshalText writes the order's name.
func (o DeliveryOrder) MarshalText() ([]byte, error) { return []byte(o.String()), nil }

// UnmarshalText reads an order's name; empty means OldestFirst.
func (o *DeliveryOrder) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*o = OldestFirst
		return nil
	}
	i := slices.Index(deliveryOrderNames, string(b))
	if i < 0 {
		return fmt.Errorf(`%q is not a delivery order: want "oldest_first", "newest_first" or "shuffled"`, b)
	}
	*o = DeliveryOrder(i)
	return nil
}
