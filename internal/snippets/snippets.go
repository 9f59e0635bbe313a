package snippets

import (
	"bufio"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// Snippet is one fenced terraform or hcl block of a Markdown document.
type Snippet struct {
	Doc  string // the document's path, as given to Parse
	Line int    // the line of its opening fence, from 1
	Code string // its text, without the fence and the list indentation
	Marker
}

// Marker is what the HTML comment just before a fence says, e.g.
// <!-- snippet: name=runbook-check with=provider,app state=auto-disabled -->.
type Marker struct {
	// Name is how With and tests refer to the snippet; unique across the docs.
	Name string
	// With lists what the snippet needs around it: contexts (see Contexts) or
	// names of other snippets, written alongside it.
	With []string
	// File is where the snippet is written, relative to the assembly's root
	// (default main.tf): its extension says what it is (.tofu, .tfvars,
	// .tfquery.hcl), its directory where the CLI runs (modules).
	File string
	// States are the emulator states a test runs the snippet in, beyond
	// validating it.
	States []string
}

// Where is the snippet's place in the docs, for messages.
func (s Snippet) Where() string { return fmt.Sprintf("%s:%d", s.Doc, s.Line) }

// ID is the snippet's name, or its place when it has none.
func (s Snippet) ID() string {
	if s.Name != "" {
		return s.Name
	}
	return s.Where()
}

// FileName is File, or main.tfquery.hcl for list blocks (which only
// `terraform query` reads), or main.tf.
func (s Snippet) FileName() string {
	switch {
	case s.File != "":
		return s.File
	case listBlock.MatchString(s.Code):
		return "main.tfquery.hcl"
	}
	return "main.tf"
}

var (
	fence     = regexp.MustCompile("^( *)(```+|~~~+)\\s*([A-Za-z0-9_-]*)")
	markerRE  = regexp.MustCompile(`^\s*<!--\s*snippet:(.*?)-->\s*$`)
	nameRE    = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)
	knownKeys = []string{"name", "with", "file", "state"}
)

// Languages are the fence languages that are snippets.
var Languages = []string{"terraform", "hcl", "tf"}

// Parse returns the snippets of a Markdown document, in order. A marker must
// be followed, after blank lines at most, by a snippet's fence; a malformed
// marker, a marker before anything else, or an unclosed fence is an error.
func Parse(doc, text string) ([]Snippet, error) {
	var (
		out     []Snippet
		pending *Marker
		pendAt  int
	)
	sc := bufio.NewScanner(strings.NewReader(text))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		l := sc.Text()
		if m := markerRE.FindStringSubmatch(l); m != nil {
			if pending != nil {
				return nil, fmt.Errorf("%s:%d: a snippet marker with no snippet after it", doc, pendAt)
			}
			mk, err := parseMarker(m[1])
			if err != nil {
				return nil, fmt.Errorf("%s:%d: %w", doc, line, err)
			}
			pending, pendAt = &mk, line
			continue
		}
		if strings.TrimSpace(l) == "" {
			continue
		}
		f := fence.FindStringSubmatch(l)
		if f == nil {
			if pending != nil {
				return nil, fmt.Errorf("%s:%d: a snippet marker must be followed by a fenced block", doc, pendAt)
			}
			continue
		}
		indent, delim, lang := f[1], f[2], strings.ToLower(f[3])
		start := line
		var body []string
		closed := false
		for sc.Scan() {
			line++
			b := sc.Text()
			if strings.HasPrefix(strings.TrimLeft(b, " "), delim) && strings.TrimSpace(b) == delim {
				closed = true
				break
			}
			body = append(body, strings.TrimPrefix(b, indent))
		}
		if !closed {
			return nil, fmt.Errorf("%s:%d: unclosed fence", doc, start)
		}
		isSnippet := slices.Contains(Languages, lang)
		if pending != nil && !isSnippet {
			return nil, fmt.Errorf("%s:%d: a snippet marker before a %q block, not a terraform one", doc, pendAt, lang)
		}
		if isSnippet {
			s := Snippet{Doc: doc, Line: start, Code: strings.Join(body, "\n") + "\n"}
			if pending != nil {
				s.Marker = *pending
			}
			out = append(out, s)
		}
		pending = nil
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", doc, err)
	}
	if pending != nil {
		return nil, fmt.Errorf("%s:%d: a snippet marker with no snippet after it", doc, pendAt)
	}
	return out, nil
}

// parseMarker reads "key=value[,value] ..." (a marker's text after "snippet:").
func parseMarker(s string) (Marker, error) {
	var m Marker
	seen := map[string]bool{}
	for _, field := range strings.Fields(s) {
		key, value, ok := strings.Cut(field, "=")
		if !ok || value == "" {
			return m, fmt.Errorf("snippet marker: %q is not key=value", field)
		}
		if !slices.Contains(knownKeys, key) {
			return m, fmt.Errorf("snippet marker: unknown key %q (known: %s)", key, strings.Join(knownKeys, ", "))
		}
		if seen[key] {
			return m, fmt.Errorf("snippet marker: %q given twice", key)
		}
		seen[key] = true
		values := strings.Split(value, ",")
		for _, v := range values {
			if key != "file" && !nameRE.MatchString(v) {
				return m, fmt.Errorf("snippet marker: %s=%q: values are lower-case words joined by -", key, v)
			}
		}
		switch key {
		case "name":
			if len(values) > 1 {
				return m, fmt.Errorf("snippet marker: one name only, not %q", value)
			}
			m.Name = value
		case "with":
			m.With = values
		case "file":
			if strings.HasPrefix(value, "/") || slices.Contains(strings.Split(value, "/"), "..") {
				return m, fmt.Errorf("snippet marker: file=%q must stay inside the assembly", value)
			}
			m.File = value
		case "state":
			m.States = values
		}
	}
	if len(seen) == 0 {
		return m, fmt.Errorf("snippet marker: empty; say what the snippet needs, or remove the marker")
	}
	return m, nil
}

// Index checks that names are unique and every With resolves to a context or
// a snippet, and returns the snippets by name.
func Index(all []Snippet) (map[string]Snippet, error) {
	byName := map[string]Snippet{}
	for _, s := range all {
		if s.Name == "" {
			continue
		}
		if _, ok := Contexts[s.Name]; ok {
			return nil, fmt.Errorf("%s: name=%s is the name of a context", s.Where(), s.Name)
		}
		if prev, ok := byName[s.Name]; ok {
			return nil, fmt.Errorf("%s: name=%s is already the name of %s", s.Where(), s.Name, prev.Where())
		}
		byName[s.Name] = s
	}
	for _, s := range all {
		for _, w := range s.With {
			_, isCtx := Contexts[w]
			_, isSnippet := byName[w]
			if !isCtx && !isSnippet {
				return nil, fmt.Errorf("%s: with=%s is neither a context (%s) nor a snippet's name", s.Where(), w, strings.Join(contextNames(), ", "))
			}
			if w == s.Name {
				return nil, fmt.Errorf("%s: a snippet cannot be with itself", s.Where())
			}
		}
	}
	return byName, nil
}
