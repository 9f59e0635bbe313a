package e2e

// The upgrade test: a state written by an earlier build of the provider must
// plan clean with this one. A schema change that needs a state upgrader, a
// renamed attribute or a lost identity then fails here, not in a user's plan.

import (
	"archive/tar"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/contio/terraform-provider-contio/internal/contio"
	"github.com/contio/terraform-provider-contio/internal/emulator"
	"github.com/contio/terraform-provider-contio/internal/tfcli"
)

// upgradeBaseCommit is the build the upgrade test starts from while the
// repository has no v* tag: the last commit before the test existed. Once a
// release is tagged, the newest v* tag replaces it (upgradeBase) and this
// constant is no longer read.
const upgradeBaseCommit = "76dd3e4e2ff102462f1fe4f69d32f393cbfcfb32"

// upgradeBase is the git ref the upgrade test builds the earlier provider
// from, and a phrase saying why that one: the newest v* tag reachable from
// HEAD (at a release's own tag, the release before it), else
// upgradeBaseCommit. It fails when the clone's history lacks the ref, as a
// shallow clone does (actions/checkout fetches one commit and no tags unless
// told fetch-depth: 0).
func upgradeBase() (ref, why string, err error) {
	if tag, err := gitOutput("describe", "--tags", "--abbrev=0", "--match", "v*"); err == nil {
		tagged, err1 := gitOutput("rev-parse", tag+"^{commit}")
		head, err2 := gitOutput("rev-parse", "HEAD")
		if err1 == nil && err2 == nil && tagged != head {
			return tag, "the newest v* tag", nil
		}
		// HEAD is the release tag itself: upgrade from the release before.
		if prev, err := gitOutput("describe", "--tags", "--abbrev=0", "--match", "v*", tag+"^"); err == nil {
			return prev, "the v* tag before " + tag + " (HEAD)", nil
		}
	}
	if _, err := gitOutput("cat-file", "-e", upgradeBaseCommit+"^{commit}"); err != nil {
		return "", "", fmt.Errorf("the upgrade test starts from commit %s (upgradeBaseCommit; there is no v* tag), "+
			"which this clone's history lacks: a shallow clone? Fetch the full history and tags "+
			"(git fetch --unshallow --tags, or actions/checkout with fetch-depth: 0): %w", upgradeBaseCommit, err)
	}
	return upgradeBaseCommit, "upgradeBaseCommit, as there is no v* tag", nil
}

// gitOutput runs git in the package directory (inside the clone) and returns
// its standard output, trimmed.
func gitOutput(args ...string) (string, error) {
	r := tfcli.Command{Path: "git", Args: args, Timeout: time.Minute}.Run(context.Background())
	if r.Err != nil {
		return "", fmt.Errorf("git %s: %w: %s", strings.Join(args, " "), r.Err, strings.TrimSpace(r.Stderr))
	}
	return strings.TrimSpace(r.Stdout), nil
}

// baseBuild is the earlier provider: the ref it was built from, why that
// one, and a CLI configuration whose dev_overrides point at it.
type baseBuild struct {
	ref, why string
	rc       string
}

// upgradeBaseBuild builds the provider at upgradeBase once per test binary:
// the ref's tree, exported with git archive (the clone's worktrees, index
// and files stay untouched), built with tfcli.BuildProvider.
var upgradeBaseBuild = sync.OnceValues(func() (baseBuild, error) {
	ref, why, err := upgradeBase()
	if err != nil {
		return baseBuild{}, err
	}
	dir := filepath.Join(buildDir, "upgrade-base")
	src := filepath.Join(dir, "src")
	if err := gitExport(ref, src); err != nil {
		return baseBuild{}, err
	}
	plugins := filepath.Join(dir, "plugins")
	if _, err := tfcli.BuildProvider(context.Background(), src, plugins, ""); err != nil {
		return baseBuild{}, fmt.Errorf("building the provider at %s: %w", ref, err)
	}
	rc := filepath.Join(dir, "terraformrc")
	return baseBuild{ref: ref, why: why, rc: rc}, tfcli.WriteConfig(rc, tfcli.DevOverrides(plugins))
})

// gitExport writes the whole tree of ref into dir.
func gitExport(ref, dir string) error {
	top, err := gitOutput("rev-parse", "--show-toplevel")
	if err != nil {
		return err
	}
	// From the top: in a subdirectory, git archive exports only that subtree.
	r := tfcli.Command{Path: "git", Args: []string{"archive", "--format=tar", ref}, Dir: top, Timeout: 2 * time.Minute}.Run(context.Background())
	if r.Err != nil {
		return fmt.Errorf("git archive %s: %w: %s", ref, r.Err, strings.TrimSpace(r.Stderr))
	}
	return untar(strings.NewReader(r.Stdout), dir)
}

// untar extracts the directories, files and symbolic links of a tar stream
// into dir; git archive's pax header (the commit id) carries no file.
func untar(r io.Reader, dir string) error {
	tr := tar.NewReader(r)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if !filepath.IsLocal(h.Name) {
			return fmt.Errorf("archive entry %q is outside the tree", h.Name)
		}
		path := filepath.Join(dir, h.Name)
		switch h.Typeflag {
		case tar.TypeDir:
			err = os.MkdirAll(path, 0o755)
		case tar.TypeReg:
			err = writeFileFrom(path, tr, os.FileMode(h.Mode).Perm())
		case tar.TypeSymlink:
			if err = os.MkdirAll(filepath.Dir(path), 0o755); err == nil {
				err = os.Symlink(h.Linkname, path)
			}
		}
		if err != nil {
			return err
		}
	}
}

