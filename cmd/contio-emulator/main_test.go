package main

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/contio/terraform-provider-contio/internal/emulator"
)

func TestParseFlags(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		want    config
		wantErr string
	}{
		{"defaults", nil, config{addr: "127.0.0.1:8085"}, ""},
		{"everything", []string{
			"--addr", "127.0.0.1:0", "--client-id", "app_x", "--api-key", "ck_x", "--webhook-url", "http://h/w",
			"--deliver-every", "10s", "--seed", "7", "--event-types", " meeting.transcribed, note.shared ,",
		}, config{
			addr: "127.0.0.1:0", clientID: "app_x", apiKey: "ck_x", webhookURL: "http://h/w",
			deliverEvery: 10 * time.Second, seed: 7, eventTypes: []string{"meeting.transcribed", "note.shared"},
		}, ""},
		{"a stray argument", []string{"--seed", "7", "serve"}, config{}, "unexpected arguments"},
		{"a bad seed", []string{"--seed", "-1"}, config{}, "seed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseFlags(tt.args)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("error = %v, want one about %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.addr != tt.want.addr || got.clientID != tt.want.clientID || got.apiKey != tt.want.apiKey ||
				got.webhookURL != tt.want.webhookURL || got.deliverEvery != tt.want.deliverEvery || got.seed != tt.want.seed ||
				!slices.Equal(got.eventTypes, tt.want.eventTypes) {
				t.Errorf("parseFlags = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestNewEmulatorLearnsEventTypes(t *testing.T) {
	emu, err := newEmulator(config{eventTypes: []string{"meeting.transcribed"}})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(emu.EventTypes(), "meeting.transcribed") {
		t.Errorf("EventTypes() = %v, want meeting.transcribed among them", emu.EventTypes())
	}
	if _, err := newEmulator(config{eventTypes: []string{"Not A Type"}}); err == nil || !strings.Contains(err.Error(), "--event-types") {
		t.Errorf("a malformed type: error = %v, want one naming --event-types", err)
	}
}

// --seed reaches the emulator: its rate faults draw as Options.Seed says.
func TestNewEmulatorSeedsFaults(t *testing.T) {
	pattern := func(emu *emulator.Emulator) []int {
		if err := emu.InjectFault(emulator.Fault{Status: 503, Rate: 0.5}); err != nil {
			t.Fatal(err)
		}
		var statuses []int
		for range 64 {
			rec := httptest.NewRecorder()
			emu.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, emulator.PathApp, nil))
			statuses = append(statuses, rec.Code)
		}
		return statuses
	}
	fromFlags, err := newEmulator(config{seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	got := pattern(fromFlags)
	if want := pattern(emulator.New(emulator.Options{Seed: 7})); !slices.Equal(got, want) {
		t.Errorf("--seed 7 faulted %v, Options.Seed 7 faults %v", got, want)
	}
	if unseeded := pattern(emulator.New(emulator.Options{})); slices.Equal(got, unseeded) {
		t.Error("--seed 7 draws like seed 0: the flag does not reach the emulator")
	}
}
