package emulator

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/contio/terraform-provider-contio/internal/contio"
)

// serveFault answers a Partner API call that drew fault f: after f's latency,
// it fails the call the way f's kind says, handling it first for the kinds
// that apply the change.
func (e *Emulator) serveFault(w http.ResponseWriter, r *http.Request, h partnerHandler, f *Fault) {
	if f.LatencyMS > 0 {
		bufferBody(r)
		if !sleep(r.Context(), time.Duration(f.LatencyMS)*time.Millisecond) {
			return // the client gave up: nobody is left to answer
		}
	}
	switch f.Kind {
	case FaultStatus:
		if f.Status == 0 { // a latency-only fault
			status, body := e.handle(h, r)
			writeJSON(w, status, body)
			return
		}
		writeStatusFault(w, f)
	case FaultHTML:
		writeHTMLFault(w, f)
	case FaultDropBefore:
		dropConnection(w)
	case FaultDropAfter:
		e.handle(h, r)
		dropConnection(w)
	case FaultTruncated:
		status, body := e.handle(h, r)
		writeTruncated(w, status, body)
	}
}

// bufferBody reads r's body into memory. Go's server notices a client hanging
// up, and cancels r's context, only once the body has been read to its end;
// the delay must see that. Beyond maxBody nothing reads the body anyway.
func bufferBody(r *http.Request) {
	b, _ := io.ReadAll(io.LimitReader(r.Body, maxBody+1)) // a short read ends as a malformed body, as it would have
	r.Body = io.NopCloser(bytes.NewReader(b))
}

// sleep waits d, or until ctx ends; it reports whether the wait ran its course.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

func setRetryAfter(w http.ResponseWriter, f *Fault) {
	if f.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(f.RetryAfter))
	}
}

// writeStatusFault answers with the contract's error shape; a 429 carries the
// rate_limited code, as Contio's throttling would.
func writeStatusFault(w http.ResponseWriter, f *Fault) {
	setRetryAfter(w, f)
	code := "injected_fault"
	if f.Status == http.StatusTooManyRequests {
		code = contio.CodeRateLimited
	}
	writeError(w, newAPIError(f.Status, code, "fault injected by the emulator's control API"))
}

// writeHTMLFault answers the way a load balancer does when Contio behind it is
// unreachable: an HTML page, not the contract's JSON.
func writeHTMLFault(w http.ResponseWriter, f *Fault) {
	setRetryAfter(w, f)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(f.Status)
	title := html.EscapeString(fmt.Sprintf("%d %s", f.Status, http.StatusText(f.Status)))
	_, _ = fmt.Fprintf(w, "<html>\r\n<head><title>%s</title></head>\r\n<body>\r\n<center><h1>%s</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n", title, title)
}

// writeTruncated sends the answer's status and the first half of its JSON
// body, framed as a complete response: the client's HTTP layer is content,
// only the JSON decoding fails.
func writeTruncated(w http.ResponseWriter, status int, body any) {
	b, err := json.Marshal(body)
	if err != nil {
		writeError(w, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)/2))
	w.WriteHeader(status)
	_, _ = w.Write(b[:len(b)/2])
}

// dropConnection closes the client's connection without a byte of answer.
// Where the connection cannot be taken over (HTTP/2, a recorder), it aborts
// the handler, which the server turns into a reset stream or closed connection.
func dropConnection(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}
