package provider

import (
	"fmt"
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
		return err.Error() + "\n\nThe Contio API could not be reached. Check base_url and the network, then try again."
	}
	var b strings.Builder
	b.WriteString(apiErr.Error())
	switch {
	case apiErr.StatusCode == 401:
		b.WriteString("\n\nThe API rejected the credentials. Check client_id and api_key (or " + envClientID + " and " + envAPIKey + ").")
	case apiErr.StatusCode == 403:
		b.WriteString("\n\nThe credentials are valid but may not manage this app's webhooks. Check the app's Partner API access with Contio.")
	case apiErr.StatusCode == 429:
		b.WriteString("\n\nContio kept throttling the requests after the provider's retries. Wait a moment and run Terraform again, or raise max_retries.")
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

// dispositionAdvice says what each pending_disposition does, wherever a
// re-enable needs one.
const dispositionAdvice = `Set pending_disposition to say what happens to the deliveries Contio queued while webhooks were disabled:
  - "deliver": keep them queued; they are sent on the next delivery cycle. Use it when your endpoint is fixed and you want the backlog.
  - "abandon": discard them. Use it when you do not want the older events.`
