package snippets

import (
	"reflect"
	"sort"
	"strings"
	"testing"
)

func TestAssemble(t *testing.T) {
	module := Snippet{Code: "variable \"events\" {}\n", Marker: Marker{Name: "mod", File: "app/main.tf"}}
	helper := Snippet{Code: "locals {}\n", Marker: Marker{Name: "helper", With: []string{"app"}}}
	root := Snippet{Code: "module \"m\" {\n  source = \"../app\"\n}\n", Marker: Marker{With: []string{"provider", "mod", "helper"}, File: "root/main.tf"}}
	byName, err := Index([]Snippet{module, helper, root})
	if err != nil {
		t.Fatal(err)
	}
	a, err := Assemble(root, byName, "example.org/contio/contio")
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for f := range a.Files {
		files = append(files, f)
	}
	sort.Strings(files)
	want := []string{"app/main.tf", "root/main.tf", "root/zz_app.tf", "root/zz_helper.tf", "root/zz_provider.tf", "root/zz_terraform.tf"}
	if !reflect.DeepEqual(files, want) {
		t.Errorf("files %v, want %v", files, want)
	}
	if a.Dir != "root" || !a.HasModuleCalls() {
		t.Errorf("Dir %q, HasModuleCalls %t; want root, true", a.Dir, a.HasModuleCalls())
	}
	if !strings.Contains(a.Files["root/zz_terraform.tf"], `"example.org/contio/contio"`) {
		t.Errorf("the terraform context lacks the source:\n%s", a.Files["root/zz_terraform.tf"])
	}

	if _, err := Assemble(Snippet{Code: "x", Marker: Marker{With: []string{"mod"}, File: "app/main.tf"}}, byName, ""); err == nil ||
		!strings.Contains(err.Error(), "two snippets are written to app/main.tf") {
		t.Errorf("two snippets in one file: error %v", err)
	}
}

func TestNeeds(t *testing.T) {
	for name, tc := range map[string]struct {
		s    Snippet
		want Needs
	}{
		"plain":          {Snippet{Code: "resource \"contio_webhook_status\" \"this\" {}\n"}, Needs{}},
		"action":         {Snippet{Code: "action \"contio_webhook_reenable\" \"deliver\" {}\n"}, Needs{Terraform: "1.14", OpenTofu: Never}},
		"list":           {Snippet{Code: "list \"contio_webhook_status\" \"all\" {}\n"}, Needs{Terraform: "1.14", OpenTofu: Never}},
		"identity":       {Snippet{Code: "import {\n  identity = { client_id = \"a\" }\n}\n"}, Needs{Terraform: "1.12", OpenTofu: "1.12"}},
		"function":       {Snippet{Code: "locals { x = provider::contio::f() }\n"}, Needs{Terraform: "1.8", OpenTofu: "1.7"}},
		"tofu file":      {Snippet{Code: "x = 1\n", Marker: Marker{File: "main.tofu"}}, Needs{Terraform: Never}},
		"for_each":       {Snippet{Code: "provider \"contio\" {\n  alias = \"a\"\n  for_each = var.apps\n}\n"}, Needs{Terraform: Never, OpenTofu: "1.9"}},
		"latest of both": {Snippet{Code: "import {\n  identity = {}\n}\naction \"a\" \"b\" {}\n"}, Needs{Terraform: "1.14", OpenTofu: Never}},
	} {
		t.Run(name, func(t *testing.T) {
			a, err := Assemble(tc.s, nil, "")
			if err != nil {
				t.Fatal(err)
			}
			if a.Needs.Terraform != tc.want.Terraform || a.Needs.OpenTofu != tc.want.OpenTofu {
				t.Errorf("Needs %+v, want Terraform %q, OpenTofu %q", a.Needs, tc.want.Terraform, tc.want.OpenTofu)
			}
		})
	}
}

func TestFileName_list(t *testing.T) {
	if got := (Snippet{Code: "list \"contio_webhook_status\" \"all\" {\n}\n"}).FileName(); got != "main.tfquery.hcl" {
		t.Errorf("a list block is written to %s, want main.tfquery.hcl", got)
	}
}
