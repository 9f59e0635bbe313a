package e2e

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/contio/terraform-provider-contio/internal/contio"
	"github.com/contio/terraform-provider-contio/internal/emulator"
)

// outageCommand is a command in the endpoint-outage example's comment.
var outageCommand = regexp.MustCompile(`(?m)^#.*?terraform (apply(?: -var \S+)*)\s*$`)

// TestAccEndpointOutageExample runs the endpoint-outage example's commands
// as its comment gives them, and checks what the comment says of each: the
// pause, the resume with the backlog delivered (the output shows the
// outcome), and the plain apply after it, an in-place update that sends
// nothing while plan -detailed-exitcode exits 2 until it is applied.
func TestAccEndpointOutageExample(t *testing.T) {
	e := newTFEnv(t, emulator.AppSpec{})
	t.Parallel()
	src, err := os.ReadFile(filepath.Join(moduleRoot, "examples", "scenarios", "endpoint-outage", "main.tf"))
	if err != nil {
		t.Fatal(err)
	}
	var cmds [][]string
	for _, m := range outageCommand.FindAllStringSubmatch(string(src), -1) {
		cmds = append(cmds, strings.Fields(m[1]))
	}
	want := []string{"apply -var webhooks_enabled=false", "apply -var webhooks_enabled=true -var backlog=deliver",
		"apply -var webhooks_enabled=true -var backlog=abandon", "apply"}
	if len(cmds) != len(want) {
		t.Fatalf("the example's comment gives %q, want the commands %q", cmds, want)
	}
	for i, c := range cmds {
		if strings.Join(c, " ") != want[i] {
			t.Fatalf("the example's command %d is %q, want %q", i+1, strings.Join(c, " "), want[i])
		}
	}
	pause, resume, afterwards := cmds[0], cmds[1], cmds[3]

	e.writeConfig(t, string(src))
	e.env = append(e.env, "CONTIO_BASE_URL="+e.emu.URL,
		"CONTIO_CLIENT_ID="+e.creds.ClientID, "CONTIO_API_KEY="+e.creds.APIKey)
	e.mustTF(t, "apply", "-auto-approve")

	e.expectTF(t, 0, []string{`webhook_enabled = false`}, nil, append(pause, "-auto-approve")...)
	if e.state(t).App.WebhookEnabled {
		t.Fatal("step 1 left delivery enabled")
	}
	e.emu.Emit(t, e.creds.ClientID, 3, "meeting.created")
	if n := e.state(t).DeliveryCounts[contio.DeliveryPending]; n != 3 {
		t.Fatalf("%d pending deliveries after events during the outage, want 3", n)
	}

	e.expectTF(t, 0, []string{`webhook_enabled = true`}, nil, append(resume, "-auto-approve")...)
	st := e.state(t)
	if !st.App.WebhookEnabled {
		t.Fatal("step 2 left delivery disabled")
	}
	if n := st.DeliveryCounts[contio.DeliveryPending]; n != 3 {
		t.Errorf("%d pending deliveries after backlog=deliver, want the 3 still queued", n)
	}

	// Step 3: the plan shows pending_disposition going to null and exits 2;
	// applying it sends nothing; then the plan is clean.
	e.expectTF(t, 2, []string{`- pending_disposition = "deliver" -> null`, "1 to change"}, nil, "plan", "-detailed-exitcode")
	puts := e.emu.RequestCounts()[callPutStatus]
	e.expectTF(t, 0, []string{"0 added, 1 changed, 0 destroyed"}, nil, append(afterwards, "-auto-approve")...)
	if n := e.emu.RequestCounts()[callPutStatus]; n != puts {
		t.Errorf("the apply after the resume sent %d PUTs of the status, want none", n-puts)
	}
	e.expectTF(t, 0, nil, nil, "plan", "-detailed-exitcode")
}
