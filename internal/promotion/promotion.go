// Package promotion keeps automatic promotions: their management by admins
// (any promotion) and sellers' members (their seller's, covering its own
// products only), and the rules of the live ones, which cart reads and
// checkout price with (internal/pricing) without a statement of their own:
// the service keeps them in memory (loaded at start, see Reload), reloads
// them after each write and refreshes them in the background when they
// grow older than TTL (the writes of other instances). Checkout prices
// inside its transaction: a load there would wait for a pooled connection
// while holding one, so the hot path never loads once warm.
package promotion

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/category"
	"github.com/comptoir/comptoir/ent/entgqlrt"
	"github.com/comptoir/comptoir/ent/product"
	entpromotion "github.com/comptoir/comptoir/ent/promotion"
	"github.com/comptoir/comptoir/ent/schema"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/apperr"
	"github.com/comptoir/comptoir/internal/money"
	"github.com/comptoir/comptoir/internal/pagination"
	"github.com/comptoir/comptoir/internal/policy"
	"github.com/comptoir/comptoir/internal/pricing"
	"github.com/comptoir/comptoir/internal/text"
)

// Error codes (PromotionErrorCode in the schema).
const (
	CodeInvalid       = "INVALID"
	CodeNotFound      = "NOT_FOUND"
	CodeNotOwnProduct = "NOT_OWN_PRODUCT"
)

// DefaultTTL is how long the live promotions are served before a
// background reload (what another instance wrote shows within it).
const DefaultTTL = 30 * time.Second

// Service manages promotions and serves the live ones.
type Service struct {
	Client *ent.Client
	// Background loads the live promotions outside any request, so that
	// requests' statements do not include them (nil: Client).
	Background *ent.Client
	Currency   money.Currency
	Now        func() time.Time
	TTL        time.Duration
	Log        *slog.Logger

	loading   sync.Mutex // one load at a time: concurrent cold reads wait for it
	mu        sync.Mutex
	live      []*pricing.Promotion
	loaded    bool
	loadedAt  time.Time
	gen       uint64 // bumped by writes: a load begun before one is not kept
	refreshes bool
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func (s *Service) bg() *ent.Client {
	if s.Background != nil {
		return s.Background
	}
	return s.Client
}

// Live returns the rules of the active promotions that have not ended
// (pricing checks their dates at its own now). The first call loads them
// in one statement on the background client; later calls run none, a
// reload starting in the background once they are older than TTL.
func (s *Service) Live(ctx context.Context) ([]*pricing.Promotion, error) {
	s.mu.Lock()
	if s.loaded {
		live := s.live
		ttl := s.TTL
		if ttl == 0 {
			ttl = DefaultTTL
		}
		if !s.refreshes && time.Since(s.loadedAt) > ttl {
			s.refreshes = true
			go s.refresh()
		}
		s.mu.Unlock()
		return live, nil
	}
	s.mu.Unlock()
	s.loading.Lock()
	defer s.loading.Unlock()
	s.mu.Lock()
	if s.loaded {
		live := s.live
		s.mu.Unlock()
		return live, nil
	}
	s.mu.Unlock()
	return s.Reload(context.WithoutCancel(ctx))
}

func (s *Service) refresh() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := s.Reload(ctx); err != nil && s.Log != nil {
		s.Log.Warn("reload promotions", "err", err)
	}
	s.mu.Lock()
	s.refreshes = false
	s.mu.Unlock()
}

// Reload loads the live promotions now (one statement).
func (s *Service) Reload(ctx context.Context) ([]*pricing.Promotion, error) {
	s.mu.Lock()
	gen := s.gen
	s.mu.Unlock()
	rows, err := s.bg().Promotion.Query().Where(entpromotion.Active(true),
		entpromotion.Or(entpromotion.EndsAtIsNil(), entpromotion.EndsAtGT(s.now()))).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load promotions: %w", err)
	}
	live := make([]*pricing.Promotion, len(rows))
	for i, p := range rows {
		live[i] = Rule(p)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if gen == s.gen {
		s.live, s.loaded, s.loadedAt = live, true, time.Now()
	}
	return live, nil
}

// changed reloads the live promotions after a write (on the background
// client, outside any transaction); if that fails, the next read loads them.
func (s *Service) changed(ctx context.Context) {
	s.mu.Lock()
	s.gen++
	s.loaded = false
	s.mu.Unlock()
	if _, err := s.Reload(context.WithoutCancel(ctx)); err != nil && s.Log != nil {
		s.Log.Warn("reload promotions", "err", err)
	}
}

