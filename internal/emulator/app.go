package emulator

import (
	"cmp"
	"crypto/subtle"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/contio/terraform-provider-contio/internal/contio"
)

// app is one partner app and everything Contio keeps about it.
type app struct {
	contio.App
	// clientID is the key of the app in the emulator's apps and its
	// credentials' name; App.ID is the id Contio answers, normally the same.
	clientID    string
	apiKey      string
	autoDisable bool
	// omitID leaves id out of the Partner API's answers (AppSpec.OmitID).
	omitID bool

	deliveries    []*delivery
	notifications []Notification

	// enabledAt is when webhooks were last (re-)enabled; with lastSuccessAt it
	// is the reference point of the 72-hour rule.
	enabledAt     time.Time
	lastSuccessAt *time.Time
	// abandonedSinceEnabled counts deliveries abandoned after exhausting their
	// retries since webhooks were last enabled (the 50-abandoned rule).
	abandonedSinceEnabled int
	// failuresSinceSuccess counts failed attempts since the later of the last
	// success and the last (re-)enable ("failures recorded").
	failuresSinceSuccess int
}

// Notification is a message Contio attempted to send about an app.
type Notification struct {
	To      string    `json:"to"`
	Subject string    `json:"subject"`
	Reason  string    `json:"reason"`
	SentAt  time.Time `json:"sent_at"`
	// Sent is false when the app has no primary contact to notify.
	Sent bool `json:"sent"`
}

// AppSpec creates an app through the control API. Empty credentials are generated.
type AppSpec struct {
	ClientID string `json:"client_id"`
	APIKey   string `json:"api_key"`
	// AppID is the id the Partner API answers for the app; empty means the
	// client id. The contract assumes the two are equal; a different AppID is
	// a test-only deviation that plays a Contio where they are not.
	AppID string `json:"app_id"`
	// OmitID leaves id out of the app's Partner API answers, which the
	// contract allows: a test-only deviation, like AppID.
	OmitID              bool                  `json:"omit_id"`
	Name                string                `json:"name"`
	WebhookURL          string                `json:"webhook_url"`
	PrimaryContactEmail string                `json:"primary_contact_email"`
	AutoDisable         *bool                 `json:"auto_disable"`    // default true
	WebhookEnabled      *bool                 `json:"webhook_enabled"` // default true
	WebhookFilter       *contio.WebhookFilter `json:"webhook_filter"`
}

// AppPatch changes an app out of band, as Contio's staff or dashboard could.
type AppPatch struct {
	Name                *string `json:"name"`
	WebhookURL          *string `json:"webhook_url"`
	PrimaryContactEmail *string `json:"primary_contact_email"`
	AutoDisable         *bool   `json:"auto_disable"`
}

// Credentials authenticate one app on the Partner API.
type Credentials struct {
	ClientID string `json:"client_id"`
	APIKey   string `json:"api_key"`
}

// CreateApp adds an app and returns its credentials.
func (e *Emulator) CreateApp(spec AppSpec) (Credentials, error) {
	var filter *contio.WebhookFilter
	if spec.WebhookFilter != nil {
		f, err := e.normalizeFilter(spec.WebhookFilter.Type, spec.WebhookFilter.Events)
		if err != nil {
			return Credentials{}, err
		}
		filter = f
	}
	creds := Credentials{ClientID: spec.ClientID, APIKey: spec.APIKey}
	if creds.ClientID == "" {
		creds.ClientID = randomToken("app_", 4)
	}
	if creds.APIKey == "" {
		creds.APIKey = randomToken("ck_", 16)
	}
	if spec.OmitID && spec.AppID != "" {
		return Credentials{}, newAPIError(http.StatusBadRequest, contio.CodeInvalidRequest, "app_id and omit_id contradict each other: give one")
	}

	e.mu.Lock()
	defer e.mu.Unlock()
	if _, dup := e.apps[creds.ClientID]; dup {
		return Credentials{}, newAPIError(http.StatusConflict, "conflict", fmt.Sprintf("an app with client_id %q already exists", creds.ClientID))
	}
	e.apps[creds.ClientID] = &app{
		App: contio.App{
			ID:                  cmp.Or(spec.AppID, creds.ClientID),
			Name:                spec.Name,
			WebhookURL:          spec.WebhookURL,
			PrimaryContactEmail: spec.PrimaryContactEmail,
			WebhookEnabled:      spec.WebhookEnabled == nil || *spec.WebhookEnabled,
			WebhookFilter:       filter,
		},
		clientID:    creds.ClientID,
		apiKey:      creds.APIKey,
		autoDisable: spec.AutoDisable == nil || *spec.AutoDisable,
		omitID:      spec.OmitID,
		enabledAt:   e.clock.Now(),
	}
	return creds, nil
}

