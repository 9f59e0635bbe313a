package contio_test

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/contio/terraform-provider-contio/internal/contio"
)

// sameJSON reports whether a and b hold the same JSON value, whatever
// their spacing and key order.
func sameJSON(t *testing.T, a, b []byte) bool {
	t.Helper()
	var va, vb any
	if err := json.Unmarshal(a, &va); err != nil {
		t.Fatalf("%s: %v", a, err)
	}
	if err := json.Unmarshal(b, &vb); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	return reflect.DeepEqual(va, vb)
}

// TestClientReadsTheContractsApp: every field of the App example arrives
// where the provider reads it, so a wrong JSON tag fails here.
func TestClientReadsTheContractsApp(t *testing.T) {
	app, err := contractServer(t, 200, contractExample(t, "app.json"), nil).GetApp(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	want := &contio.App{
		ID:                  "app_7f3c",
		Name:                "Acme Notes Sync",
		WebhookURL:          "https://hooks.example.com/contio",
		PrimaryContactEmail: "ops@example.com",
		WebhookEnabled:      true,
		WebhookFilter:       &contio.WebhookFilter{Type: contio.FilterInclude, Events: []string{"meeting.created", "meeting.completed"}},
	}
	if !reflect.DeepEqual(app, want) {
		t.Errorf("decoded\n %+v\nwant\n %+v", app, want)
	}
}

// TestClientSendsTheContractsRequests: the bodies of the two PUTs are the
// contract's examples.
func TestClientSendsTheContractsRequests(t *testing.T) {
	var sent []byte
	c := contractServer(t, 200, contractExample(t, "app.json"), func(b []byte) { sent = b })

	if _, err := c.SetWebhookFilter(t.Context(), contio.FilterInclude, []string{"meeting.created", "meeting.completed"}); err != nil {
		t.Fatal(err)
	}
	if want := contractExample(t, "filter_request.json"); !sameJSON(t, sent, want) {
		t.Errorf("filter PUT sent %s, want %s", sent, want)
	}
	if _, err := c.UpdateWebhookStatus(t.Context(), true, contio.DispositionDeliver); err != nil {
		t.Fatal(err)
	}
	if want := contractExample(t, "status_request.json"); !sameJSON(t, sent, want) {
		t.Errorf("status PUT sent %s, want %s", sent, want)
	}
}

// TestClientReadsTheContractsDeliveriesPage: every field of a delivery and
// the page's cursor arrive.
func TestClientReadsTheContractsDeliveriesPage(t *testing.T) {
	page, err := contractServer(t, 200, contractExample(t, "deliveries_page.json"), nil).
		ListWebhookDeliveries(t.Context(), contio.ListDeliveriesParams{})
	if err != nil {
		t.Fatal(err)
	}
	lastAttempt := time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)
	cursor := "bzo1MA"
	want := &contio.DeliveryPage{
		Data: []contio.Delivery{{
			ID: "whd_000012", EventID: "evt_000011", EventType: "meeting.created", Status: contio.DeliveryFailed,
			Attempts: 3, LastAttemptAt: &lastAttempt, LastError: "HTTP 503", CreatedAt: time.Date(2026, 11, 26, 9, 58, 0, 0, time.UTC),
		}},
		NextCursor: &cursor,
	}
	if !reflect.DeepEqual(page, want) {
		t.Errorf("decoded\n %+v\nwant\n %+v", page, want)
	}
}