// Rule converts a promotion to its pricing rule.
func Rule(p *ent.Promotion) *pricing.Promotion {
	tiers := make([]pricing.Tier, len(p.Tiers))
	for i, t := range p.Tiers {
		tiers[i] = pricing.Tier{Threshold: t.Threshold, Value: t.Value}
	}
	return &pricing.Promotion{
		ID: p.ID, Title: p.Title, Priority: p.Priority, CombinesWithCodes: p.CombinesWithCodes, Exclusive: p.Exclusive,
		Kind: pricing.PromotionKind(p.Kind), Value: p.Value, Currency: money.Currency(p.Currency),
		MinimumSubtotal: p.MinimumSubtotal, MinimumQuantity: p.MinimumQuantity,
		ProductIDs: p.ProductIds, CategoryIDs: p.CategoryIds, SellerIDs: p.SellerIds, Owner: p.SellerID,
		Segment: pricing.Segment(p.CustomerSegment), StartsAt: p.StartsAt, EndsAt: p.EndsAt, Active: p.Active,
		BuyQuantity: p.BuyQuantity, GetQuantity: p.GetQuantity, GetPercentage: p.GetPercentage, Tiers: tiers,
	}
}

// Input is a promotion's settings as a client sends them: amounts and
// percentages are decimal strings, parsed here.
type Input struct {
	Title             string
	Active            bool
	Priority          int
	CombinesWithCodes bool
	Exclusive         bool
	StartsAt, EndsAt  *time.Time
	Kind              entpromotion.Kind
	Value             string // a percentage or an amount; "" for kinds without one
	MinimumSubtotal   string
	MinimumQuantity   int
	ProductIDs        []pulid.ID
	CategoryIDs       []pulid.ID
	SellerIDs         []pulid.ID
	Segment           entpromotion.CustomerSegment
	BuyQuantity       int
	GetQuantity       int
	GetPercentage     string
	Tiers             []TierInput
}

// TierInput is one tier as sent.
type TierInput struct{ MinimumSubtotal, Value string }

// rules is Input parsed.
type rules struct {
	value, minimum, getPct int64
	tiers                  []schema.PromotionTier
}

var field = func(p ...string) []string { return append([]string{"input", "promotion"}, p...) }

// percent reads "0.01" to "100" as hundredths of a percent.
func percent(s string) (int64, bool) {
	v, err := money.Parse(strings.TrimSpace(s), 2)
	return v, err == nil && v >= 1 && v <= 10_000
}

func (s *Service) amount(str string) (int64, bool) {
	v, err := money.ParseAmount(strings.TrimSpace(str), s.Currency)
	return v, err == nil && v >= 0
}

