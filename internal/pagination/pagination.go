// Package pagination holds the connection page-size rules every list follows:
// 20 by default, at most 100, and asking for more is an error, never a cut.
package pagination

import "github.com/comptoir/comptoir/internal/apperr"

const (
	// Default is the page size when neither first nor last is given.
	Default = 20
	// Max is the largest page a client may ask for.
	Max = 100
)

// Check validates first/last as a client sent them.
func Check(first, last *int) error {
	switch {
	case first != nil && last != nil:
		return apperr.BadInput([]string{"first"}, "pass either first or last, not both")
	case first != nil && (*first < 0 || *first > Max):
		return apperr.BadInput([]string{"first"}, "first must be between 0 and %d, got %d", Max, *first)
	case last != nil && (*last < 0 || *last > Max):
		return apperr.BadInput([]string{"last"}, "last must be between 0 and %d, got %d", Max, *last)
	}
	return nil
}

// Normalize validates first/last and applies the default page size.
func Normalize(first, last *int) (*int, *int, error) {
	if err := Check(first, last); err != nil {
		return nil, nil, err
	}
	if first == nil && last == nil {
		d := Default
		first = &d
	}
	return first, last, nil
}