// PatchApp applies an out-of-band change to an app.
func (e *Emulator) PatchApp(clientID string, p AppPatch) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	a, err := e.appLocked(clientID)
	if err != nil {
		return err
	}
	if p.Name != nil {
		a.Name = *p.Name
	}
	if p.WebhookURL != nil {
		a.WebhookURL = *p.WebhookURL
	}
	if p.PrimaryContactEmail != nil {
		a.PrimaryContactEmail = *p.PrimaryContactEmail
	}
	if p.AutoDisable != nil {
		a.autoDisable = *p.AutoDisable
	}
	return nil
}

func (e *Emulator) appLocked(clientID string) (*app, error) {
	a, ok := e.apps[clientID]
	if !ok {
		return nil, newAPIError(http.StatusNotFound, contio.CodeNotFound, fmt.Sprintf("no app with client_id %q", clientID))
	}
	return a, nil
}

// authenticate returns the app whose credentials r carries. Callers hold mu.
func (e *Emulator) authenticate(r *http.Request) (*app, error) {
	clientID, key := r.Header.Get(contio.ClientIDHeader), r.Header.Get(contio.APIKeyHeader)
	a, ok := e.apps[clientID]
	if clientID == "" || key == "" || !ok || subtle.ConstantTimeCompare([]byte(a.apiKey), []byte(key)) != 1 {
		return nil, newAPIError(http.StatusUnauthorized, contio.CodeUnauthorized,
			"missing or invalid X-API-Key / X-Client-ID credentials")
	}
	return a, nil
}

// setStatus applies PUT webhook-status. Callers hold mu.
func (e *Emulator) setStatus(a *app, enabled bool, disposition contio.PendingDisposition) error {
	switch {
	case enabled && !a.WebhookEnabled:
		if disposition == "" {
			return newAPIError(http.StatusBadRequest, contio.CodePendingDispositionRequired,
				`pending_disposition is required when re-enabling webhooks: "deliver" keeps the deliveries queued while webhooks were disabled and sends them on the next delivery cycle; "abandon" discards them`)
		}
		if disposition == contio.DispositionAbandon {
			now := e.clock.Now()
			for _, d := range a.deliveries {
				if d.Status == contio.DeliveryPending {
					d.Status = contio.DeliveryAbandoned
					// Never attempted: the contract keeps last_error null.
					d.finishedAt = &now
				}
			}
		}
		a.WebhookEnabled = true
		a.enabledAt = e.clock.Now()
		a.abandonedSinceEnabled = 0
		a.failuresSinceSuccess = 0
	case !enabled && a.WebhookEnabled:
		a.WebhookEnabled = false
	}
	// Any other combination is already in the requested state; a disposition
	// there is accepted and ignored (the contract's assumption).
	return nil
}

// normalizeFilter validates a filter request against the emulator's catalog
// and returns the filter Contio stores: the always-delivered type dropped,
// duplicates removed, order kept.
func (e *Emulator) normalizeFilter(t contio.FilterType, events []string) (*contio.WebhookFilter, error) {
	if t != contio.FilterInclude && t != contio.FilterExclude {
		return nil, newAPIError(http.StatusBadRequest, contio.CodeInvalidRequest,
			fmt.Sprintf(`type must be "include" or "exclude", got %q`, t))
	}
	if len(events) == 0 {
		return nil, newAPIError(http.StatusBadRequest, contio.CodeInvalidRequest, "events must list at least one event type")
	}
	kept, invalid := e.catalog.sortFilterRequest(events)
	if len(invalid) > 0 {
		return nil, &apiError{status: http.StatusBadRequest, body: errorBody{
			Code:              contio.CodeInvalidEventTypes,
			Message:           "unsupported event types: " + strings.Join(invalid, ", "),
			InvalidEventTypes: invalid,
			ValidEventTypes:   e.catalog.list(),
		}}
	}
	if len(kept) == 0 {
		return nil, newAPIError(http.StatusBadRequest, contio.CodeInvalidRequest,
			contio.AlwaysDeliveredEventType+" is always delivered and cannot be filtered; list at least one other event type")
	}
	return &contio.WebhookFilter{Type: t, Events: kept}, nil
}

// snapshot returns the App as the control API shows it, sharing nothing
// with state.
func (a *app) snapshot() contio.App {
	out := a.App
	if a.WebhookFilter != nil {
		out.WebhookFilter = &contio.WebhookFilter{Type: a.WebhookFilter.Type, Events: slices.Clone(a.WebhookFilter.Events)}
	}
	return out
}