// check validates settings and parses their numbers.
func (s *Service) check(in Input) (rules, []apperr.UserError) {
	var r rules
	var ues []apperr.UserError
	bad := func(f []string, format string, args ...any) {
		ues = append(ues, apperr.UserErr(f, CodeInvalid, format, args...))
	}
	if t := strings.TrimSpace(in.Title); t == "" || text.TooLong(t, 200) {
		bad(field("title"), "a title has 1 to 200 characters")
	}
	if in.StartsAt != nil && in.EndsAt != nil && !in.EndsAt.After(*in.StartsAt) {
		bad(field("endsAt"), "endsAt must come after startsAt")
	}
	if in.MinimumSubtotal != "" {
		var ok bool
		if r.minimum, ok = s.amount(in.MinimumSubtotal); !ok {
			bad(field("minimumSubtotal"), "a non-negative amount such as \"50.00\"")
		}
	}
	if in.MinimumQuantity < 0 {
		bad(field("minimumQuantity"), "the minimum quantity can't be negative")
	}
	if len(in.ProductIDs)+len(in.CategoryIDs)+len(in.SellerIDs) > 500 {
		bad(field("productIds"), "at most 500 conditions")
	}
	switch in.Segment {
	case entpromotion.CustomerSegmentALL, entpromotion.CustomerSegmentSIGNED_IN, entpromotion.CustomerSegmentFIRST_ORDER:
	default:
		bad(field("customerSegment"), "customerSegment is ALL, SIGNED_IN or FIRST_ORDER")
	}
	noValue := func() {
		if strings.TrimSpace(in.Value) != "" && strings.TrimSpace(in.Value) != "0" {
			bad(field("value"), "%s takes no value", in.Kind)
		}
	}
	switch in.Kind {
	case entpromotion.KindPERCENTAGE:
		var ok bool
		if r.value, ok = percent(in.Value); !ok {
			bad(field("value"), "a percentage from 0.01 to 100")
		}
	case entpromotion.KindFIXED_AMOUNT:
		var ok bool
		if r.value, ok = s.amount(in.Value); !ok || r.value == 0 {
			bad(field("value"), "a positive amount such as \"5.00\"")
		}
	case entpromotion.KindBUY_X_GET_Y:
		noValue()
		if in.BuyQuantity < 1 || in.BuyQuantity > 1000 {
			bad(field("buyQuantity"), "buyQuantity is from 1 to 1000")
		}
		if in.GetQuantity < 1 || in.GetQuantity > 1000 {
			bad(field("getQuantity"), "getQuantity is from 1 to 1000")
		}
		pct := in.GetPercentage
		if pct == "" {
			pct = "100"
		}
		var ok bool
		if r.getPct, ok = percent(pct); !ok {
			bad(field("getPercentage"), "a percentage from 0.01 to 100")
		}
	case entpromotion.KindFREE_SHIPPING:
		noValue()
	case entpromotion.KindTIERED_PERCENTAGE, entpromotion.KindTIERED_FIXED_AMOUNT:
		noValue()
		if len(in.Tiers) < 1 || len(in.Tiers) > 10 {
			bad(field("tiers"), "1 to 10 tiers")
		}
		seen := map[int64]bool{}
		for i, t := range in.Tiers {
			f := field("tiers", fmt.Sprint(i))
			th, ok := s.amount(t.MinimumSubtotal)
			if !ok || seen[th] {
				bad(append(f, "minimumSubtotal"), "distinct non-negative thresholds")
			}
			seen[th] = true
			var v int64
			if in.Kind == entpromotion.KindTIERED_PERCENTAGE {
				v, ok = percent(t.Value)
			} else {
				v, ok = s.amount(t.Value)
				ok = ok && v > 0
			}
			if !ok {
				bad(append(f, "value"), "a percentage from 0.01 to 100, or a positive amount")
			}
			r.tiers = append(r.tiers, schema.PromotionTier{Threshold: th, Value: v})
		}
		slices.SortFunc(r.tiers, func(a, b schema.PromotionTier) int { return int(a.Threshold - b.Threshold) })
	default:
		bad(field("kind"), "unknown kind")
	}
	if in.Kind != entpromotion.KindBUY_X_GET_Y && (in.BuyQuantity != 0 || in.GetQuantity != 0) {
		bad(field("buyQuantity"), "buyQuantity and getQuantity are for BUY_X_GET_Y only")
	}
	if in.Kind != entpromotion.KindTIERED_PERCENTAGE && in.Kind != entpromotion.KindTIERED_FIXED_AMOUNT && len(in.Tiers) > 0 {
		bad(field("tiers"), "tiers are for tiered kinds only")
	}
	return r, ues
}

// owned refuses, for a seller's promotion, conditions on other sellers or
// their products (one statement when products are listed).
func (s *Service) owned(ctx context.Context, seller *pulid.ID, in Input) ([]apperr.UserError, error) {
	if seller == nil {
		return nil, nil
	}
	for i, id := range in.SellerIDs {
		if id != *seller {
			return []apperr.UserError{apperr.UserErr(field("sellerIds", fmt.Sprint(i)), CodeNotOwnProduct, "a seller's promotion covers its own products only")}, nil
		}
	}
	if len(in.ProductIDs) == 0 {
		return nil, nil
	}
	mine, err := s.Client.Product.Query().Where(product.IDIn(in.ProductIDs...), product.SellerID(*seller)).IDs(ctx)
	if err != nil {
		return nil, fmt.Errorf("check promotion products: %w", err)
	}
	for i, id := range in.ProductIDs {
		if !slices.Contains(mine, id) {
			return []apperr.UserError{apperr.UserErr(field("productIds", fmt.Sprint(i)), CodeNotOwnProduct, "%s is not one of the seller's products", id)}, nil
		}
	}
	return nil, nil
}

func nonNil(ids []pulid.ID) []pulid.ID {
	if ids == nil {
		return []pulid.ID{}
	}
	return ids
}

// authorize allows admins for any promotion and a seller's members for
// that seller's; everyone else is refused (UNAUTHENTICATED, FORBIDDEN).
func authorize(ctx context.Context, seller *pulid.ID) error {
	if seller == nil {
		_, err := policy.RequireAdmin(ctx)
		return err
	}
	_, err := policy.ManageSeller(ctx, *seller)
	return err
}

