package e2e

// The model of TestAccConvergence: what Contio holds, what Terraform's state
// holds, and how a desired configuration or an out-of-band change moves them;
// and the seeded generator of scenarios, which walks the model so that every
// out-of-band change it picks is one Contio can make in that state.

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/contio/terraform-provider-contio/internal/contio"
)

// convStatus is a desired contio_webhook_status; disposition "" is none.
type convStatus struct {
	enabled     bool
	disposition contio.PendingDisposition
}

// convFilter is a desired contio_webhook_filter, its events as written in
// the configuration: duplicates and any order.
type convFilter struct {
	typ    contio.FilterType
	events []string
}

// convConfig is one desired configuration.
type convConfig struct {
	status *convStatus // nil: no contio_webhook_status
	filter *convFilter // nil: no contio_webhook_filter
	// app adds data "contio_app" depending on the configuration's resources,
	// and an output of what it read: after an apply, the output must be
	// Contio's state, which the data source reads after the writes.
	app bool
}

// convOOBKind is a change Contio or someone makes outside Terraform.
type convOOBKind int

const (
	// oobAutoDisable: the endpoint fails until Contio auto-disables the app;
	// then events arrive, held pending.
	oobAutoDisable convOOBKind = iota
	// oobFilterEdit: the filter is replaced through the Partner API.
	oobFilterEdit
	// oobFilterRemove: the filter is deleted through the Partner API.
	oobFilterRemove
	// oobEvents: events arrive while webhooks are disabled.
	oobEvents
)

// convOOB is one out-of-band change.
type convOOB struct {
	kind   convOOBKind
	filter *convFilter // oobFilterEdit: the new filter
	events []string    // oobEvents, oobAutoDisable: one event of each, in order, while disabled
}

// convStep is a desired configuration, or an out-of-band change.
type convStep struct {
	config *convConfig
	oob    *convOOB
}

// convScenario is what one subtest runs.
type convScenario struct {
	seed           uint64
	initialEnabled bool
	steps          []convStep
}

// convModel is the model's state.
type convModel struct {
	enabled bool
	filter  *contio.WebhookFilter // events sorted and unique; nil: none
	pending int                   // deliveries held pending
	// inState: the resources Terraform's state holds after its last
	// successful apply (before any refresh).
	statusInState, filterInState bool
}

// normalizedFilter is what Contio stores for f: the events de-duplicated
// (sorted here, for comparison).
func normalizedFilter(f *convFilter) *contio.WebhookFilter {
	if f == nil {
		return nil
	}
	events := slices.Clone(f.events)
	slices.Sort(events)
	return &contio.WebhookFilter{Type: f.typ, Events: slices.Compact(events)}
}

func sameFilter(a, b *contio.WebhookFilter) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	x, y := slices.Sorted(slices.Values(a.Events)), slices.Sorted(slices.Values(b.Events))
	return a.Type == b.Type && slices.Equal(slices.Compact(x), slices.Compact(y))
}

// passes reports whether an event of type ev creates a delivery under f.
func passes(f *contio.WebhookFilter, ev string) bool {
	if f == nil || ev == contio.AlwaysDeliveredEventType {
		return true
	}
	return slices.Contains(f.Events, ev) == (f.Type == contio.FilterInclude)
}

// refused is the model's one refusal: the plan enables an app that Contio
// (as the refresh sees it) has disabled, without saying what happens to its
// backlog.
func (m convModel) refused(c convConfig) bool {
	return c.status != nil && c.status.enabled && !m.enabled && c.status.disposition == ""
}

// writes are the Partner API writes an apply of c makes, as "METHOD path"
// (see countedCalls): the status is sent when it differs from Contio's, the
// filter when it differs or is absent, and deleted when the configuration
// drops it. Destroying contio_webhook_status sends nothing.
func (m convModel) writes(c convConfig) []string {
	if m.refused(c) {
		return nil
	}
	var w []string
	if c.status != nil && c.status.enabled != m.enabled {
		w = append(w, callPutStatus)
	}
	switch {
	case c.filter != nil && !sameFilter(normalizedFilter(c.filter), m.filter):
		w = append(w, callPutFilter)
	case c.filter == nil && m.filter != nil:
		w = append(w, callDeleteFilter)
	}
	return w
}

