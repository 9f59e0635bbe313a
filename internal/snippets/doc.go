// Package snippets reads the HCL snippets of the project's Markdown (README,
// docs/) with the marker that says how to assemble each one, so that a test
// can run every published snippet from the document itself. The marker
// grammar is described in CONTRIBUTING.md ("Snippets in the docs").
package snippets
