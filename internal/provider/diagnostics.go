package provider

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/contio/terraform-provider-contio/internal/contio"
)

// addAPIError reports a failed API call: what failed (summary), what the API
// said, and what to do about it.
func addAPIError(diags *diag.Diagnostics, summary string, err error) {
	diags.AddError(summary, apiErrorDetail(err))
}

// apiErrorDetail is a failed call's error followed by advice. An answer's
// advice comes from its status code, whatever its body looked like; then
// from its body: Contio's word on a re-enable or on event types, a note that
// the answer was not JSON at all (something else answered), or a request
// for a report when it was JSON this provider version does not understand.
func apiErrorDetail(err error) string {
	a, ok := answerOf(err)
	if !ok {
		return err.Error() + noAnswerAdvice(err)
	}
	var b strings.Builder
	b.WriteString(err.Error())
	if advice := statusAdvice(a); advice != "" {
		b.WriteString("\n\n" + advice)
	}
	var unexpected *contio.UnexpectedResponseError
	apiErr, isAPIError := contio.AsAPIError(err)
	switch {
	case isAPIError && apiErr.Code == contio.CodePendingDispositionRequired:
		b.WriteString("\n\n" + dispositionAdvice)
	case errors.As(err, &unexpected) && unexpected.TooLarge:
		b.WriteString("\n\n" + tooLargeAdvice)
	case errors.As(err, &unexpected) && unexpected.JSON:
		b.WriteString("\n\n" + unknownShapeAdvice(unexpected))
	case errors.As(err, &unexpected) && unexpected.Cut:
		b.WriteString("\n\n" + cutAdvice(unexpected.Attempts))
	case errors.As(err, &unexpected):
		b.WriteString("\n\n" + notJSONAdvice)
	}
	if isAPIError && len(apiErr.ValidEventTypes) > 0 {
		fmt.Fprintf(&b, "\n\nValid event types: %s.", strings.Join(apiErr.ValidEventTypes, ", "))
	}
	return b.String()
}

// answered is what advice needs of an answer, whichever error carries it.
type answered struct {
	method, path   string
	status         int
	attempts       int
	longRetryAfter bool // Contio asked for a wait longer than the provider makes
	fromContio     bool // the body is JSON: Contio's, not a gateway's page
	requestID      string
}

// answerOf is the answer behind err, when the call got one.
func answerOf(err error) (answered, bool) {
	if e, ok := contio.AsAPIError(err); ok {
		return answered{e.Method, e.Path, e.StatusCode, e.Attempts, e.LongRetryAfter(), true, e.RequestID}, true
	}
	var e *contio.UnexpectedResponseError
	if errors.As(err, &e) {
		return answered{e.Method, e.Path, e.StatusCode, e.Attempts, e.LongRetryAfter(), e.JSON, e.RequestID}, true
	}
	return answered{}, false
}

// statusAdvice says what an answer's status means for the user; "" for a
// status that needs no advice of its own.
func statusAdvice(a answered) string {
	switch {
	case a.status == http.StatusUnauthorized:
		return "Contio did not accept the credentials (HTTP 401). Check client_id and api_key (or " + envClientID + " and " + envAPIKey +
			"): the API key must be the current one for that client id, not a rotated or revoked one."
	case a.status == http.StatusForbidden:
		return "Contio refused this call for these credentials (HTTP 403). Check client_id and api_key (or " + envClientID + " and " + envAPIKey +
			"): they must be this app's. Then ask Contio whether the app has Partner Admin API access to manage its webhooks."
	case a.status == http.StatusNotFound:
		return notFoundAdvice(a)
	case a.status == http.StatusTooManyRequests:
		return throttledAdvice(a)
	case a.status == http.StatusNotImplemented:
		return "Contio answered that it does not implement " + a.method + " " + a.path + " (HTTP 501). The provider does not retry that: it would fail the same way. " +
			"Check base_url; if it is right, please report this to the provider developers."
	case a.status >= 500:
		return serverErrorAdvice(a)
	}
	return ""
}

// notFoundAdvice says what a 404 means for the call that got it.
func notFoundAdvice(a answered) string {
	if strings.HasSuffix(a.path, "/webhook-deliveries") {
		return "Contio has no delivery log at " + a.path + " for this app (HTTP 404). Its documentation names the delivery log without fixing its path, " +
			"so this provider assumes one. If base_url is right (the API's root, such as " + contio.DefaultBaseURL + "), please report this to the provider developers."
	}
	return "Contio has no " + a.method + " " + a.path + " at this base_url (HTTP 404). Contio's documentation fixes that path, so base_url most likely " +
		"points at another service or ends in a path of its own: it should be the API's root, such as " + contio.DefaultBaseURL + "."
}

