package contio_test

import (
	"context"
	"net/http"
	"slices"
	"testing"

	"github.com/contio/terraform-provider-contio/internal/contio"
)

// TestAppAnswersAreNormalised sends every call that answers with an App the
// same loose answers: each must come back normalised.
func TestAppAnswersAreNormalised(t *testing.T) {
	calls := map[string]func(context.Context, *contio.Client) (*contio.App, error){
		"GetApp": func(ctx context.Context, c *contio.Client) (*contio.App, error) { return c.GetApp(ctx) },
		"UpdateWebhookStatus": func(ctx context.Context, c *contio.Client) (*contio.App, error) {
			return c.UpdateWebhookStatus(ctx, true, contio.DispositionDeliver)
		},
		"SetWebhookFilter": func(ctx context.Context, c *contio.Client) (*contio.App, error) {
			return c.SetWebhookFilter(ctx, contio.FilterInclude, []string{"meeting.created"})
		},
		"RemoveWebhookFilter": func(ctx context.Context, c *contio.Client) (*contio.App, error) {
			return c.RemoveWebhookFilter(ctx)
		},
	}
	answers := []struct {
		name       string
		body       string
		wantID     string
		wantEvents []string // nil: no filter
		omitted    contio.OmittedFields
	}{
		{
			name:       "duplicate events, first occurrences kept in order",
			body:       `{"id":"app_test","webhook_enabled":true,"webhook_filter":{"type":"include","events":["meeting.updated","meeting.created","meeting.updated","participant.added","meeting.created"]}}`,
			wantID:     "app_test",
			wantEvents: []string{"meeting.updated", "meeting.created", "participant.added"},
			omitted:    contio.OmittedFields{Name: true, WebhookURL: true, PrimaryContactEmail: true},
		},
		{
			name:       "the always-delivered type echoed",
			body:       `{"id":"app_test","webhook_enabled":true,"webhook_filter":{"type":"include","events":["user.connection.revoked","meeting.created"]}}`,
			wantID:     "app_test",
			wantEvents: []string{"meeting.created"},
			omitted:    contio.OmittedFields{Name: true, WebhookURL: true, PrimaryContactEmail: true},
		},
		{
			name:    "missing id",
			body:    `{"webhook_enabled":false,"webhook_filter":null}`,
			wantID:  "app_test",
			omitted: contio.OmittedFields{ID: true, Name: true, WebhookURL: true, PrimaryContactEmail: true},
		},
		{
			name:    "null and empty fields",
			body:    `{"id":null,"name":null,"webhook_url":"","primary_contact_email":null,"webhook_enabled":true}`,
			wantID:  "app_test",
			omitted: contio.OmittedFields{ID: true, Name: true, PrimaryContactEmail: true},
		},
		{
			name:       "empty id",
			body:       `{"id":"","webhook_enabled":true,"webhook_filter":{"type":"exclude","events":["meeting.created"]}}`,
			wantID:     "app_test",
			wantEvents: []string{"meeting.created"},
			omitted:    contio.OmittedFields{ID: true, Name: true, WebhookURL: true, PrimaryContactEmail: true},
		},
		{
			name:   "an id of its own is kept",
			body:   `{"id":"app_other","name":"Acme","webhook_url":"https://h.example","primary_contact_email":"o@example.com","webhook_enabled":true}`,
			wantID: "app_other",
		},
	}
	for name, call := range calls {
		for _, a := range answers {
			t.Run(name+"/"+a.name, func(t *testing.T) {
				url := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
					answer{status: 200, contentType: "application/json", body: a.body}.serve(w)
				}))
				app, err := call(t.Context(), newTestClient(t, url))
				if err != nil {
					t.Fatal(err)
				}
				if app.ID != a.wantID {
					t.Errorf("id = %q, want %q", app.ID, a.wantID)
				}
				var events []string
				if app.WebhookFilter != nil {
					events = app.WebhookFilter.Events
				}
				if app.Omitted != a.omitted {
					t.Errorf("omitted = %+v, want %+v", app.Omitted, a.omitted)
				}
				if !slices.Equal(events, a.wantEvents) {
					t.Errorf("events = %v, want %v", events, a.wantEvents)
				}
			})
		}
	}
}
