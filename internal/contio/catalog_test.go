package contio_test

import (
	"testing"

	"github.com/contio/terraform-provider-contio/internal/contio"
)

// The Webhook Management page's filter table, row by row.
func TestWebhookFilterPasses(t *testing.T) {
	include := &contio.WebhookFilter{Type: contio.FilterInclude, Events: []string{"meeting.created"}}
	exclude := &contio.WebhookFilter{Type: contio.FilterExclude, Events: []string{"meeting.created"}}
	tests := []struct {
		name   string
		filter *contio.WebhookFilter
		event  string
		want   bool
	}{
		{"no filter passes everything", nil, "calendar_event.deleted", true},
		{"include passes a listed type", include, "meeting.created", true},
		{"include drops an unlisted type", include, "meeting.updated", false},
		{"exclude drops a listed type", exclude, "meeting.created", false},
		{"exclude passes an unlisted type", exclude, "meeting.updated", true},
		{"the always-delivered type passes include", include, contio.AlwaysDeliveredEventType, true},
		{"the always-delivered type passes exclude", exclude, contio.AlwaysDeliveredEventType, true},
		{"names are compared as written", include, "Meeting.Created", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.filter.Passes(tt.event); got != tt.want {
				t.Errorf("Passes(%q) = %t, want %t", tt.event, got, tt.want)
			}
		})
	}
}
