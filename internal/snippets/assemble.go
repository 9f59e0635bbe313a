package snippets

import (
	"fmt"
	"path"
	"regexp"
	"sort"
	"strings"
)

// Contexts are what a marker's with= can name besides other snippets: the
// blocks a snippet of the docs leaves out. %s in "terraform" is the
// provider's source address.
var Contexts = map[string]string{
	"terraform": "terraform {\n  required_providers {\n    contio = { source = %q }\n  }\n}\n",
	"provider":  `provider "contio" {}` + "\n",
	"app":       `data "contio_app" "this" {}` + "\n",
	"status":    "resource \"contio_webhook_status\" \"this\" {\n  enabled = true\n}\n",
}

func contextNames() []string {
	var names []string
	for n := range Contexts {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Assembly is a snippet written out with what it needs: files by path
// relative to a root, and the directory the CLI runs in.
type Assembly struct {
	Files map[string]string
	Dir   string
	Needs Needs
}

// Assemble writes s with its with= (contexts, and named snippets with theirs)
// into an Assembly. source is the provider's source address for the
// terraform context; "provider" implies "terraform".
func Assemble(s Snippet, byName map[string]Snippet, source string) (Assembly, error) {
	a := Assembly{Files: map[string]string{}, Dir: path.Dir(s.FileName())}
	seen := map[string]bool{}
	var add func(s Snippet, file string) error
	add = func(s Snippet, file string) error {
		if prev, dup := a.Files[file]; dup && prev == s.Code {
			return nil // written already: two snippets that are with each other
		} else if dup {
			return fmt.Errorf("%s: two snippets are written to %s", s.Where(), file)
		}
		a.Files[file] = s.Code
		dir := path.Dir(file)
		for _, w := range s.With {
			if seen[dir+"/"+w] {
				continue
			}
			seen[dir+"/"+w] = true
			if w == "provider" && !seen[dir+"/terraform"] {
				seen[dir+"/terraform"] = true
				a.Files[path.Join(dir, "zz_terraform.tf")] = fmt.Sprintf(Contexts["terraform"], source)
			}
			if c, ok := Contexts[w]; ok {
				if w == "terraform" {
					c = fmt.Sprintf(c, source)
				}
				a.Files[path.Join(dir, "zz_"+w+".tf")] = c
				continue
			}
			o, ok := byName[w]
			if !ok {
				return fmt.Errorf("%s: with=%s names no snippet", s.Where(), w)
			}
			f := o.File
			if f == "" {
				f = path.Join(dir, "zz_"+o.Name+".tf")
			}
			if err := add(o, f); err != nil {
				return err
			}
		}
		return nil
	}
	if err := add(s, s.FileName()); err != nil {
		return a, err
	}
	for f, code := range a.Files {
		a.Needs = a.Needs.And(NeedsOf(f, code))
	}
	return a, nil
}

// HasModuleCalls says whether the assembly calls a module (which `get`
// installs before validate).
func (a Assembly) HasModuleCalls() bool {
	for f, code := range a.Files {
		if path.Dir(f) == a.Dir && moduleBlock.MatchString(code) {
			return true
		}
	}
	return false
}

// Needs is the oldest version of each CLI that runs an assembly: "" is any,
// Never is none.
type Needs struct {
	Terraform, OpenTofu string
	// Why says which feature set each bound, for skip messages.
	Why []string
}

// Never is a Needs version no CLI reaches.
const Never = "never"

var (
	actionBlock   = regexp.MustCompile(`(?m)^action\s+"`)
	listBlock     = regexp.MustCompile(`(?m)^list\s+"`)
	moduleBlock   = regexp.MustCompile(`(?m)^module\s+"`)
	identityAttr  = regexp.MustCompile(`(?m)^\s*identity\s*=\s*\{`)
	providerFunc  = regexp.MustCompile(`provider::`)
	providerForEa = regexp.MustCompile(`(?s)provider\s+"contio"\s*\{[^}]*\bfor_each\s*=`)
)

// NeedsOf is what one file needs of the CLI, read from what it uses.
func NeedsOf(file, code string) Needs {
	var n Needs
	if strings.HasSuffix(file, ".tofu") {
		n = n.And(Needs{Terraform: Never, Why: []string{".tofu files are OpenTofu's"}})
	}
	if actionBlock.MatchString(code) {
		n = n.And(Needs{Terraform: "1.14", OpenTofu: Never, Why: []string{"actions"}})
	}
	if listBlock.MatchString(code) || strings.HasSuffix(file, ".tfquery.hcl") {
		n = n.And(Needs{Terraform: "1.14", OpenTofu: Never, Why: []string{"list blocks (terraform query)"}})
	}
	if identityAttr.MatchString(code) {
		n = n.And(Needs{Terraform: "1.12", OpenTofu: "1.12", Why: []string{"import by identity"}})
	}
	if providerFunc.MatchString(code) {
		n = n.And(Needs{Terraform: "1.8", OpenTofu: "1.7", Why: []string{"provider functions"}})
	}
	if providerForEa.MatchString(code) {
		n = n.And(Needs{Terraform: Never, OpenTofu: "1.9", Why: []string{"provider for_each"}})
	}
	return n
}

// And is what both n and o need.
func (n Needs) And(o Needs) Needs {
	return Needs{
		Terraform: later(n.Terraform, o.Terraform),
		OpenTofu:  later(n.OpenTofu, o.OpenTofu),
		Why:       append(append([]string(nil), n.Why...), o.Why...),
	}
}

func later(a, b string) string {
	switch {
	case a == Never || b == Never:
		return Never
	case a == "":
		return b
	case b == "":
		return a
	case versionLess(a, b):
		return b
	}
	return a
}

// versionLess compares dotted numeric versions ("1.8" < "1.14").
func versionLess(a, b string) bool {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(as) || i < len(bs); i++ {
		var x, y int
		if i < len(as) {
			_, _ = fmt.Sscan(as[i], &x)
		}
		if i < len(bs) {
			_, _ = fmt.Sscan(bs[i], &y)
		}
		if x != y {
			return x < y
		}
	}
	return false
}
