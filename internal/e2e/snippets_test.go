package e2e

// Every HCL snippet the project publishes (README.md, docs/, which
// tfplugindocs makes from templates/ and examples/) and every examples/
// directory, validated through the CLI from the documents themselves, with
// what their markers say they need (internal/snippets; CONTRIBUTING.md,
// "Snippets in the docs").

import (
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/contio/terraform-provider-contio/internal/snippets"
	"github.com/contio/terraform-provider-contio/internal/tfcli"
)

// docSnippets are the published snippets, parsed and indexed once per test
// binary.
var docSnippets = sync.OnceValues(func() ([]snippets.Snippet, error) {
	var all []snippets.Snippet
	docs := []string{"README.md"}
	_ = filepath.WalkDir(filepath.Join(moduleRoot, "docs"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			rel, _ := filepath.Rel(moduleRoot, p)
			docs = append(docs, filepath.ToSlash(rel))
		}
		return err
	})
	for _, doc := range docs {
		text, err := os.ReadFile(filepath.Join(moduleRoot, doc))
		if err != nil {
			return nil, err
		}
		s, err := snippets.Parse(doc, string(text))
		if err != nil {
			return nil, err
		}
		all = append(all, s...)
	}
	return all, nil
})

// mustSnippets are the published snippets and their index by name.
func mustSnippets(t testing.TB) ([]snippets.Snippet, map[string]snippets.Snippet) {
	t.Helper()
	all, err := docSnippets()
	if err != nil {
		t.Fatal(err)
	}
	byName, err := snippets.Index(all)
	if err != nil {
		t.Fatal(err)
	}
	return all, byName
}

// namedSnippet is the published snippet called name.
func namedSnippet(t testing.TB, name string) snippets.Snippet {
	t.Helper()
	_, byName := mustSnippets(t)
	s, ok := byName[name]
	if !ok {
		t.Fatalf("no published snippet is marked name=%s", name)
	}
	return s
}

