package main

import (
	"fmt"
	"strings"
)

// caption opens a step.
func caption(s string) { fmt.Printf("\n== %s\n", s) }

// show prints lines of the CLI's output, indented under the step.
func show(lines []string) {
	for _, l := range lines {
		fmt.Println(strings.TrimRight("   | "+l, " "))
	}
}

// expect fails unless out contains every want. Runs of white space match any
// run of white space, since the CLI wraps diagnostics to its width.
func expect(out string, wants ...string) error {
	flat := strings.Join(strings.Fields(out), " ")
	for _, w := range wants {
		if !strings.Contains(flat, strings.Join(strings.Fields(w), " ")) {
			return fmt.Errorf("the output lacks %q:\n%s", w, out)
		}
	}
	return nil
}

// grep returns the lines of out containing any of the needles.
func grep(out string, needles ...string) []string {
	var lines []string
	for _, l := range strings.Split(out, "\n") {
		for _, n := range needles {
			if strings.Contains(l, n) {
				lines = append(lines, strings.TrimRight(l, " "))
				break
			}
		}
	}
	return lines
}

// paragraphs returns the paragraphs of out (runs of lines between blank
// lines) containing any of the needles, whole, so that the CLI's wrapping of
// a diagnostic does not cut a sentence; a blank line separates them.
func paragraphs(out string, needles ...string) []string {
	var lines []string
	for _, p := range strings.Split(strings.ReplaceAll(out, "\r\n", "\n"), "\n\n") {
		p = strings.Trim(p, "\n")
		flat := strings.Join(strings.Fields(p), " ")
		for _, n := range needles {
			if strings.Contains(flat, n) {
				if len(lines) > 0 {
					lines = append(lines, "")
				}
				lines = append(lines, nonEmptyLines(p)...)
				break
			}
		}
	}
	return lines
}

func nonEmptyLines(out string) []string {
	var lines []string
	for _, l := range strings.Split(out, "\n") {
		if l = strings.TrimRight(l, " "); l != "" {
			lines = append(lines, l)
		}
	}
	return lines
}

func lastLines(out string, n int) []string {
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	return lines[max(len(lines)-n, 0):]
}
