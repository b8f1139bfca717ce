// Package analytics is the shop's behaviour analytics: it records what
// storefronts report visitors did (with their consent), folds the raw
// events into anonymous daily rollups, purges them past the retention
// period, and reports the shop's and each seller's figures.
package analytics

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"

	entsql "entgo.io/ent/dialect/sql"
	"github.com/google/uuid"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/analyticsevent"
	"github.com/comptoir/comptoir/ent/analyticsoptout"
	"github.com/comptoir/comptoir/ent/product"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/account"
	"github.com/comptoir/comptoir/internal/apperr"
	"github.com/comptoir/comptoir/internal/ratelimit"
	"github.com/comptoir/comptoir/internal/sales"
	"github.com/comptoir/comptoir/internal/store"
	"github.com/comptoir/comptoir/internal/text"
)

// User error codes (AnalyticsErrorCode in the schema).
const (
	CodeInvalid      = "INVALID"
	CodeNothingToSet = "NOTHING_TO_SET"
)

// Config bounds what storefronts may send and how long raw events live.
type Config struct {
	// Retention: raw events (and the visitor-days behind SESSIONS) older
	// than this are purged; rollups stay. Default 90 days.
	Retention time.Duration
	// MaxEvents per call (default 50).
	MaxEvents int
	// Per Window (default a minute), at most VisitorCalls calls per visitor
	// (default 60) and SourceCalls per client address (default 600: many
	// visitors share an address behind a NAT).
	Window                    time.Duration
	VisitorCalls, SourceCalls int
	// RollupBatch: raw events folded per rollup statement group (default 1000).
	RollupBatch int
	// Every: how often the worker rolls up and purges (default a minute).
	Every time.Duration
}

func (c Config) withDefaults() Config {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&c.MaxEvents, 50)
	def(&c.VisitorCalls, 60)
	def(&c.SourceCalls, 600)
	def(&c.RollupBatch, 1000)
	if c.Retention <= 0 {
		c.Retention = 90 * 24 * time.Hour
	}
	if c.Window <= 0 {
		c.Window = time.Minute
	}
	if c.Every <= 0 {
		c.Every = time.Minute
	}
	return c
}

// Service records and reports analytics.
type Service struct {
	St     *store.Store
	Limits ratelimit.Counter
	Sales  *sales.Reports
	Cfg    Config
	// Now is the clock (tests inject one); time.Now when nil.
	Now func() time.Time
}

