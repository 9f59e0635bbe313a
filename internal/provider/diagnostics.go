package provider

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/contio/terraform-provider-contio/internal/contio"
)

// addAPIError reports a failed API call: what failed (summary), what the API
// said, and what to do about it.
func addAPIError(diags *diag.Diagnostics, summary string, err error) {
	diags.AddError(summary, apiErrorDetail(err))
}

func apiErrorDetail(err error) string {
	apiErr, ok := contio.AsAPIError(err)
	if !ok {
		return err.Error() + noAnswerAdvice(err)
	}
	var b strings.Builder
	b.WriteString(apiErr.Error())
	switch {
	case apiErr.StatusCode == 401:
		b.WriteString("\n\nThe API rejected the credentials. Check client_id and api_key (or " + envClientID + " and " + envAPIKey + ").")
	case apiErr.StatusCode == 403:
		b.WriteString("\n\nThe credentials are valid but may not manage this app's webhooks. Check the app's Partner API access with Contio.")
	case apiErr.StatusCode == 429:
		b.WriteString("\n\nContio kept throttling the requests, through the provider's retries or with a longer wait than the provider makes. Wait as Contio asks and run Terraform again, or raise max_retries.")
	case apiErr.StatusCode >= 500:
		b.WriteString("\n\nContio reported a server error that outlasted the provider's retries. Try again later.")
	case apiErr.Code == contio.CodePendingDispositionRequired:
		b.WriteString("\n\n" + dispositionAdvice)
	}
	if len(apiErr.ValidEventTypes) > 0 {
		fmt.Fprintf(&b, "\n\nValid event types: %s.", strings.Join(apiErr.ValidEventTypes, ", "))
	}
	return b.String()
}

// noAnswerAdvice says what to do about a call that got no answer in the API's
// shape. Only a transport failure means Contio could not be reached.
func noAnswerAdvice(err error) string {
	var unexpected *contio.UnexpectedResponseError
	var netErr net.Error
	switch {
	case errors.Is(err, context.Canceled):
		return "\n\nThe operation was cancelled (for example with Ctrl-C). A change already sent may have been applied: the next plan shows Contio's actual state."
	case errors.Is(err, context.DeadlineExceeded):
		return "\n\nContio did not answer in time. Try again; raise request_timeout if this persists. A change already sent may have been applied: the next plan shows Contio's actual state."
	case errors.As(err, &unexpected):
		return "\n\nSomething other than the Contio Partner API answered (a proxy, load balancer or captive portal, or base_url points at another service). Check base_url and the network path to Contio."
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