// apply is the model's successful apply of c (the caller checks refused).
func (m convModel) apply(c convConfig) convModel {
	next := m
	if c.status != nil {
		if c.status.enabled && !m.enabled && c.status.disposition == contio.DispositionAbandon {
			next.pending = 0 // discarded; "deliver" leaves them queued for the next cycle
		}
		next.enabled = c.status.enabled
	}
	// A destroyed contio_webhook_status leaves Contio as it is; a destroyed
	// filter is deleted, and without one in the configuration or the state
	// the app has none (out-of-band changes only edit or remove a filter).
	next.filter = normalizedFilter(c.filter)
	next.statusInState, next.filterInState = c.status != nil, c.filter != nil
	return next
}

// oob is the model's out-of-band change.
func (m convModel) oob(o convOOB) convModel {
	next := m
	switch o.kind {
	case oobAutoDisable:
		// Every delivery, the backlog a "deliver" left included, is attempted
		// against the failing endpoint: none is left pending, until the
		// events that arrive afterwards.
		next.enabled, next.pending = false, 0
		for _, ev := range o.events {
			if passes(m.filter, ev) {
				next.pending++
			}
		}
	case oobFilterEdit:
		next.filter = normalizedFilter(o.filter)
	case oobFilterRemove:
		next.filter = nil
	case oobEvents:
		for _, ev := range o.events {
			if passes(m.filter, ev) {
				next.pending++
			}
		}
	}
	return next
}

// destroysFilter reports whether applying c deletes the filter: the
// configuration drops a filter that Contio (and so Terraform's state) has.
func (m convModel) destroysFilter(c convConfig) bool {
	return c.filter == nil && m.filter != nil
}

// generateScenario draws a scenario of 3 to 6 desired configurations, each
// maybe preceded by an out-of-band change that Contio can make in the state
// the model is in then.
func generateScenario(seed uint64) convScenario {
	rng := rand.New(rand.NewPCG(seed, 0x636f6e74696f)) // "contio"
	sc := convScenario{seed: seed, initialEnabled: rng.IntN(4) > 0}
	m := convModel{enabled: sc.initialEnabled}
	for range 3 + rng.IntN(4) {
		if rng.IntN(2) == 0 {
			if o, ok := randomOOB(rng, m); ok {
				sc.steps = append(sc.steps, convStep{oob: &o})
				m = m.oob(o)
			}
		}
		c := randomConfig(rng, m)
		sc.steps = append(sc.steps, convStep{config: &c})
		if !m.refused(c) {
			m = m.apply(c)
		}
	}
	return sc
}

func randomOOB(rng *rand.Rand, m convModel) (convOOB, bool) {
	var kinds []convOOBKind
	if m.enabled {
		kinds = append(kinds, oobAutoDisable, oobAutoDisable) // the drift this provider is about
	} else {
		kinds = append(kinds, oobEvents)
	}
	if m.filter != nil {
		kinds = append(kinds, oobFilterEdit, oobFilterRemove)
	}
	o := convOOB{kind: kinds[rng.IntN(len(kinds))]}
	switch o.kind {
	case oobFilterEdit:
		o.filter = randomFilter(rng)
	case oobEvents, oobAutoDisable:
		catalog := append(contio.FilterableEventTypes(), contio.AlwaysDeliveredEventType)
		for range 1 + rng.IntN(6) {
			o.events = append(o.events, catalog[rng.IntN(len(catalog))])
		}
	}
	return o, true
}

func randomConfig(rng *rand.Rand, m convModel) convConfig {
	var c convConfig
	if rng.IntN(5) > 0 {
		s := convStatus{enabled: rng.IntN(3) > 0}
		s.disposition = []contio.PendingDisposition{"", contio.DispositionDeliver, contio.DispositionAbandon}[rng.IntN(3)]
		c.status = &s
	}
	if rng.IntN(3) > 0 {
		c.filter = randomFilter(rng)
	}
	// Terraform orders a data source after the resources it depends on, not
	// after the destruction of one the configuration no longer has: with a
	// filter being destroyed, what it reads would depend on timing.
	c.app = rng.IntN(3) == 0 && !m.destroysFilter(c)
	return c
}