// TestSnippetsInDocs: the docs' markers parse and resolve, every template's
// own snippet is in docs/ (docs/ is generated, so a snippet only in a
// template is one `make generate` has not published), and one contio_app
// data source, named this, serves every page, so that snippets compose.
func TestSnippetsInDocs(t *testing.T) {
	all, _ := mustSnippets(t)
	published := map[string]bool{}
	for _, s := range all {
		published[s.Code] = true
	}
	markerLine := regexp.MustCompile(`(?m)^\s*<!--\s*snippet:.*-->\s*\n`)
	err := filepath.WalkDir(filepath.Join(moduleRoot, "templates"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		text, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		// A marker before {{ tffile }} marks the file the template includes.
		rel, _ := filepath.Rel(moduleRoot, p)
		inTemplate, err := snippets.Parse(filepath.ToSlash(rel), markerLine.ReplaceAllString(string(text), ""))
		if err != nil {
			return err
		}
		for _, s := range inTemplate {
			if !published[s.Code] {
				t.Errorf("%s: this snippet is in no document of docs/ (run make generate):\n%s", s.Where(), s.Code)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	appData := regexp.MustCompile(`(?m)^data\s+"contio_app"\s+"([^"]*)"`)
	for _, s := range all {
		for _, m := range appData.FindAllStringSubmatch(s.Code, -1) {
			if m[1] != "this" {
				t.Errorf(`%s: data "contio_app" %q: every page names it "this", so that snippets compose`, s.Where(), m[1])
			}
			if slices.Contains(s.With, "app") {
				t.Errorf(`%s: declares data "contio_app" and is marked with=app: it would be declared twice`, s.Where())
			}
		}
	}
}

// snippetCLI is the CLI the acceptance tests drive, and the environment that
// installs the provider built from this tree.
type snippetCLI struct {
	path    string
	version tfcli.CLI
	env     []string
	source  string
}

func newSnippetCLI(t *testing.T) snippetCLI {
	t.Helper()
	cli := acceptanceCLI(t)
	rc, err := cliConfig()
	if err != nil {
		t.Fatalf("building the provider: %v", err)
	}
	c := snippetCLI{path: cli, version: cliVersion(t, cli), env: tfcli.Environ(os.Environ(), rc), source: "contio/contio"}
	if host := os.Getenv("TF_ACC_PROVIDER_HOST"); host != "" {
		c.source = host + "/contio/contio"
	}
	return c
}

// supports says whether the CLI runs what n needs, and if not, why not.
func (c snippetCLI) supports(n snippets.Needs) (bool, string) {
	least := n.Terraform
	if c.version.Product == tfcli.OpenTofu {
		least = n.OpenTofu
	}
	switch {
	case least == snippets.Never:
		return false, c.version.String() + " cannot run " + strings.Join(n.Why, ", ")
	case least != "" && !c.version.AtLeast(c.version.Product, least):
		return false, c.version.String() + ": " + strings.Join(n.Why, ", ") + " need " + least + " or later"
	}
	return true, ""
}

// validate writes files under a new directory and validates dir in it: `get`
// first when it calls modules, `validate -query` for list blocks, and for a
// .tfvars file `console`, which reads it against the variables' types (and
// exits 0 whatever it found: its errors are looked for in its output).
func (c snippetCLI) validate(t *testing.T, files map[string]string, dir string) {
	t.Helper()
	root := t.TempDir()
	var query bool
	var tfvars string
	for f, code := range files {
		p := filepath.Join(root, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(code), 0o600); err != nil {
			t.Fatal(err)
		}
		if filepath.Dir(filepath.FromSlash(f)) != filepath.FromSlash(dir) {
			continue
		}
		query = query || strings.HasSuffix(f, ".tfquery.hcl")
		if strings.HasSuffix(f, ".tfvars") {
			tfvars = filepath.Base(f)
		}
	}
	run := func(args ...string) {
		t.Helper()
		cmd := tfcli.Command{Path: c.path, Args: args, Dir: filepath.Join(root, dir), Env: c.env, Timeout: cmdTimeout}
		if r := cmd.Run(t.Context()); r.ExitCode != 0 || strings.Contains(r.Stderr, "Error: ") {
			t.Fatalf("%s %s: exit code %d\n%s%s", c.version.Name(), strings.Join(args, " "), r.ExitCode, r.Stdout, r.Stderr)
		}
	}
	if (snippets.Assembly{Files: files, Dir: dir}).HasModuleCalls() {
		run("get", "-no-color")
	}
	if query {
		run("validate", "-no-color", "-query")
	} else {
		run("validate", "-no-color")
	}
	if tfvars != "" {
		run("console", "-no-color", "-var-file="+tfvars)
	}
}

// TestAccSnippets validates every published snippet, assembled as its
// marker says, on the CLI under test, skipping (and saying so) the snippets
// that use what the CLI lacks. A snippet without a marker must validate
// alone.
func TestAccSnippets(t *testing.T) {
	c := newSnippetCLI(t)
	t.Parallel()
	all, byName := mustSnippets(t)
	for _, s := range all {
		t.Run(strings.ReplaceAll(s.Where(), "/", "_"), func(t *testing.T) {
			t.Parallel()
			a, err := snippets.Assemble(s, byName, c.source)
			if err != nil {
				t.Fatal(err)
			}
			if ok, why := c.supports(a.Needs); !ok {
				t.Skip(why)
			}
			t.Logf("%s:\n%s", s.Where(), s.Code)
			c.validate(t, a.Files, a.Dir)
		})
	}
}

// pageExamples are the first snippet of every resource, data source and
// action page: the page's Example Usage.
func pageExamples(all []snippets.Snippet) []snippets.Snippet {
	var out []snippets.Snippet
	seen := map[string]bool{}
	for _, s := range all {
		for _, kind := range []string{"docs/resources/", "docs/data-sources/", "docs/actions/"} {
			if strings.HasPrefix(s.Doc, kind) && !seen[s.Doc] {
				seen[s.Doc] = true
				out = append(out, s)
			}
		}
	}
	return out
}

// compose merges two assemblies into one configuration, as a user pastes
// two snippets into one: each keeps its files, and a context block (zz_*.tf)
// that either snippet declares itself is left out.
func compose(a, b snippets.Assembly) map[string]string {
	files := maps.Clone(a.Files)
	for f, code := range b.Files {
		if prev, ok := files[f]; ok && prev != code {
			f = "page_" + f
		}
		files[f] = code
	}
	for f, code := range files {
		if !strings.HasPrefix(filepath.Base(f), "zz_") {
			continue
		}
		header, _, _ := strings.Cut(code, "{")
		for g, other := range files {
			if !strings.HasPrefix(filepath.Base(g), "zz_") && strings.Contains(other, header+"{") {
				delete(files, f)
			}
		}
	}
	return files
}

// TestAccSnippets_compose: the runbook's snippets (those run in a state)
// compose with every resource, data source and action page's example.
func TestAccSnippets_compose(t *testing.T) {
	c := newSnippetCLI(t)
	t.Parallel()
	all, byName := mustSnippets(t)
	for _, s := range all {
		if len(s.States) == 0 {
			continue
		}
		for _, ex := range pageExamples(all) {
			t.Run(s.ID()+"+"+strings.ReplaceAll(ex.Where(), "/", "_"), func(t *testing.T) {
				t.Parallel()
				a, err := snippets.Assemble(s, byName, c.source)
				if err != nil {
					t.Fatal(err)
				}
				ex.File = "page.tf"
				b, err := snippets.Assemble(ex, byName, c.source)
				if err != nil {
					t.Fatal(err)
				}
				if ok, why := c.supports(a.Needs.And(b.Needs)); !ok {
					t.Skip(why)
				}
				c.validate(t, compose(a, b), ".")
			})
		}
	}
}

// filesIn are the files of tree directly in dir.
func filesIn(tree map[string]string, dir string) map[string]string {
	out := map[string]string{}
	for f, code := range tree {
		if filepath.ToSlash(filepath.Dir(f)) == dir {
			out[f] = code
		}
	}
	return out
}

// tfvarsFor are the docs' .tfvars snippets that are with the docs snippet
// whose code is code (an example the docs include).
func tfvarsFor(code string) []snippets.Snippet {
	all, err := docSnippets()
	if err != nil {
		return nil
	}
	var out []snippets.Snippet
	for _, s := range all {
		if s.Code != code || s.Name == "" {
			continue
		}
		for _, v := range all {
			if strings.HasSuffix(v.FileName(), ".tfvars") && slices.Contains(v.With, s.Name) {
				out = append(out, v)
			}
		}
	}
	return out
}

// TestAccExamples validates every examples/ directory on the CLI under test;
// the files are copied with the whole tree, so that relative module sources
// resolve. A directory without required_providers (the docs' snippets) is
// given one.
func TestAccExamples(t *testing.T) {
	c := newSnippetCLI(t)
	t.Parallel()
	dirs := map[string]map[string]string{}
	err := filepath.WalkDir(filepath.Join(moduleRoot, "examples"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(moduleRoot, p)
		rel = filepath.ToSlash(rel)
		text, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		dir := filepath.ToSlash(filepath.Dir(rel))
		if dirs[dir] == nil {
			dirs[dir] = map[string]string{}
		}
		dirs[dir][rel] = string(text)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Every file of the tree, so that ../app resolves.
	tree := map[string]string{}
	for _, files := range dirs {
		for f, code := range files {
			tree[f] = code
		}
	}
	isConfig := func(f string) bool {
		return strings.HasSuffix(f, ".tf") || strings.HasSuffix(f, ".tofu") || strings.HasSuffix(f, ".tfquery.hcl")
	}
	for dir, files := range dirs {
		var needs snippets.Needs
		configs, providers := 0, false
		for f, code := range files {
			if !isConfig(f) {
				continue
			}
			configs++
			needs = needs.And(snippets.NeedsOf(f, code))
			providers = providers || strings.Contains(code, "required_providers")
		}
		if configs == 0 {
			continue
		}
		t.Run(strings.ReplaceAll(dir, "/", "_"), func(t *testing.T) {
			t.Parallel()
			if ok, why := c.supports(needs); !ok {
				t.Skip(why)
			}
			files := maps.Clone(tree)
			// OpenTofu evaluates a provider for_each's variables to validate:
			// a docs .tfvars snippet that is with this example's snippet
			// gives them.
			for _, code := range filesIn(tree, dir) {
				for _, v := range tfvarsFor(code) {
					files[dir+"/"+filepath.Base(v.FileName())] = v.Code
				}
			}
			if !providers {
				files[dir+"/zz_terraform.tf"] = strings.Replace(snippets.Contexts["terraform"], "%q", `"`+c.source+`"`, 1)
			}
			c.validate(t, files, dir)
		})
	}
}
