package emulator

import (
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"

	"github.com/contio/terraform-provider-contio/internal/contio"
)

// Cursors are opaque to clients; here they wrap an offset into the list.
func encodeCursor(offset int) string {
	return base64.RawURLEncoding.EncodeToString([]byte("o:" + strconv.Itoa(offset)))
}

// decodeCursor returns the offset c wraps. It accepts only what encodeCursor
// makes ("o:007" or "o:+7" would also parse as 7), so that a cursor Contio
// never handed out is refused rather than half understood.
func decodeCursor(c string) (int, error) {
	if c == "" {
		return 0, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(c)
	s, ok := strings.CutPrefix(string(b), "o:")
	n, convErr := strconv.Atoi(s)
	if err != nil || !ok || convErr != nil || n < 0 || encodeCursor(n) != c {
		return 0, newAPIError(http.StatusBadRequest, contio.CodeInvalidRequest, "cursor is not one this API returned")
	}
	return n, nil
}
