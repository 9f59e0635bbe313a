package contio_test

import (
	"strings"
	"testing"

	"github.com/contio/terraform-provider-contio/internal/contio"
)

func TestCheckBaseURL(t *testing.T) {
	tests := []struct {
		url     string
		wantErr string // "" when allowed
	}{
		{"https://api.contio.ai", ""},
		{"https://proxy.internal:8443", ""},
		{"HTTPS://api.contio.ai", ""},
		{"http://127.0.0.1:8085", ""},
		{"http://localhost:8085", ""},
		{"http://LocalHost", ""},
		{"http://[::1]:8085", ""},
		{"http://127.9.9.9", ""},
		{"http://api.contio.ai", "clear text"},
		{"http://10.0.0.5:8085", "clear text"},
		{"http://localhost.evil.example", "clear text"},
		{"http://[::ffff:10.0.0.1]", "clear text"},
		{"ftp://127.0.0.1", "must use https://"},
		{"ws://api.contio.ai", "must use https://"},
		{"api.contio.ai", "not an absolute URL"},
		{"/v1", "not an absolute URL"},
		{"://x", "not an absolute URL"},
		{"", "not an absolute URL"},
		// A credential in the URL is never quoted back.
		{"http://user:s3cret@api.contio.ai", `"http://xxxxx@api.contio.ai" holds an @`},
		{"http://s3cret@api.contio.ai", `"http://xxxxx@api.contio.ai" holds an @`}, // a token as the user name
		{"http://s3cret:@api.contio.ai", `"http://xxxxx@api.contio.ai" holds an @`},
		// User info is refused on https too: the API never takes it, and
		// net/http would send it to Contio as Basic credentials.
		{"https://s3cret@api.contio.ai", `"https://xxxxx@api.contio.ai" holds an @`},
		// A / in a token moves the @ out of the user info: the host would
		// be user:1234, which the key must not reach.
		{"https://user:1234/s3cret@api.contio.ai", "(not shown: it holds an @"},
		{"ftp://api.contio.ai/?key=s3cret", `"ftp://api.contio.ai/" (query not shown) must use`},
		{"ftp://api.contio.ai/#access_token=s3cret", `"ftp://api.contio.ai/" (fragment not shown) must use`},
		{"ftp://api.contio.ai/?a=s3cret#s3cret", `"ftp://api.contio.ai/" (query and fragment not shown) must use`},
		{"user:s3cret@api.contio.ai", "(not shown: it holds an @"},
		{"api.contio.ai?key=s3cret", "(not shown: it holds an @, a ? or a #"},
		{"api.contio.ai#s3cret", "(not shown: it holds an @, a ? or a #"},
		// A / or # in the credential ends the authority before the @: what
		// url.Parse takes for the host and the path holds the credential.
		{"http://user:1234/s3cret@api.contio.ai", "(not shown: it holds an @"},
		{"http://s3/cret@api.contio.ai", "(not shown: it holds an @"},
		{"ftp://user:1234#s3cret@api.contio.ai", "(not shown: it holds an @"},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			err := contio.CheckBaseURL(tt.url)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("refused: %v", err)
			case tt.wantErr != "" && err == nil:
				t.Error("allowed")
			case tt.wantErr != "" && !strings.Contains(err.Error(), tt.wantErr):
				t.Errorf("error %q does not say %q", err, tt.wantErr)
			}
			if err != nil && strings.Contains(err.Error(), "s3cret") {
				t.Errorf("error %q quotes the credential in the URL", err)
			}
			// New applies the same rule.
			if _, err := contio.New(tt.url, "app", "key"); (err == nil) != (tt.wantErr == "") {
				t.Errorf("New: error %v, want refused=%v", err, tt.wantErr != "")
			}
		})
	}
}