// Create creates a promotion: the platform's (sellerID nil) or a seller's.
// Who: admins; a seller's members for their seller (FORBIDDEN otherwise).
// userErrors: INVALID, NOT_OWN_PRODUCT.
func (s *Service) Create(ctx context.Context, sellerID *pulid.ID, in Input) (*ent.Promotion, []apperr.UserError, error) {
	if err := authorize(ctx, sellerID); err != nil {
		return nil, nil, err
	}
	r, ues := s.check(in)
	if len(ues) > 0 {
		return nil, ues, nil
	}
	if ues, err := s.owned(ctx, sellerID, in); err != nil || len(ues) > 0 {
		return nil, ues, err
	}
	p, err := s.Client.Promotion.Create().SetTitle(strings.TrimSpace(in.Title)).SetNillableSellerID(sellerID).
		SetActive(in.Active).SetPriority(in.Priority).SetCombinesWithCodes(in.CombinesWithCodes).SetExclusive(in.Exclusive).
		SetNillableStartsAt(in.StartsAt).SetNillableEndsAt(in.EndsAt).SetKind(in.Kind).SetValue(r.value).
		SetCurrency(string(s.Currency)).SetMinimumSubtotal(r.minimum).SetMinimumQuantity(in.MinimumQuantity).
		SetProductIds(nonNil(in.ProductIDs)).SetCategoryIds(nonNil(in.CategoryIDs)).SetSellerIds(nonNil(in.SellerIDs)).
		SetCustomerSegment(in.Segment).SetBuyQuantity(in.BuyQuantity).SetGetQuantity(in.GetQuantity).
		SetGetPercentage(r.getPct).SetTiers(nonNilTiers(r.tiers)).Save(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("create promotion: %w", err)
	}
	s.changed(ctx)
	return p, nil, nil
}

func nonNilTiers(t []schema.PromotionTier) []schema.PromotionTier {
	if t == nil {
		return []schema.PromotionTier{}
	}
	return t
}

// load reads a promotion the viewer may manage. A promotion of another
// seller is FORBIDDEN, like its seller's other settings; an unknown one is
// a NOT_FOUND userError.
func (s *Service) load(ctx context.Context, id pulid.ID) (*ent.Promotion, []apperr.UserError, error) {
	p, err := s.Client.Promotion.Get(ctx, id)
	if ent.IsNotFound(err) {
		if _, err := policy.Require(ctx, policy.Seller); err != nil {
			return nil, nil, err
		}
		return nil, []apperr.UserError{apperr.UserErr([]string{"input", "id"}, CodeNotFound, "no promotion has this id")}, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("load promotion: %w", err)
	}
	if err := authorize(ctx, p.SellerID); err != nil {
		return nil, nil, err
	}
	return p, nil, nil
}

// Update replaces a promotion's settings (its seller stays). Who: admins;
// its seller's members. userErrors: NOT_FOUND, INVALID, NOT_OWN_PRODUCT.
func (s *Service) Update(ctx context.Context, id pulid.ID, in Input) (*ent.Promotion, []apperr.UserError, error) {
	cur, ues, err := s.load(ctx, id)
	if err != nil || len(ues) > 0 {
		return nil, ues, err
	}
	r, ues := s.check(in)
	if len(ues) > 0 {
		return nil, ues, nil
	}
	if ues, err := s.owned(ctx, cur.SellerID, in); err != nil || len(ues) > 0 {
		return nil, ues, err
	}
	u := s.Client.Promotion.UpdateOne(cur).SetTitle(strings.TrimSpace(in.Title)).
		SetActive(in.Active).SetPriority(in.Priority).SetCombinesWithCodes(in.CombinesWithCodes).SetExclusive(in.Exclusive).
		SetKind(in.Kind).SetValue(r.value).SetMinimumSubtotal(r.minimum).SetMinimumQuantity(in.MinimumQuantity).
		SetProductIds(nonNil(in.ProductIDs)).SetCategoryIds(nonNil(in.CategoryIDs)).SetSellerIds(nonNil(in.SellerIDs)).
		SetCustomerSegment(in.Segment).SetBuyQuantity(in.BuyQuantity).SetGetQuantity(in.GetQuantity).
		SetGetPercentage(r.getPct).SetTiers(nonNilTiers(r.tiers))
	if in.StartsAt != nil {
		u.SetStartsAt(*in.StartsAt)
	} else {
		u.ClearStartsAt()
	}
	if in.EndsAt != nil {
		u.SetEndsAt(*in.EndsAt)
	} else {
		u.ClearEndsAt()
	}
	p, err := u.Save(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("update promotion: %w", err)
	}
	s.changed(ctx)
	return p, nil, nil
}

