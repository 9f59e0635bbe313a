package emulator

import (
	"encoding/base64"
	"testing"
)

func TestDecodeCursor(t *testing.T) {
	raw := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
	tests := []struct {
		name   string
		cursor string
		want   int
		ok     bool
	}{
		{"none: the first page", "", 0, true},
		{"one this API made", encodeCursor(40), 40, true},
		{"a leading zero", raw("o:040"), 0, false},
		{"a plus sign", raw("o:+40"), 0, false},
		{"negative", raw("o:-1"), 0, false},
		{"no prefix", raw("40"), 0, false},
		{"not a number", raw("o:forty"), 0, false},
		{"padded base64", base64.URLEncoding.EncodeToString([]byte("o:40")), 0, false},
		{"not base64", "!!", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := decodeCursor(tt.cursor)
			if (err == nil) != tt.ok || got != tt.want {
				t.Errorf("decodeCursor(%q) = %d, %v; want %d, ok=%v", tt.cursor, got, err, tt.want, tt.ok)
			}
		})
	}
}
