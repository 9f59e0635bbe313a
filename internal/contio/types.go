package contio

import "time"

// FilterType says how a webhook filter's events are read.
type FilterType string

const (
	// FilterInclude delivers only the listed events.
	FilterInclude FilterType = "include"
	// FilterExclude delivers every supported event except the listed ones.
	FilterExclude FilterType = "exclude"
)

// FilterTypes lists the valid filter types, for validators and docs.
func FilterTypes() []string { return []string{string(FilterInclude), string(FilterExclude)} }

// PendingDisposition says what happens to deliveries queued while webhooks were
// disabled, when they are re-enabled.
type PendingDisposition string

const (
	// DispositionDeliver leaves the backlog queued for the next delivery cycle.
	DispositionDeliver PendingDisposition = "deliver"
	// DispositionAbandon discards the backlog.
	DispositionAbandon PendingDisposition = "abandon"
)

// PendingDispositions lists the valid dispositions, for validators and docs.
func PendingDispositions() []string {
	return []string{string(DispositionDeliver), string(DispositionAbandon)}
}

// DeliveryStatus is the state of one webhook delivery.
type DeliveryStatus string

const (
	DeliveryPending   DeliveryStatus = "pending"
	DeliveryDelivered DeliveryStatus = "delivered"
	DeliveryFailed    DeliveryStatus = "failed"
	DeliveryAbandoned DeliveryStatus = "abandoned"
)

// DeliveryStatuses lists every delivery status.
func DeliveryStatuses() []DeliveryStatus {
	return []DeliveryStatus{DeliveryPending, DeliveryDelivered, DeliveryFailed, DeliveryAbandoned}
}

// App is the partner app as GET /v1/partner/admin/app returns it. Fields the
// contract marks as assumed may be absent; they decode to their zero value
// (ID to the client id), and Omitted says which were.
type App struct {
	ID                  string         `json:"id"`
	Name                string         `json:"name"`
	WebhookURL          string         `json:"webhook_url"`
	PrimaryContactEmail string         `json:"primary_contact_email"`
	WebhookEnabled      bool           `json:"webhook_enabled"`
	WebhookFilter       *WebhookFilter `json:"webhook_filter"`
	Omitted             OmittedFields  `json:"-"`
}

// OmittedFields says which of the App's assumed fields an answer left out or
// sent as null (an empty id counts too), so that callers can tell "missing"
// from "empty".
type OmittedFields struct {
	ID, Name, WebhookURL, PrimaryContactEmail bool
}

// WebhookFilter is an app's event filter. A nil *WebhookFilter means no filter:
// every supported event is delivered.
type WebhookFilter struct {
	Type   FilterType `json:"type"`
	Events []string   `json:"events"`
}

// WebhookStatusRequest is the body of PUT /v1/partner/admin/webhook-status.
// PendingDisposition is required by the API only when it re-enables a disabled app.
type WebhookStatusRequest struct {
	Enabled            bool               `json:"enabled"`
	PendingDisposition PendingDisposition `json:"pending_disposition,omitempty"`
}

// Delivery is one attempt-tracked webhook delivery.
type Delivery struct {
	ID            string         `json:"id"`
	EventID       string         `json:"event_id"`
	EventType     string         `json:"event_type"`
	Status        DeliveryStatus `json:"status"`
	Attempts      int            `json:"attempts"`
	LastAttemptAt *time.Time     `json:"last_attempt_at"`
	LastError     string         `json:"last_error"`
	CreatedAt     time.Time      `json:"created_at"`
}

// DeliveryPage is one page of GET /v1/partner/admin/webhook-deliveries.
type DeliveryPage struct {
	Data       []Delivery `json:"data"`
	NextCursor *string    `json:"next_cursor"`
}

// ListDeliveriesParams narrows GET /v1/partner/admin/webhook-deliveries. Zero
// values are left out of the query, so the API's defaults apply.
type ListDeliveriesParams struct {
	Status DeliveryStatus
	Limit  int
	Cursor string
}

// MaxDeliveriesPageSize is the largest page the deliveries endpoint serves.
const MaxDeliveriesPageSize = 100