func writeFileFrom(path string, r io.Reader, perm os.FileMode) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, perm)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, r); err != nil {
		_ = f.Close()
		return err
	}
	return f.Close()
}

// upgradeConfig uses every resource and data source of the provider. Its
// outputs stay the same across builds that only grow the event catalog or
// the deliveries' attributes, so that an empty plan means the state itself
// carried over.
func upgradeConfig(events ...string) string {
	return fmt.Sprintf(`
resource "contio_webhook_status" "this" {
  enabled             = true
  pending_disposition = "deliver"
}

resource "contio_webhook_filter" "this" {
  type   = "include"
  events = %s
}

data "contio_webhook_event_types" "all" {}

data "contio_webhook_deliveries" "failed" {
  status = "failed"
}

# Read after the resources' changes, so its outputs show them.
data "contio_app" "this" {
  depends_on = [contio_webhook_status.this, contio_webhook_filter.this]
}

output "filter_events_are_known" {
  value = length(setsubtract(contio_webhook_filter.this.events, data.contio_webhook_event_types.all.event_types)) == 0
}

output "failed_deliveries" {
  value = length(data.contio_webhook_deliveries.failed.deliveries)
}

output "webhook_enabled" {
  value = data.contio_app.this.webhook_enabled
}

output "webhook_filter" {
  value = data.contio_app.this.webhook_filter
}
`, hclList(events))
}

// hclList is an HCL list of strings.
func hclList(items []string) string {
	b, _ := json.Marshal(items) // a JSON array of strings is an HCL list
	return string(b)
}

// stateIdentities returns the client_id of each managed resource
// instance's identity in the working directory's terraform.tfstate, by
// address ("type.name"); "" when the instance has no identity.
func (e *tfEnv) stateIdentities(t testing.TB) map[string]string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(e.dir, "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	var st struct {
		Resources []struct {
			Mode, Type, Name string
			Instances        []struct {
				Identity struct {
					ClientID string `json:"client_id"`
				} `json:"identity"`
			}
		}
	}
	if err := json.Unmarshal(b, &st); err != nil {
		t.Fatalf("terraform.tfstate: %v", err)
	}
	ids := map[string]string{}
	for _, r := range st.Resources {
		if r.Mode != "managed" {
			continue
		}
		for _, in := range r.Instances {
			ids[r.Type+"."+r.Name] = in.Identity.ClientID
		}
	}
	return ids
}

// TestAccUpgrade applies a configuration with every resource and data source
// using the provider built at upgradeBase, then switches dev_overrides to
// this tree's build and expects an empty plan, the resources' identity in
// state (on CLIs that support identity), a change that applies, and an empty
// plan after it.
func TestAccUpgrade(t *testing.T) {
	e := newTFEnv(t, emulator.AppSpec{})
	base, err := upgradeBaseBuild()
	if err != nil {
		t.Fatal(err)
	}
	t.Parallel()
	t.Logf("upgrading from %s (%s)", base.ref, base.why)
	baseEnv := []string{"TF_CLI_CONFIG_FILE=" + base.rc}

	e.writeConfig(t, e.config(upgradeConfig("meeting.created", "meeting.completed")))
	if out, errOut, code := e.run(e.cli, []string{"apply", "-auto-approve", "-no-color"}, baseEnv); code != 0 {
		t.Fatalf("apply with the provider built at %s: exit code %d\n%s\n%s", base.ref, code, out, errOut)
	}

	t.Run("empty plan after the upgrade", func(t *testing.T) {
		expectEmptyPlan(t, e)
	})

	changed := t.Run("a change applies", func(t *testing.T) {
		e.writeConfig(t, e.config(upgradeConfig("meeting.created", "action_item.created")))
		out := e.mustTF(t, "apply", "-auto-approve", "-no-color")
		if m := providerBug.FindString(out); m != "" {
			t.Errorf("%s:\n%s", m, out)
		}
		f := e.state(t).App.WebhookFilter
		if f == nil || f.Type != contio.FilterInclude || strings.Join(slices.Sorted(slices.Values(f.Events)), ",") != "action_item.created,meeting.created" {
			t.Errorf("Contio's filter after the apply: %+v, want include action_item.created, meeting.created", f)
		}
		expectEmptyPlan(t, e)
	})

	if !changed {
		return // the state is still the earlier build's
	}
	t.Run("identity in state", func(t *testing.T) {
		if !keepsIdentity(e.version) {
			t.Skipf("%s keeps no resource identity", e.version)
		}
		ids := e.stateIdentities(t)
		for _, addr := range []string{"contio_webhook_status.this", "contio_webhook_filter.this"} {
			if got, ok := ids[addr]; !ok || got != e.creds.ClientID {
				t.Errorf("%s: identity client_id %q in terraform.tfstate, want %q", addr, got, e.creds.ClientID)
			}
		}
	})
}

// keepsIdentity reports whether the CLI records resource identity in state:
// Terraform from 1.12, OpenTofu from 1.12.
func keepsIdentity(cli tfcli.CLI) bool {
	return cli.AtLeast(tfcli.Terraform, "1.12.0") || cli.AtLeast(tfcli.OpenTofu, "1.12.0")
}

// expectEmptyPlan wants `plan -detailed-exitcode` to find nothing to do.
func expectEmptyPlan(t *testing.T, e *tfEnv) {
	t.Helper()
	out, errOut, code := e.runTF("plan", "-detailed-exitcode", "-no-color")
	if code != 0 {
		t.Errorf("plan -detailed-exitcode: exit code %d, want 0 (no changes)\n%s\n%s", code, out, errOut)
	}
}