// New returns a service over st with cfg's unset limits defaulted.
func New(st *store.Store, limits ratelimit.Counter, cfg Config) *Service {
	return &Service{St: st, Limits: limits, Sales: &sales.Reports{St: st}, Cfg: cfg.withDefaults()}
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// EventInput is one event as a storefront sends it.
type EventInput struct {
	EventID     string
	Type        analyticsevent.Type
	ProductID   *pulid.ID
	VariantID   *pulid.ID
	SearchTerms *string
	ResultCount *int
	OccurredAt  time.Time
}

// Recorded is what Record did.
type Recorded struct {
	Recorded int
	OptedOut bool
}

// Skew is how far in the future an event may be dated (clients' clocks);
// MaxAge how far in the past (a storefront's queue after an outage).
const (
	Skew   = 5 * time.Minute
	MaxAge = 24 * time.Hour
)

// MaxVisitorID is the longest visitor id accepted, in bytes.
const MaxVisitorID = 200

// Digest is what is stored of a storefront's visitor id.
func Digest(visitorID string) string {
	sum := sha256.Sum256([]byte("visitor:" + strings.TrimSpace(visitorID)))
	return hex.EncodeToString(sum[:])
}

// FoldTerms is a search as counted: lower case, spaces collapsed, at most
// 200 characters.
func FoldTerms(s string) string {
	return text.Cut(strings.Join(strings.Fields(strings.ToLower(s)), " "), 200)
}

func in(path ...string) []string { return append([]string{"input"}, path...) }

func invalid(field []string, format string, args ...any) []apperr.UserError {
	return []apperr.UserError{apperr.UserErr(field, CodeInvalid, format, args...)}
}

func checkVisitor(visitorID string) []apperr.UserError {
	if strings.TrimSpace(visitorID) == "" || len(visitorID) > MaxVisitorID {
		return invalid(in("visitorId"), "a visitor id has 1 to %d characters", MaxVisitorID)
	}
	return nil
}

// throttle counts one call per visitor and per client address, refusing
// past their limits with RATE_LIMITED (as account's sign-up throttle).
func (s *Service) throttle(ctx context.Context, visitor string) error {
	cfg := s.Cfg.withDefaults()
	ip := account.ClientInfoFrom(ctx).IP
	for _, l := range []struct {
		key string
		max int
	}{{"analytics:visitor:" + visitor, cfg.VisitorCalls}, {"analytics:source:" + ip, cfg.SourceCalls}} {
		n, left, err := s.Limits.Hit(ctx, l.key, cfg.Window)
		if err != nil {
			return fmt.Errorf("analytics throttle: %w", err)
		}
		if n > l.max {
			return &apperr.Error{Code: apperr.RateLimited, Message: "Too many analytics events; try again later", RetryAfter: max(left, time.Second)}
		}
	}
	return nil
}

// Record stores a visitor's batch of events, each once (by EventID), joined
// to the signed-in customer. Who: anyone; throttled per visitor and client
// address (RATE_LIMITED). Nothing is stored, and OptedOut is true, when the
// visitor or the customer opted out. userErrors (INVALID) reject the whole
// batch.
func (s *Service) Record(ctx context.Context, visitorID string, events []EventInput) (*Recorded, []apperr.UserError, error) {
	cfg := s.Cfg.withDefaults()
	if ues := checkVisitor(visitorID); ues != nil {
		return nil, ues, nil
	}
	visitor := Digest(visitorID)
	if err := s.throttle(ctx, visitor); err != nil {
		return nil, nil, err
	}
	if len(events) == 0 || len(events) > cfg.MaxEvents {
		return nil, invalid(in("events"), "send 1 to %d events", cfg.MaxEvents), nil
	}
	now := s.now()
	seen := map[string]bool{}
	products := map[pulid.ID]bool{}
	rows := make([]EventInput, len(events))
	for i, e := range events {
		f := func(name string) []string { return in("events", strconv.Itoa(i), name) }
		id, err := uuid.Parse(strings.TrimSpace(e.EventID))
		if err != nil || len(strings.TrimSpace(e.EventID)) != 36 {
			return nil, invalid(f("eventId"), "an event id is a UUID such as 0b5e3a1c-5d0e-4f0a-9b1e-2f3c4d5e6f70"), nil
		}
		e.EventID = id.String()
		if seen[e.EventID] {
			return nil, invalid(f("eventId"), "two events of the batch have this id"), nil
		}
		seen[e.EventID] = true
		if err := analyticsevent.TypeValidator(e.Type); err != nil || IsServerType(e.Type) {
			return nil, invalid(f("type"), "unknown event type %q", e.Type), nil
		}
		if e.OccurredAt.After(now.Add(Skew)) || e.OccurredAt.Before(now.Add(-MaxAge)) {
			return nil, invalid(f("occurredAt"), "an event is dated at most 24 hours ago and not in the future"), nil
		}
		switch e.Type {
		case analyticsevent.TypePRODUCT_VIEWED, analyticsevent.TypePRODUCT_CLICKED, analyticsevent.TypeCART_LINE_ADDED:
			if e.ProductID == nil {
				return nil, invalid(f("productId"), "a %s event names its product", e.Type), nil
			}
		case analyticsevent.TypeSEARCH_PERFORMED:
			if e.SearchTerms == nil || FoldTerms(*e.SearchTerms) == "" {
				return nil, invalid(f("searchTerms"), "a search event gives its terms"), nil
			}
			if e.ResultCount == nil || *e.ResultCount < 0 {
				return nil, invalid(f("resultCount"), "a search event gives its result count (0 or more)"), nil
			}
		}
		if e.VariantID != nil && e.ProductID == nil {
			return nil, invalid(f("productId"), "an event naming a variant names its product"), nil
		}
		if e.ProductID != nil {
			products[*e.ProductID] = true
		}
		rows[i] = e
	}

	v, err := account.CurrentViewer(ctx)
	if err != nil {
		return nil, nil, err
	}
	if v != nil && v.Customer.AnalyticsOptOut {
		return &Recorded{OptedOut: true}, nil, nil
	}
	db := s.St.Client
	if out, err := db.AnalyticsOptOut.Query().Where(analyticsoptout.Visitor(visitor)).Exist(ctx); err != nil {
		return nil, nil, fmt.Errorf("analytics consent: %w", err)
	} else if out {
		return &Recorded{OptedOut: true}, nil, nil
	}

	sellers := map[pulid.ID]pulid.ID{}
	if len(products) > 0 {
		ids := make([]pulid.ID, 0, len(products))
		for id := range products {
			ids = append(ids, id)
		}
		var found []struct {
			ID       pulid.ID `json:"id"`
			SellerID pulid.ID `json:"seller_id"`
		}
		if err := db.Product.Query().Where(product.IDIn(ids...)).Select(product.FieldID, product.FieldSellerID).Scan(ctx, &found); err != nil {
			return nil, nil, fmt.Errorf("analytics products: %w", err)
		}
		for _, p := range found {
			sellers[p.ID] = p.SellerID
		}
	}
	ids := make([]string, len(rows))
	for i, e := range rows {
		ids[i] = e.EventID
		if e.ProductID != nil {
			if _, ok := sellers[*e.ProductID]; !ok {
				return nil, invalid(in("events", strconv.Itoa(i), "productId"), "no product has this id"), nil
			}
		}
	}
	stored, err := db.AnalyticsEvent.Query().Where(analyticsevent.EventIDIn(ids...)).Select(analyticsevent.FieldEventID).Strings(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("analytics events: %w", err)
	}
	dup := map[string]bool{}
	for _, id := range stored {
		dup[id] = true
	}
	var customerID *pulid.ID
	if v != nil {
		customerID = &v.Customer.ID
	}
	var creates []*ent.AnalyticsEventCreate
	for _, e := range rows {
		if dup[e.EventID] {
			continue
		}
		c := db.AnalyticsEvent.Create().SetEventID(e.EventID).SetType(e.Type).SetVisitor(visitor).
			SetNillableCustomerID(customerID).SetNillableProductID(e.ProductID).SetNillableVariantID(e.VariantID).
			SetOccurredAt(e.OccurredAt.UTC()).SetReceivedAt(now.UTC())
		if e.ProductID != nil {
			c.SetSellerID(sellers[*e.ProductID])
		}
		if e.Type == analyticsevent.TypeSEARCH_PERFORMED {
			c.SetSearchTerms(FoldTerms(*e.SearchTerms)).SetResultCount(*e.ResultCount)
		}
		creates = append(creates, c)
	}
	if len(creates) > 0 {
		// A concurrent repeat of the batch loses the race quietly.
		err := db.AnalyticsEvent.CreateBulk(creates...).OnConflict(entsql.ConflictColumns(analyticsevent.FieldEventID)).DoNothing().Exec(ctx)
		if err != nil {
			return nil, nil, fmt.Errorf("analytics record: %w", err)
		}
	}
	return &Recorded{Recorded: len(creates)}, nil, nil
}