// throttledAdvice says what to do about a 429, by what the provider already
// did about it.
func throttledAdvice(a answered) string {
	switch {
	case a.longRetryAfter:
		return "Contio is throttling this app's requests and asked for a longer wait than the provider makes, so the call was not retried " +
			"(max_retries does not change that). Wait as Contio asks, above."
	case a.attempts > 1:
		return fmt.Sprintf("Contio kept throttling this app's requests through %d attempts. Wait a few minutes and run Terraform again; "+
			"a higher max_retries makes the provider keep trying for longer.", a.attempts)
	}
	return "Contio is throttling this app's requests, and the call was not retried. Wait a minute and run Terraform again; " +
		"if max_retries is 0, raising it lets the provider wait for Contio."
}

// serverErrorAdvice is a retryable 5xx's advice, by what the provider
// already did about it.
func serverErrorAdvice(a answered) string {
	who := "Contio reported a failure on its side"
	if !a.fromContio {
		who = "The server (Contio, or a gateway in front of it) reported a failure on its side"
	}
	switch {
	case a.longRetryAfter:
		return fmt.Sprintf("%s (HTTP %d) and asked for a longer wait than the provider makes, so the call was not retried. "+
			"Wait as Contio asks, above.", who, a.status)
	case a.attempts > 1 && a.requestID != "":
		return fmt.Sprintf("%s (HTTP %d) through %d attempts. Try again later; if it persists, quote the request id to Contio.", who, a.status, a.attempts)
	case a.attempts > 1:
		return fmt.Sprintf("%s (HTTP %d) through %d attempts. Try again later.", who, a.status, a.attempts)
	}
	return fmt.Sprintf("%s (HTTP %d), and the call was not retried. Try again later; if max_retries is 0, raising it lets the provider retry such failures.",
		who, a.status)
}

// notJSONAdvice is for an answer that is not JSON at all: Contio answers
// JSON, so something else most likely answered.
const notJSONAdvice = "The answer is not JSON, so it most likely came from something other than the Contio Partner API " +
	"(a proxy, load balancer or captive portal), or base_url points at another service. Check base_url and the network path to Contio."

// cutAdvice is for JSON that ended before it did, on each attempt made.
func cutAdvice(attempts int) string {
	each := "on its one attempt (a read made only for a warning makes one, as does every call if max_retries is 0)"
	if attempts > 1 {
		each = fmt.Sprintf("on each of its %d attempts", attempts)
	}
	return "The answer was cut short on its way, " + each + ": a connection dropped, or a proxy cut it. " +
		"Try again; if it persists, check the network path to Contio."
}

// tooLargeAdvice is for an answer longer than the client reads: not a network
// fault, and retrying gets the same answer.
var tooLargeAdvice = fmt.Sprintf("The answer is larger than any answer this provider expects from Contio, so it was not retried: "+
	"the limit fits a page of %d deliveries whose last_error is %d KiB each. "+
	"Check base_url (something other than the Contio API may be answering); if it is Contio, please report this to the provider developers, "+
	"with the call and the request id shown above.", contio.MaxDeliveriesPageSize, contio.MaxLastErrorBytes>>10)

// unknownShapeAdvice is for a JSON answer this provider version cannot
// read: Contio may have changed what it answers, which only a report can
// bring to a fix.
func unknownShapeAdvice(e *contio.UnexpectedResponseError) string {
	id := "Contio's request id (X-Request-Id " + e.RequestID + ")"
	if e.RequestID == "" {
		id = "the missing request id"
	}
	return fmt.Sprintf("Contio answered HTTP %d in a shape that this provider version (%s) does not understand. "+
		"Please report this to the provider developers, with the call, the status, %s and the first bytes of the answer shown above "+
		"(the api_key is removed from them).", e.StatusCode, e.ClientVersion, id)
}

// noAnswerAdvice says what to do about a call that got no answer.
func noAnswerAdvice(err error) string {
	var netErr net.Error
	switch {
	case errors.Is(err, context.Canceled):
		return "\n\nThe operation was cancelled (for example with Ctrl-C). A change already sent may have been applied: the next plan shows Contio's actual state."
	case errors.Is(err, context.DeadlineExceeded):
		return "\n\nContio did not answer in time. Try again; raise request_timeout if this persists. A change already sent may have been applied: the next plan shows Contio's actual state."
	case errors.As(err, &netErr):
		return "\n\nThe Contio API could not be reached. Check base_url and the network, then try again."
	}
	return ""
}

// dispositionAdvice says what each pending_disposition does, wherever a
// re-enable needs one.
const dispositionAdvice = `Set pending_disposition to say what happens to the deliveries Contio queued while webhooks were disabled:
  - "deliver": keep them queued; they are sent on the next delivery cycle. Use it when your endpoint is fixed and you want the backlog.
  - "abandon": discard them. Use it when you do not want the older events.`
