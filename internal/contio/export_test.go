package contio

// Exported for the external tests only.
var (
	SecretForms = secretForms
	Redact      = redact
)
