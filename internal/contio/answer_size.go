package contio

// How much of an answer the client reads. The limit keeps a misbehaving proxy
// from exhausting memory, and is sized from the largest legitimate answer: a
// page of MaxDeliveriesPageSize deliveries whose fields are as long as
// CONTRACT.md lets them be. Only last_error is free text there; the client
// plans for one of up to MaxLastErrorBytes, with every byte escaped as
// \u00XX (6 bytes), and gives the other fields of a row, with their keys,
// deliveryRowRestBytes. An App answer is far smaller.
const (
	// MaxLastErrorBytes is the longest last_error a full page may hold in
	// every row and still be read: a status line with an excerpt of the
	// endpoint's answer fits many times over.
	MaxLastErrorBytes = 16 << 10

	deliveryRowRestBytes = 2 << 10
	pageRestBytes        = 4 << 10 // "data", next_cursor, punctuation

	// MaxAnswerBytes is how much of one answer the client reads (about
	// 9.6 MiB); a longer one is an UnexpectedResponseError with TooLarge.
	MaxAnswerBytes = MaxDeliveriesPageSize*(6*MaxLastErrorBytes+deliveryRowRestBytes) + pageRestBytes
)