// randomFilter draws a filter type and a subset of the catalog, written with
// duplicates and in shuffled order.
func randomFilter(rng *rand.Rand) *convFilter {
	f := &convFilter{typ: contio.FilterInclude}
	if rng.IntN(2) == 0 {
		f.typ = contio.FilterExclude
	}
	catalog := contio.FilterableEventTypes()
	rng.Shuffle(len(catalog), func(i, j int) { catalog[i], catalog[j] = catalog[j], catalog[i] })
	n := 1 + rng.IntN(5)
	if rng.IntN(8) == 0 {
		n = len(catalog) // now and then, all of them
	}
	f.events = slices.Clone(catalog[:n])
	for _, ev := range catalog[:n] {
		if rng.IntN(3) == 0 {
			f.events = append(f.events, ev)
		}
	}
	rng.Shuffle(len(f.events), func(i, j int) { f.events[i], f.events[j] = f.events[j], f.events[i] })
	return f
}

// hcl renders c as the configuration's resources, data source and output.
func (c convConfig) hcl() string {
	var b strings.Builder
	var deps []string
	if s := c.status; s != nil {
		fmt.Fprintf(&b, "resource \"contio_webhook_status\" \"this\" {\n  enabled = %t\n", s.enabled)
		if s.disposition != "" {
			fmt.Fprintf(&b, "  pending_disposition = %q\n", s.disposition)
		}
		b.WriteString("}\n\n")
		deps = append(deps, "contio_webhook_status.this")
	}
	if f := c.filter; f != nil {
		quoted := make([]string, len(f.events))
		for i, ev := range f.events {
			quoted[i] = fmt.Sprintf("%q", ev)
		}
		fmt.Fprintf(&b, "resource \"contio_webhook_filter\" \"this\" {\n  type   = %q\n  events = [%s]\n}\n\n", f.typ, strings.Join(quoted, ", "))
		deps = append(deps, "contio_webhook_filter.this")
	}
	if c.app {
		fmt.Fprintf(&b, "data \"contio_app\" \"this\" {\n  depends_on = [%s]\n}\n\n", strings.Join(deps, ", "))
		b.WriteString("output \"app\" {\n  value = {\n    enabled = data.contio_app.this.webhook_enabled\n    filter  = data.contio_app.this.webhook_filter\n  }\n}\n")
	}
	return b.String()
}

func (c convConfig) String() string {
	var parts []string
	switch s := c.status; {
	case s == nil:
		parts = append(parts, "no status")
	case s.disposition == "":
		parts = append(parts, fmt.Sprintf("status enabled=%t", s.enabled))
	default:
		parts = append(parts, fmt.Sprintf("status enabled=%t disposition=%s", s.enabled, s.disposition))
	}
	if c.filter == nil {
		parts = append(parts, "no filter")
	} else {
		parts = append(parts, fmt.Sprintf("filter %s %v", c.filter.typ, c.filter.events))
	}
	if c.app {
		parts = append(parts, "data contio_app (depends_on) + output")
	}
	return strings.Join(parts, "; ")
}

func (o convOOB) String() string {
	switch o.kind {
	case oobAutoDisable:
		return fmt.Sprintf("out of band: Contio auto-disables the app (failing endpoint, 50 abandoned), endpoint fixed; then events %v", o.events)
	case oobFilterEdit:
		return fmt.Sprintf("out of band: filter replaced with %s %v", o.filter.typ, o.filter.events)
	case oobFilterRemove:
		return "out of band: filter removed"
	default:
		return fmt.Sprintf("out of band: events while disabled %v", o.events)
	}
}

func (m convModel) String() string {
	f := "none"
	if m.filter != nil {
		f = fmt.Sprintf("%s %v", m.filter.Type, m.filter.Events)
	}
	return fmt.Sprintf("enabled=%t filter=%s pending=%d", m.enabled, f, m.pending)
}

func (sc convScenario) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "scenario seed %d: app initially enabled=%t\n", sc.seed, sc.initialEnabled)
	for i, s := range sc.steps {
		if s.oob != nil {
			fmt.Fprintf(&b, "  %d. %s\n", i+1, s.oob)
		} else {
			fmt.Fprintf(&b, "  %d. apply %s\n", i+1, s.config)
		}
	}
	return b.String()
}
