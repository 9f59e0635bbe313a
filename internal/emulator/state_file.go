package emulator

import (
	"cmp"
	"errors"
	"fmt"
	"os"

	"github.com/contio/terraform-provider-contio/internal/contio"
)

// StateFile is a starting state, as `contio-emulator --state FILE` reads it
// (the command's README documents every field). DeliveryOrder and
// IgnoreDeliveryStatus are options of New (see Options); LoadState applies
// the rest.
type StateFile struct {
	// EventTypes are learned before anything else, so that filters and
	// seeded deliveries may use them; AnyShape learns them as
	// AddEventTypesAnyShape does.
	EventTypes           []string      `json:"event_types"`
	AnyShape             bool          `json:"any_shape"`
	DeliveryOrder        DeliveryOrder `json:"delivery_order"`
	IgnoreDeliveryStatus bool          `json:"ignore_delivery_status"`
	Faults               []Fault       `json:"faults"`
	Apps                 []AppSeed     `json:"apps"`
}

// AppSeed is one app of a state file: an AppSpec, whose credentials are
// required, with its endpoint and delivery history.
type AppSeed struct {
	AppSpec
	// Endpoint names a built-in sink, "ok" or "fail", instead of a WebhookURL.
	Endpoint   string       `json:"endpoint"`
	Deliveries DeliverySeed `json:"deliveries"`
}

// Built-in sinks by their name in a state file.
var endpointSinks = map[string]string{"ok": SinkOKPath, "fail": SinkFailPath}

// DeliverySeed is an app's delivery history, by status. The deliveries are
// created at load time in this order: delivered, abandoned,
// abandoned_unattempted, failed, pending.
type DeliverySeed struct {
	// EventType of every seeded delivery; empty means the first catalog type
	// the app's filter delivers.
	EventType string `json:"event_type"`
	// Delivered: one successful attempt.
	Delivered int `json:"delivered"`
	// Abandoned: every attempt failed with "HTTP 503"; they count toward the
	// 50-abandoned rule.
	Abandoned int `json:"abandoned"`
	// AbandonedUnattempted: discarded without an attempt, as by
	// pending_disposition "abandon"; no last_error.
	AbandonedUnattempted int `json:"abandoned_unattempted"`
	// Failed: one failed attempt ("HTTP 503"), the first retry due later.
	Failed int `json:"failed"`
	// Pending: never attempted; sent on the next cycle while enabled.
	Pending int `json:"pending"`
}

// ReadStateFile reads and checks a state file. Its errors start with the
// file's path and name the offending field.
func ReadStateFile(path string) (StateFile, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return StateFile{}, err
	}
	s, err := ParseStateFile(b)
	if err != nil {
		return StateFile{}, fmt.Errorf("state file %s: %w", path, err)
	}
	return s, nil
}

// ParseStateFile decodes a state file strictly: an unknown field, a value of
// the wrong kind or a rule broken is an error naming its path, such as
// apps[0].deliveries.pending. What depends on the emulator (event types,
// filters, faults) is checked by LoadState.
func ParseStateFile(b []byte) (StateFile, error) {
	var s StateFile
	if err := decodeStrict(b, &s); err != nil {
		return StateFile{}, err
	}
	seen := map[string]bool{}
	for i, a := range s.Apps {
		at := func(field string) string { return fmt.Sprintf("apps[%d].%s", i, field) }
		switch {
		case a.ClientID == "":
			return StateFile{}, fmt.Errorf("%s: required", at("client_id"))
		case seen[a.ClientID]:
			return StateFile{}, fmt.Errorf("%s: %q is already the client id of another app", at("client_id"), a.ClientID)
		case a.APIKey == "":
			return StateFile{}, fmt.Errorf("%s: required, so that a client can use the app", at("api_key"))
		case a.Endpoint != "" && endpointSinks[a.Endpoint] == "":
			return StateFile{}, fmt.Errorf(`%s: %q is not a built-in sink: want "ok" or "fail"`, at("endpoint"), a.Endpoint)
		case a.Endpoint != "" && a.WebhookURL != "":
			return StateFile{}, fmt.Errorf("%s: give endpoint or webhook_url, not both", at("endpoint"))
		case a.OmitID && a.AppID != "":
			return StateFile{}, fmt.Errorf("%s: give app_id or omit_id, not both", at("omit_id"))
		}
		seen[a.ClientID] = true
		d := a.Deliveries
		for _, c := range []struct {
			name string
			n    int
		}{{"delivered", d.Delivered}, {"abandoned", d.Abandoned}, {"abandoned_unattempted", d.AbandonedUnattempted}, {"failed", d.Failed}, {"pending", d.Pending}} {
			if c.n < 0 {
				return StateFile{}, fmt.Errorf("%s: %d is negative", at("deliveries."+c.name), c.n)
			}
			if c.n > maxSeededDeliveries {
				return StateFile{}, fmt.Errorf("%s: %d is more than the %d a state file may seed", at("deliveries."+c.name), c.n, maxSeededDeliveries)
			}
		}
	}
	return s, nil
}

