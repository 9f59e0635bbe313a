package snippets

import (
	"reflect"
	"strings"
	"testing"
)

const page = "# Title\n\n" +
	"```terraform\nprovider \"contio\" {}\n```\n\n" +
	"1. Step:\n\n" +
	"   <!-- snippet: name=check with=provider,app state=auto-disabled,recovered -->\n\n" +
	"   ```terraform\n   check \"c\" {\n     assert {}\n   }\n   ```\n\n" +
	"```shell\nterraform plan\n```\n\n" +
	"<!-- snippet: file=app/main.tf -->\n" +
	"```hcl\nvariable \"x\" {}\n```\n"

func TestParse(t *testing.T) {
	got, err := Parse("page.md", page)
	if err != nil {
		t.Fatal(err)
	}
	want := []Snippet{
		{Doc: "page.md", Line: 3, Code: "provider \"contio\" {}\n"},
		{Doc: "page.md", Line: 11, Code: "check \"c\" {\n  assert {}\n}\n",
			Marker: Marker{Name: "check", With: []string{"provider", "app"}, States: []string{"auto-disabled", "recovered"}}},
		{Doc: "page.md", Line: 22, Code: "variable \"x\" {}\n", Marker: Marker{File: "app/main.tf"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Parse:\n got %#v\nwant %#v", got, want)
	}
}

func TestParse_errors(t *testing.T) {
	for name, tc := range map[string]struct{ text, want string }{
		"marker before prose":    {"<!-- snippet: with=app -->\nText.\n", "must be followed by a fenced block"},
		"marker before shell":    {"<!-- snippet: with=app -->\n```shell\nls\n```\n", `before a "shell" block`},
		"marker at the end":      {"<!-- snippet: with=app -->\n", "no snippet after it"},
		"two markers":            {"<!-- snippet: with=app -->\n<!-- snippet: with=app -->\n```hcl\n```\n", "no snippet after it"},
		"unknown key":            {"<!-- snippet: needs=x -->\n```hcl\n```\n", `unknown key "needs"`},
		"not key=value":          {"<!-- snippet: app -->\n```hcl\n```\n", "is not key=value"},
		"empty":                  {"<!-- snippet: -->\n```hcl\n```\n", "empty"},
		"key twice":              {"<!-- snippet: with=app with=provider -->\n```hcl\n```\n", "given twice"},
		"two names":              {"<!-- snippet: name=a,b -->\n```hcl\n```\n", "one name only"},
		"upper case":             {"<!-- snippet: with=App -->\n```hcl\n```\n", "lower-case"},
		"file outside":           {"<!-- snippet: file=../x.tf -->\n```hcl\n```\n", "inside the assembly"},
		"unclosed fence":         {"```terraform\nx = 1\n", "unclosed fence"},
		"marker line is counted": {"\n\n<!-- snippet: bad -->\n```hcl\n```\n", "page.md:3:"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Parse("page.md", tc.text)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Parse: error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestIndex(t *testing.T) {
	a := Snippet{Doc: "a.md", Line: 1, Marker: Marker{Name: "a"}}
	for name, tc := range map[string]struct {
		all  []Snippet
		want string
	}{
		"duplicate name":     {[]Snippet{a, {Doc: "b.md", Line: 2, Marker: Marker{Name: "a"}}}, "already the name of a.md:1"},
		"context name":       {[]Snippet{{Marker: Marker{Name: "app"}}}, "name of a context"},
		"unknown with":       {[]Snippet{a, {Marker: Marker{With: []string{"b"}}}}, "neither a context"},
		"with itself":        {[]Snippet{{Marker: Marker{Name: "b", With: []string{"b"}}}}, "with itself"},
		"resolves, no error": {[]Snippet{a, {Marker: Marker{With: []string{"a", "provider"}}}}, ""},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Index(tc.all)
			if tc.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Index: error %v, want one containing %q", err, tc.want)
			}
		})
	}
}