// Delete deletes a promotion; orders keep their allocations (with its
// title). Who: admins; its seller's members. userErrors: NOT_FOUND.
func (s *Service) Delete(ctx context.Context, id pulid.ID) ([]apperr.UserError, error) {
	cur, ues, err := s.load(ctx, id)
	if err != nil || len(ues) > 0 {
		return ues, err
	}
	if err := s.Client.Promotion.DeleteOne(cur).Exec(ctx); err != nil {
		return nil, fmt.Errorf("delete promotion: %w", err)
	}
	s.changed(ctx)
	return nil, nil
}

// List lists promotions, newest first: admins all (or one seller's), a
// seller's members their seller's (sellerID required, FORBIDDEN for
// another seller).
func (s *Service) List(ctx context.Context, sellerID *pulid.ID, after *ent.Cursor, first *int, before *ent.Cursor, last *int) (*ent.PromotionConnection, error) {
	if sellerID == nil {
		if _, err := policy.RequireAdmin(ctx); err != nil {
			return nil, err
		}
	} else if _, err := policy.ManageSeller(ctx, *sellerID); err != nil {
		return nil, err
	}
	first, last, err := pagination.Normalize(first, last)
	if err != nil {
		return nil, err
	}
	q := s.Client.Promotion.Query()
	if sellerID != nil {
		q = q.Where(entpromotion.SellerID(*sellerID))
	}
	return q.Paginate(ctx, after, first, before, last,
		ent.WithPromotionOrder(&ent.PromotionOrder{Field: ent.PromotionOrderFieldCreatedAt, Direction: entgqlrt.OrderDirectionDesc}))
}

// Readable reports whether the viewer may read a promotion (node(id:)):
// admins, and its seller's members.
func Readable(ctx context.Context, p *ent.Promotion) error { return authorize(ctx, p.SellerID) }

// ForProducts returns, for each product, the live promotions that cover
// it now (for listing badges: cart conditions such as minimums and
// segments are not checked). It runs no statement, or one to read the
// products' category paths when a live promotion has category conditions.
func (s *Service) ForProducts(ctx context.Context, products []*ent.Product) (map[pulid.ID][]*pricing.Promotion, error) {
	live, err := s.Live(ctx)
	if err != nil {
		return nil, err
	}
	now := s.now()
	var current []*pricing.Promotion
	needCats := false
	for _, p := range live {
		if p.Live(now) {
			current = append(current, p)
			needCats = needCats || len(p.CategoryIDs) > 0
		}
	}
	slices.SortStableFunc(current, func(a, b *pricing.Promotion) int {
		if a.Priority != b.Priority {
			return b.Priority - a.Priority
		}
		return strings.Compare(string(a.ID), string(b.ID))
	})
	paths := map[pulid.ID][]pulid.ID{}
	if needCats {
		var ids []pulid.ID
		for _, pr := range products {
			if pr.CategoryID != nil {
				ids = append(ids, *pr.CategoryID)
			}
		}
		if len(ids) > 0 {
			cats, err := s.Client.Category.Query().Where(category.IDIn(ids...)).Select(category.FieldID, category.FieldPath).All(ctx)
			if err != nil {
				return nil, fmt.Errorf("load categories: %w", err)
			}
			for _, c := range cats {
				paths[c.ID] = Ancestry(c.Path)
			}
		}
	}
	out := make(map[pulid.ID][]*pricing.Promotion, len(products))
	for _, pr := range products {
		var cats []pulid.ID
		if pr.CategoryID != nil {
			cats = paths[*pr.CategoryID]
		}
		out[pr.ID] = []*pricing.Promotion{}
		for _, p := range current {
			if p.Covers(pr.ID, pr.SellerID, cats) {
				out[pr.ID] = append(out[pr.ID], p)
			}
		}
	}
	return out, nil
}

// Ancestry splits a category path ("/root/child/") into the IDs of the
// category and its ancestors.
func Ancestry(path string) []pulid.ID {
	var out []pulid.ID
	for _, part := range strings.Split(strings.Trim(path, "/"), "/") {
		if part != "" {
			out = append(out, pulid.ID(part))
		}
	}
	return out
}
