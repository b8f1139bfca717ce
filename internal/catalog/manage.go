package catalog

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/comptoir/comptoir/internal/apperr"
	"github.com/comptoir/comptoir/internal/text"
)

// Error codes of catalog userErrors (CatalogErrorCode in the schema).
const (
	CodeBlank         = "BLANK"
	CodeInvalid       = "INVALID"
	CodeTooLong       = "TOO_LONG"
	CodeTaken         = "TAKEN"
	CodeNotFound      = "NOT_FOUND"
	CodeNegative      = "NEGATIVE"
	CodeStockMismatch = "STOCK_MISMATCH"
	CodeHasChildren   = "HAS_CHILDREN"
	CodeInUse         = "IN_USE"
	CodeDuplicate     = "DUPLICATE"
	CodeCycle         = "CYCLE"
)

// UserError is a problem with a catalog mutation's input.
type UserError = apperr.UserError

// Limits of catalog text.
const (
	maxName        = text.NameMax
	maxSlug        = 200
	maxDescription = text.DescriptionMax
	maxAttributes  = 50
	maxAttrKey     = text.LabelMax
	maxAttrValue   = 1000
	maxMedia       = 50
	maxURL         = 2000
	maxSKU         = text.LabelMax
	maxOptions     = 10
)

// MaxWeightGrams bounds a variant's weight (1,000 t): a cart's weight,
// 100 lines of 999 units, then stays far inside an int, and shipping
// prices it with checked arithmetic.
const MaxWeightGrams = 1_000_000_000

// validator gathers every problem of an input at once.
type validator struct{ errs []UserError }

func (v *validator) add(field []string, code, format string, args ...any) {
	v.errs = append(v.errs, apperr.UserErr(field, code, format, args...))
}

func (v *validator) text(field []string, s string, required bool, max int) {
	switch {
	case required && strings.TrimSpace(s) == "":
		v.add(field, CodeBlank, "%s can't be blank", field[len(field)-1])
	case text.TooLong(s, max):
		v.add(field, CodeTooLong, "%s is too long (at most %d characters)", field[len(field)-1], max)
	}
}

func (v *validator) slug(field []string, s string) {
	if len(s) > maxSlug || !slugRE.MatchString(s) {
		v.add(field, CodeInvalid, "slug must be lower-case letters and digits joined by '-' (at most %d characters)", maxSlug)
	}
}

// pairs validates key/value pairs and returns them as a map (nil for nil).
func (v *validator) pairs(field []string, list []Attribute, maxN, maxKey, maxValue int) map[string]string {
	if list == nil {
		return nil
	}
	if len(list) > maxN {
		v.add(field, CodeTooLong, "at most %d entries", maxN)
		return nil
	}
	m := make(map[string]string, len(list))
	for i, a := range list {
		f := append(append([]string{}, field...), fmt.Sprint(i))
		switch {
		case strings.TrimSpace(a.Key) == "" || text.TooLong(a.Key, maxKey) || text.TooLong(a.Value, maxValue):
			v.add(f, CodeInvalid, "keys are 1 to %d characters and values at most %d", maxKey, maxValue)
		case hasKey(m, a.Key):
			v.add(f, CodeDuplicate, "%q is given twice", text.Truncate(a.Key, 40))
		}
		m[a.Key] = a.Value
	}
	return m
}

func hasKey(m map[string]string, k string) bool { _, ok := m[k]; return ok }

// fieldPath builds a userError field path under "input".
func fieldPath(parts ...string) []string { return append([]string{"input"}, parts...) }

func validURL(s string) bool {
	if len(s) > maxURL {
		return false
	}
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}

// nameAndSlug requires a name on create and returns the slug to store: the
// one given, or the name slugified.
func (v *validator) nameAndSlug(name, slug *string) string {
	if name == nil {
		v.add(fieldPath("name"), CodeBlank, "name can't be blank")
	}
	switch {
	case slug != nil:
		return *slug
	case name != nil:
		return Slugify(*name)
	}
	return ""
}
