package emulator_test

import (
	"slices"
	"testing"

	"github.com/contio/terraform-provider-contio/internal/contio"
	"github.com/contio/terraform-provider-contio/internal/emulator"
	"github.com/contio/terraform-provider-contio/internal/emulator/emulatortest"
)

// listAll follows the deliveries list's cursors with pages of limit and
// returns the ids in the order listed.
func listAll(t *testing.T, c *contio.Client, status contio.DeliveryStatus, limit int) []string {
	t.Helper()
	var ids []string
	cursor := ""
	for range 1000 {
		page, err := c.ListWebhookDeliveries(t.Context(), contio.ListDeliveriesParams{Status: status, Limit: limit, Cursor: cursor})
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range page.Data {
			ids = append(ids, d.ID)
		}
		if page.NextCursor == nil {
			return ids
		}
		cursor = *page.NextCursor
	}
	t.Fatal("the list did not end")
	return nil
}

// The list's order and its handling of status follow the options: the
// contract's assumed order by default, and the orders a client must not
// depend on when asked.
func TestDeliveryListingOptions(t *testing.T) {
	type listed struct{ pending, all []string }
	setup := func(t *testing.T, opts emulator.Options) (listed, listed) {
		srv := emulatortest.Start(t, opts)
		creds := srv.NewApp(t, emulator.AppSpec{})
		c := srv.Client(t, creds)
		delivered := srv.Emit(t, creds.ClientID, 7, "meeting.created").Recorded
		if _, err := c.UpdateWebhookStatus(t.Context(), false, ""); err != nil {
			t.Fatal(err)
		}
		pending := srv.Emit(t, creds.ClientID, 8, "meeting.created").Recorded
		want := listed{pending: pending, all: append(slices.Clone(delivered), pending...)}
		return want, listed{pending: listAll(t, c, contio.DeliveryPending, 3), all: listAll(t, c, "", 4)}
	}
	reversed := func(ids []string) []string {
		out := slices.Clone(ids)
		slices.Reverse(out)
		return out
	}

	t.Run("oldest first by default", func(t *testing.T) {
		want, got := setup(t, emulator.Options{})
		if !slices.Equal(got.pending, want.pending) || !slices.Equal(got.all, want.all) {
			t.Errorf("listed %v and %v, want %v and %v", got.pending, got.all, want.pending, want.all)
		}
	})
	t.Run("newest first", func(t *testing.T) {
		want, got := setup(t, emulator.Options{DeliveryOrder: emulator.NewestFirst})
		if !slices.Equal(got.pending, reversed(want.pending)) || !slices.Equal(got.all, reversed(want.all)) {
			t.Errorf("listed %v and %v, want them newest first", got.pending, got.all)
		}
	})
	t.Run("shuffled: every delivery once, in a fixed order of the seed", func(t *testing.T) {
		want, got := setup(t, emulator.Options{DeliveryOrder: emulator.Shuffled, Seed: 1})
		if slices.Equal(got.all, want.all) || slices.Equal(got.all, reversed(want.all)) {
			t.Errorf("listed %v: not shuffled", got.all)
		}
		if !slices.Equal(slices.Sorted(slices.Values(got.all)), want.all) {
			t.Errorf("listed %v, want each of %v once", got.all, want.all)
		}
		_, again := setup(t, emulator.Options{DeliveryOrder: emulator.Shuffled, Seed: 1})
		_, other := setup(t, emulator.Options{DeliveryOrder: emulator.Shuffled, Seed: 2})
		if !slices.Equal(again.all, got.all) || slices.Equal(other.all, got.all) {
			t.Errorf("seed 1 listed %v then %v, seed 2 %v: want the order to follow the seed", got.all, again.all, other.all)
		}
	})
	t.Run("status ignored", func(t *testing.T) {
		want, got := setup(t, emulator.Options{IgnoreDeliveryStatus: true})
		if !slices.Equal(got.pending, want.all) {
			t.Errorf("status=pending listed %v, want every delivery %v", got.pending, want.all)
		}
	})
}
