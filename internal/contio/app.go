package contio

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
)

// GetApp returns the app with its webhook status and filter.
func (c *Client) GetApp(ctx context.Context) (*App, error) {
	return c.appCall(ctx, http.MethodGet, "/v1/partner/admin/app", nil)
}

// UpdateWebhookStatus enables or disables webhook delivery. disposition is
// required by the API when enabled re-enables a disabled app; pass "" otherwise.
func (c *Client) UpdateWebhookStatus(ctx context.Context, enabled bool, disposition PendingDisposition) (*App, error) {
	body := WebhookStatusRequest{Enabled: enabled, PendingDisposition: disposition}
	return c.appCall(ctx, http.MethodPut, "/v1/partner/admin/webhook-status", body)
}

// SetWebhookFilter replaces the app's webhook filter.
func (c *Client) SetWebhookFilter(ctx context.Context, filterType FilterType, events []string) (*App, error) {
	body := WebhookFilter{Type: filterType, Events: events}
	return c.appCall(ctx, http.MethodPut, "/v1/partner/admin/webhook-filter", body)
}

// RemoveWebhookFilter removes the app's webhook filter, so every supported
// event is delivered again.
func (c *Client) RemoveWebhookFilter(ctx context.Context) (*App, error) {
	return c.appCall(ctx, http.MethodDelete, "/v1/partner/admin/webhook-filter", nil)
}

// appCall is every call that answers with the App: one decoding, one
// normalisation, whichever call it was.
func (c *Client) appCall(ctx context.Context, method, path string, in any) (*App, error) {
	var app *App
	err := c.do(ctx, method, path, nil, in, func(body []byte) (err error) {
		app, err = decodeApp(body, c.clientID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return app, nil
}

// errNotAnApp rejects a JSON object without webhook_enabled, the one field
// every App answer has: a proxy's "{}" must not read as "webhooks disabled".
var errNotAnApp = errors.New("not an App: webhook_enabled is missing")

// decodeApp decodes an App answer and normalises it.
func decodeApp(body []byte, clientID string) (*App, error) {
	var probe struct {
		WebhookEnabled *bool `json:"webhook_enabled"`
	}
	if err := json.Unmarshal(body, &probe); err != nil {
		return nil, err
	}
	if probe.WebhookEnabled == nil {
		return nil, errNotAnApp
	}
	var app App
	if err := json.Unmarshal(body, &app); err != nil {
		return nil, err
	}
	var present struct {
		Name, WebhookURL, PrimaryContactEmail *string
	}
	if err := json.Unmarshal(body, &struct {
		Name                **string `json:"name"`
		WebhookURL          **string `json:"webhook_url"`
		PrimaryContactEmail **string `json:"primary_contact_email"`
	}{&present.Name, &present.WebhookURL, &present.PrimaryContactEmail}); err != nil {
		return nil, err
	}
	app.Omitted = OmittedFields{ID: app.ID == "", Name: present.Name == nil, WebhookURL: present.WebhookURL == nil,
		PrimaryContactEmail: present.PrimaryContactEmail == nil}
	normalizeApp(&app, clientID)
	return &app, nil
}

// normalizeApp irons out what the contract leaves loose, so the provider
// never sees a spurious diff: the filter's events are a set (the API
// de-duplicates them, but an answer listing one twice must not make Terraform
// plan a change); the always-delivered type, which no filter can hold and no
// configuration may list, is dropped should an answer echo it (else it would
// be a diff no configuration could settle); and the id, assumed to equal the
// client id, falls back to it when the answer leaves it out.
func normalizeApp(app *App, clientID string) {
	if app.ID == "" {
		app.ID = clientID
	}
	if f := app.WebhookFilter; f != nil && len(f.Events) > 0 {
		seen := make(map[string]bool, len(f.Events))
		kept := f.Events[:0]
		for _, ev := range f.Events {
			if !seen[ev] && ev != AlwaysDeliveredEventType {
				seen[ev] = true
				kept = append(kept, ev)
			}
		}
		f.Events = kept
	}
}
