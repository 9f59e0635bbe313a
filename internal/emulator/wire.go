package emulator

import (
	"slices"
	"time"

	"github.com/contio/terraform-provider-contio/internal/contio"
)

// The Partner API's JSON, as CONTRACT.md writes it. The emulator encodes its
// answers and decodes its requests with these structs, never with the
// client's types: were they shared, a wrong JSON tag would be wrong on both
// sides at once and no test could see it. wire_test.go holds both sides to
// the contract's examples in internal/contio/testdata/contract.

// wireApp is the App (CONTRACT.md, "The App").
// The assumed fields are left out when the app has none, as the contract
// allows.
type wireApp struct {
	ID                  string      `json:"id,omitempty"`
	Name                string      `json:"name,omitempty"`
	WebhookURL          string      `json:"webhook_url,omitempty"`
	PrimaryContactEmail string      `json:"primary_contact_email,omitempty"`
	WebhookEnabled      bool        `json:"webhook_enabled"`
	WebhookFilter       *wireFilter `json:"webhook_filter"`
}

// wireFilter is an App's webhook_filter, and the body of a filter PUT.
type wireFilter struct {
	Type   contio.FilterType `json:"type"`
	Events []string          `json:"events"`
}

// wireDelivery is one row of the deliveries page. last_error is null
// unless the last attempt failed.
type wireDelivery struct {
	ID            string                `json:"id"`
	EventID       string                `json:"event_id"`
	EventType     string                `json:"event_type"`
	Status        contio.DeliveryStatus `json:"status"`
	Attempts      int                   `json:"attempts"`
	LastAttemptAt *time.Time            `json:"last_attempt_at"`
	LastError     *string               `json:"last_error"`
	CreatedAt     time.Time             `json:"created_at"`
}

// wireDeliveryPage is one page of GET /v1/partner/admin/webhook-deliveries.
type wireDeliveryPage struct {
	Data       []wireDelivery `json:"data"`
	NextCursor *string        `json:"next_cursor"`
}

// wire returns the App as the Partner API answers it, sharing nothing with state.
func (a *app) wire() wireApp {
	out := wireApp{
		ID:                  a.ID,
		Name:                a.Name,
		WebhookURL:          a.WebhookURL,
		PrimaryContactEmail: a.PrimaryContactEmail,
		WebhookEnabled:      a.WebhookEnabled,
	}
	if a.omitID {
		out.ID = ""
	}
	if f := a.WebhookFilter; f != nil {
		out.WebhookFilter = &wireFilter{Type: f.Type, Events: slices.Clone(f.Events)}
	}
	return out
}

// wireDeliveries returns a page of deliveries as the Partner API answers it.
func wireDeliveries(page contio.DeliveryPage) wireDeliveryPage {
	out := wireDeliveryPage{Data: make([]wireDelivery, 0, len(page.Data)), NextCursor: page.NextCursor}
	for _, d := range page.Data {
		out.Data = append(out.Data, wireDelivery{
			ID:            d.ID,
			EventID:       d.EventID,
			EventType:     d.EventType,
			Status:        d.Status,
			Attempts:      d.Attempts,
			LastAttemptAt: d.LastAttemptAt,
			LastError:     nilIfEmpty(d.LastError),
			CreatedAt:     d.CreatedAt,
		})
	}
	return out
}

func nilIfEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