// maxSeededDeliveries bounds each count of a state file's deliveries, so a
// typo cannot make start-up exhaust memory.
const maxSeededDeliveries = 100_000

// Options returns opts with the file's options set.
func (s StateFile) Options(opts Options) Options {
	opts.DeliveryOrder = cmp.Or(s.DeliveryOrder, opts.DeliveryOrder)
	opts.IgnoreDeliveryStatus = opts.IgnoreDeliveryStatus || s.IgnoreDeliveryStatus
	return opts
}

// LoadState learns the file's event types, injects its faults and creates
// its apps with their delivery history. baseURL is where the emulator is
// served, for the built-in sinks. On error the emulator is partly loaded and
// should be discarded.
func (e *Emulator) LoadState(s StateFile, baseURL string) ([]Credentials, error) {
	if len(s.EventTypes) > 0 {
		if _, err := e.catalog.add(s.EventTypes, s.AnyShape); err != nil {
			return nil, fmt.Errorf("event_types: %s", message(err))
		}
	}
	for i, f := range s.Faults {
		if _, err := e.injectFault(f); err != nil {
			return nil, fmt.Errorf("faults[%d]: %s", i, message(err))
		}
	}
	var out []Credentials
	for i, a := range s.Apps {
		spec := a.AppSpec
		if a.Endpoint != "" {
			spec.WebhookURL = baseURL + endpointSinks[a.Endpoint]
		}
		if f := spec.WebhookFilter; f != nil {
			if _, err := e.normalizeFilter(f.Type, f.Events); err != nil {
				return nil, fmt.Errorf("apps[%d].webhook_filter: %s", i, message(err))
			}
		}
		creds, err := e.CreateApp(spec)
		if err != nil {
			return nil, fmt.Errorf("apps[%d]: %s", i, message(err))
		}
		if err := e.seedDeliveries(creds.ClientID, a.Deliveries); err != nil {
			return nil, fmt.Errorf("apps[%d].deliveries.%w", i, err) // err names the field
		}
		out = append(out, creds)
	}
	return out, nil
}

// message is an emulator error's message without its code.
func message(err error) string {
	var ae *apiError
	if errors.As(err, &ae) {
		return ae.body.Message
	}
	return err.Error()
}

// seedDeliveries records an app's delivery history as if it had happened at
// the clock's current time, counters included, so the auto-disable rules
// see it at the next cycle.
func (e *Emulator) seedDeliveries(clientID string, s DeliverySeed) error {
	if s == (DeliverySeed{EventType: s.EventType}) {
		return nil
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	a, err := e.appLocked(clientID)
	if err != nil {
		return err
	}
	eventType, err := e.seedEventType(a, s.EventType)
	if err != nil {
		return err
	}
	now := e.clock.Now()
	const failure = "HTTP 503" // what the fail sink's answer gives
	seed := func(n int, set func(d *delivery)) {
		for range n {
			set(e.newDelivery(a, eventType, now))
		}
	}
	seed(s.Delivered, func(d *delivery) {
		d.Status, d.Attempts, d.LastAttemptAt, d.finishedAt = contio.DeliveryDelivered, 1, &now, &now
		a.lastSuccessAt = &now
	})
	seed(s.Abandoned, func(d *delivery) {
		d.Status, d.Attempts, d.LastAttemptAt, d.LastError, d.finishedAt = contio.DeliveryAbandoned, len(e.opts.RetrySchedule)+1, &now, failure, &now
		a.abandonedSinceEnabled++
		a.failuresSinceSuccess += d.Attempts
	})
	seed(s.AbandonedUnattempted, func(d *delivery) {
		d.Status, d.finishedAt = contio.DeliveryAbandoned, &now
	})
	seed(s.Failed, func(d *delivery) {
		d.Status, d.Attempts, d.LastAttemptAt, d.LastError = contio.DeliveryFailed, 1, &now, failure
		if len(e.opts.RetrySchedule) > 0 {
			d.nextAttemptAt = now.Add(e.opts.RetrySchedule[0])
		}
		a.failuresSinceSuccess++
	})
	seed(s.Pending, func(*delivery) {})
	return nil
}

// seedEventType is the event type of an app's seeded deliveries: want, when
// Contio emits it and the app's filter delivers it; else the first catalog
// type the filter delivers. Callers hold mu.
func (e *Emulator) seedEventType(a *app, want string) (string, error) {
	if want != "" {
		if !e.catalog.emits(want) {
			return "", fmt.Errorf("event_type: Contio emits no event of type %q; learn it in event_types first", want)
		}
		if !a.WebhookFilter.Passes(want) {
			return "", fmt.Errorf("event_type: the app's webhook_filter drops %q, and Contio records no delivery for a dropped event", want)
		}
		return want, nil
	}
	for _, t := range e.catalog.list() {
		if a.WebhookFilter.Passes(t) {
			return t, nil
		}
	}
	return contio.AlwaysDeliveredEventType, nil
}
