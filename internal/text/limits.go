package text

import "unicode/utf8"

// Limits of user text, counted in runes (utf8.RuneCountInString), one per
// kind of field so that similar fields take the same length everywhere:
// validation, ent field validators (MaxRuneLen) and column sizes use these.
const (
	// LabelMax bounds short labels: a person's given or family name, a
	// wishlist or shipping method name, an attribute or option key, a SKU.
	LabelMax = 100
	// NameMax bounds what a shopper reads as a title: product, category,
	// seller and warehouse names, variant and review titles, image alt text.
	NameMax = 200
	// DescriptionMax bounds long free text: product, category and seller
	// descriptions, review bodies, a buyer's note.
	DescriptionMax = 5000
	// NoteMax bounds a short note kept with a record: a staff reason or
	// decision note, a timeline message, the last error of a delivery.
	NoteMax = 500
	// ReasonMax bounds a provider's failure reason on a payment or refund.
	ReasonMax = 200
)

// TooLong reports whether s has more than max runes: the one way a length
// limit is checked, so that "é" and "e" count the same.
func TooLong(s string, max int) bool {
	return utf8.RuneCountInString(s) > max
}
