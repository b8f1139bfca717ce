// Package recommend decides which products to recommend: next to a product
// (RELATED, COMPLEMENTARY, BOUGHT_TOGETHER) and for a shopper (a customer,
// or a guest by visitor id). Its worker (Pairs) keeps item-to-item scores
// from paid orders and co-views; the readers here rank them, fall back to
// category and attribute similarity (new products have no history) and to
// best sellers, and keep only what the public may buy now.
//
// Recency is forward decay: an occurrence at time t adds
// exp((t - Epoch) / Tau) to its pair's score, so that a newer occurrence
// weighs more while no stored score is ever rewritten when time passes (the
// ranking of scores as of any day is that of their decayed values, since
// every score is scaled by the same exp(-(now - Epoch)/Tau)). With Tau of 30
// days the weight stays well inside a float64 for 50 years after Epoch.
package recommend

import (
	"math"
	"time"

	"github.com/comptoir/comptoir/internal/apperr"
)

// Intent is what a list next to a product is for.
type Intent string

// The intents, as the schema's RecommendationIntent.
const (
	Related        Intent = "RELATED"
	Complementary  Intent = "COMPLEMENTARY"
	BoughtTogether Intent = "BOUGHT_TOGETHER"
)

// Kinds of pair, as stored in product_pairs.kind.
const (
	kindBought = "BOUGHT"
	kindViewed = "VIEWED"
)

// Epoch is the origin of forward decay; Tau its time constant: a pair
// seen Tau later weighs e times more.
var Epoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// Tau is the forward decay's time constant.
const Tau = 30 * 24 * time.Hour

// weight is the forward-decayed weight of an occurrence at t.
func weight(t time.Time) float64 {
	return math.Exp(float64(t.Sub(Epoch)) / float64(Tau))
}

// DefaultFirst and MaxFirst bound the length of a list.
const (
	DefaultFirst = 10
	MaxFirst     = 50
)

// First checks a list's requested length (nil: DefaultFirst). Errors:
// BAD_USER_INPUT when negative or above MaxFirst.
func First(first *int) (int, error) {
	if first == nil {
		return DefaultFirst, nil
	}
	if *first < 0 || *first > MaxFirst {
		return 0, apperr.BadInput([]string{"first"}, "first must be between 0 and %d", MaxFirst)
	}
	return *first, nil
}

// ParseIntent checks an intent (empty: RELATED). Errors: BAD_USER_INPUT.
func ParseIntent(s string) (Intent, error) {
	switch Intent(s) {
	case "":
		return Related, nil
	case Related, Complementary, BoughtTogether:
		return Intent(s), nil
	}
	return "", apperr.BadInput([]string{"intent"}, "unknown intent %q", s)
}
