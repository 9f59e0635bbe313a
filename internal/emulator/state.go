package emulator

import (
	"maps"
	"time"

	"github.com/contio/terraform-provider-contio/internal/contio"
)

// AppState is everything the emulator knows about an app, as the control API
// shows it: what the Partner API shows, plus what only Contio sees.
type AppState struct {
	App                   contio.App                    `json:"app"`
	AutoDisable           bool                          `json:"auto_disable"`
	EnabledAt             time.Time                     `json:"enabled_at"`
	LastSuccessAt         *time.Time                    `json:"last_success_at"`
	AbandonedSinceEnabled int                           `json:"abandoned_since_enabled"`
	FailuresSinceSuccess  int                           `json:"failures_since_success"`
	DeliveryCounts        map[contio.DeliveryStatus]int `json:"delivery_counts"`
	Deliveries            []contio.Delivery             `json:"deliveries"`
	Notifications         []Notification                `json:"notifications"`
}

// AppState returns a snapshot of one app.
func (e *Emulator) AppState(clientID string) (AppState, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	a, err := e.appLocked(clientID)
	if err != nil {
		return AppState{}, err
	}
	s := AppState{
		App:                   a.snapshot(),
		AutoDisable:           a.autoDisable,
		EnabledAt:             a.enabledAt,
		LastSuccessAt:         a.lastSuccessAt,
		AbandonedSinceEnabled: a.abandonedSinceEnabled,
		FailuresSinceSuccess:  a.failuresSinceSuccess,
		DeliveryCounts:        map[contio.DeliveryStatus]int{},
		Deliveries:            make([]contio.Delivery, 0, len(a.deliveries)),
		Notifications:         append([]Notification{}, a.notifications...),
	}
	for _, st := range contio.DeliveryStatuses() {
		s.DeliveryCounts[st] = 0
	}
	for _, d := range a.deliveries {
		s.DeliveryCounts[d.Status]++
		s.Deliveries = append(s.Deliveries, d.Delivery)
	}
	return s, nil
}

// RequestCounts returns how many Partner API calls the emulator has answered,
// by "METHOD /path" (faulted and unauthorised calls included).
func (e *Emulator) RequestCounts() map[string]int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return maps.Clone(e.requests)
}

// ResetRequestCounts zeroes the Partner API call counters.
func (e *Emulator) ResetRequestCounts() {
	e.mu.Lock()
	defer e.mu.Unlock()
	clear(e.requests)
}

// SinkHits returns how many webhooks each built-in sink ("ok", "fail") received.
func (e *Emulator) SinkHits() map[string]int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return maps.Clone(e.sinkHits)
}
