package catalog

import (
	"context"
	"fmt"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/category"
	"github.com/comptoir/comptoir/ent/predicate"
	"github.com/comptoir/comptoir/ent/product"
	"github.com/comptoir/comptoir/ent/productvariant"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/ent/seller"
	"github.com/comptoir/comptoir/internal/money"
)

// FacetKind says which filter a facet's values feed.
type FacetKind string

// Facet kinds.
const (
	FacetCategory     FacetKind = "CATEGORY"
	FacetSeller       FacetKind = "SELLER"
	FacetPrice        FacetKind = "PRICE"
	FacetRating       FacetKind = "RATING"
	FacetAvailability FacetKind = "AVAILABILITY"
	FacetAttribute    FacetKind = "ATTRIBUTE"
)

// Facet is one filter of a listing with the values it can take.
type Facet struct {
	Key    string
	Kind   FacetKind
	Label  string
	Values []*FacetValue
}

// FacetValue is one value of a facet: how many products the listing would
// hold with it chosen in place of the facet's current value.
type FacetValue struct {
	Value    string
	Label    string
	Count    int
	Selected bool
}

// MarshalGQL writes the kind as its GraphQL enum value.
func (k FacetKind) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(string(k))) }

// UnmarshalGQL reads a kind from its GraphQL enum value.
func (k *FacetKind) UnmarshalGQL(v any) error {
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf("facet kind must be a string")
	}
	*k = FacetKind(s)
	return nil
}

// Facets counts the facets of a listing (its view, filter, status and
// search): for each facet group, the values under every condition of the
// filter but the group's own. It costs a bounded number of statements
// whatever the catalog's size: one per group, one more to name categories
// and one to name sellers, and one per attribute key the filter names.
// Errors: the filter's (BAD_USER_INPUT), else only the store's.
func (s *Service) Facets(ctx context.Context, conn *ProductConnection) ([]*Facet, error) {
	a := conn.args
	conds, err := s.conditions(ctx, a.Filter)
	if err != nil {
		return nil, err
	}
	base := []predicate.Product{conn.view.Products()}
	if a.Status != nil {
		base = append(base, product.StatusEQ(*a.Status))
	}
	if conn.ranked != nil {
		// IDIn of nothing is false: a search without hits counts nothing.
		base = append(base, product.IDIn(conn.ranked...))
	}
	fc := &facetCounter{s: s, base: base, conds: conds, f: a.Filter}
	if fc.f == nil {
		fc.f = &Filter{}
	}
	var out []*Facet
	for _, step := range []func(context.Context) (*Facet, error){
		fc.categories, fc.sellers, fc.prices, fc.ratings, fc.availability,
	} {
		f, err := step(ctx)
		if err != nil {
			return nil, fmt.Errorf("facets: %w", err)
		}
		if len(f.Values) > 0 {
			out = append(out, f)
		}
	}
	attrs, err := fc.attributes(ctx)
	if err != nil {
		return nil, fmt.Errorf("facets: %w", err)
	}
	return append(out, attrs...), nil
}

// facetCounter holds what every facet's count shares.
type facetCounter struct {
	s     *Service
	base  []predicate.Product
	conds []condition
	f     *Filter
}

// query is the listing under every condition but those of the groups
// for which skip is true.
func (fc *facetCounter) query(skip func(group string) bool) *ent.ProductQuery {
	ps := append([]predicate.Product{}, fc.base...)
	for _, c := range fc.conds {
		if skip(c.group) {
			continue
		}
		if c.pred == nil {
			ps = append(ps, product.IDIn()) // matches nothing
			continue
		}
		ps = append(ps, c.pred)
	}
	return fc.s.client.Product.Query().Where(ps...)
}

func (fc *facetCounter) without(group string) *ent.ProductQuery {
	return fc.query(func(g string) bool { return g == group })
}

// keyCount is one row of a grouped count.
type keyCount struct {
	Key   string `sql:"k"`
	Value string `sql:"v"`
	N     int    `sql:"n"`
}

// grouped counts the listing's products by a column.
func grouped(ctx context.Context, q *ent.ProductQuery, column string) (map[string]int, error) {
	return groupedBy(ctx, q, "COUNT(*)", func(s *entsql.Selector) entsql.Querier {
		s.Where(entsql.NotNull(s.C(column)))
		return entsql.Raw(s.C(column))
	})
}

// groupedBy counts the listing's rows by the key expression that key
// returns (it may join or filter the selector), with count as the
// aggregate, in one statement.
func groupedBy(ctx context.Context, q *ent.ProductQuery, count string, key func(*entsql.Selector) entsql.Querier) (map[string]int, error) {
	var rows []keyCount
	err := q.Modify(func(s *entsql.Selector) {
		k := key(s)
		s.Select().AppendSelectExprAs(k, "k").AppendSelectExprAs(entsql.Raw(count), "n").GroupBy("k")
	}).Scan(ctx, &rows)
	if err != nil {
		return nil, err
	}
	out := make(map[string]int, len(rows))
	for _, r := range rows {
		out[r.Key] = r.N
	}
	return out, nil
}

// categories counts per category, each including its descendants: the
// products of the listing grouped by their own category, then summed up
// the tree (a product has one category, so no product counts twice).
func (fc *facetCounter) categories(ctx context.Context) (*Facet, error) {
	direct, err := grouped(ctx, fc.without(groupCategory), product.FieldCategoryID)
	if err != nil {
		return nil, err
	}
	f := &Facet{Key: groupCategory, Kind: FacetCategory, Label: "Category"}
	cats, err := fc.s.client.Category.Query().
		Select(category.FieldID, category.FieldName, category.FieldSlug, category.FieldPath).All(ctx)
	if err != nil {
		return nil, err
	}
	byID := make(map[pulid.ID]*ent.Category, len(cats))
	for _, c := range cats {
		byID[c.ID] = c
	}
	totals := map[pulid.ID]int{}
	for id, n := range direct {
		c := byID[pulid.ID(id)]
		if c == nil {
			continue
		}
		// The path lists the category's ancestors and itself.
		for _, anc := range strings.Split(strings.Trim(c.Path, "/"), "/") {
			totals[pulid.ID(anc)] += n
		}
	}
	for _, c := range cats {
		sel := (fc.f.CategoryID != nil && *fc.f.CategoryID == c.ID) || (fc.f.CategorySlug != nil && *fc.f.CategorySlug == c.Slug)
		if totals[c.ID] > 0 || sel {
			f.Values = append(f.Values, &FacetValue{Value: string(c.ID), Label: c.Name, Count: totals[c.ID], Selected: sel})
		}
	}
	sortByLabel(f.Values)
	return f, nil
}

// sellers counts per seller, named with one more statement.
func (fc *facetCounter) sellers(ctx context.Context) (*Facet, error) {
	counts, err := grouped(ctx, fc.without(groupSeller), product.FieldSellerID)
	if err != nil {
		return nil, err
	}
	f := &Facet{Key: groupSeller, Kind: FacetSeller, Label: "Seller"}
	ids := make([]pulid.ID, 0, len(counts)+1)
	for id := range counts {
		ids = append(ids, pulid.ID(id))
	}
	if fc.f.SellerID != nil {
		ids = append(ids, *fc.f.SellerID)
	}
	q := fc.s.client.Seller.Query()
	if fc.f.SellerSlug != nil {
		q = q.Where(seller.Or(seller.IDIn(ids...), seller.Slug(*fc.f.SellerSlug)))
	} else {
		q = q.Where(seller.IDIn(ids...))
	}
	sellers, err := q.Select(seller.FieldID, seller.FieldName, seller.FieldSlug).All(ctx)
	if err != nil {
		return nil, err
	}
	for _, sl := range sellers {
		sel := (fc.f.SellerID != nil && *fc.f.SellerID == sl.ID) || (fc.f.SellerSlug != nil && *fc.f.SellerSlug == sl.Slug)
		n := counts[string(sl.ID)]
		if n > 0 || sel {
			f.Values = append(f.Values, &FacetValue{Value: string(sl.ID), Label: sl.Name, Count: n, Selected: sel})
		}
	}
	sortByLabel(f.Values)
	return f, nil
}

func sortByLabel(vs []*FacetValue) {
	sort.SliceStable(vs, func(i, j int) bool {
		if vs[i].Label != vs[j].Label {
			return vs[i].Label < vs[j].Label
		}
		return vs[i].Value < vs[j].Value
	})
}

// PriceBucketBounds are the default price buckets' lower bounds in major
// units of the catalog currency, after the first bucket (from 0).
var PriceBucketBounds = []int64{10, 25, 50, 100, 250, 500}

// priceBucket is [lo, hi] in minor units; hi < 0: no upper bound.
type priceBucket struct{ lo, hi int64 }

func (s *Service) priceBuckets() []priceBucket {
	unit := int64(1)
	for range s.currency.Exponent() {
		unit *= 10
	}
	var out []priceBucket
	lo := int64(0)
	for _, b := range PriceBucketBounds {
		out = append(out, priceBucket{lo, b*unit - 1})
		lo = b * unit
	}
	return append(out, priceBucket{lo, -1})
}

// prices counts the products with a variant priced within each bucket, as
// the price filter would match them (a product may fall in several), in one
// statement.
func (fc *facetCounter) prices(ctx context.Context) (*Facet, error) {
	buckets := fc.s.priceBuckets()
	counts, err := groupedBy(ctx, fc.without(groupPrice), "COUNT(DISTINCT "+product.Table+"."+product.FieldID+")", func(s *entsql.Selector) entsql.Querier {
		v := entsql.Table(productvariant.Table).As("fv")
		s.Join(v).On(s.C(product.FieldID), v.C(productvariant.FieldProductID))
		// Each variant falls in one bucket; a product counts once per
		// bucket it has a variant in.
		var b strings.Builder
		b.WriteString("CASE")
		for i, bk := range buckets[:len(buckets)-1] {
			fmt.Fprintf(&b, " WHEN %s <= %d THEN %d", v.C(productvariant.FieldPrice), bk.hi, i)
		}
		fmt.Fprintf(&b, " ELSE %d END", len(buckets)-1)
		s.Where(entsql.GTE(v.C(productvariant.FieldPrice), 0))
		return entsql.Raw(b.String())
	})
	if err != nil {
		return nil, err
	}
	exp := fc.s.currency.Exponent()
	var lo, hi *int64
	if fc.f.PriceMin != nil {
		v, err := fc.f.PriceMin.MinorUnits(fc.s.currency)
		if err == nil {
			lo = &v
		}
	}
	if fc.f.PriceMax != nil {
		v, err := fc.f.PriceMax.MinorUnits(fc.s.currency)
		if err == nil {
			hi = &v
		}
	}
	f := &Facet{Key: groupPrice, Kind: FacetPrice, Label: "Price"}
	for i, b := range buckets {
		n := counts[strconv.Itoa(i)]
		from := money.Format(b.lo, exp)
		value, label := from+"..", from+" and up"
		if b.hi >= 0 {
			to := money.Format(b.hi, exp)
			value, label = from+".."+to, from+" to "+to
		}
		// The first bucket starts at 0: no lower bound means the same.
		loMatch := (lo != nil && *lo == b.lo) || (lo == nil && b.lo == 0)
		hiMatch := (hi != nil && *hi == b.hi) || (hi == nil && b.hi < 0)
		sel := (lo != nil || hi != nil) && loMatch && hiMatch
		if n > 0 || sel {
			f.Values = append(f.Values, &FacetValue{Value: value, Label: label + " " + string(fc.s.currency), Count: n, Selected: sel})
		}
	}
	return f, nil
}

// ratingSteps are the minRating values the rating facet offers.
var ratingSteps = []int{4, 3, 2, 1}

// ratings counts the products rated at least each step, in one statement.
func (fc *facetCounter) ratings(ctx context.Context) (*Facet, error) {
	// Each product falls in the highest step it reaches; a step counts
	// its own and those above.
	byStep, err := groupedBy(ctx, fc.without(groupRating), "COUNT(*)", func(s *entsql.Selector) entsql.Querier {
		var b strings.Builder
		b.WriteString("CASE")
		for _, r := range ratingSteps {
			fmt.Fprintf(&b, " WHEN %s >= %d THEN %d", s.C(product.FieldRatingAverage), r, r)
		}
		b.WriteString(" ELSE 0 END")
		return entsql.Raw(b.String())
	})
	if err != nil {
		return nil, err
	}
	f := &Facet{Key: groupRating, Kind: FacetRating, Label: "Rating"}
	n := 0
	for _, r := range ratingSteps {
		n += byStep[strconv.Itoa(r)]
		sel := fc.f.MinRating != nil && *fc.f.MinRating == float64(r)
		if n > 0 || sel {
			f.Values = append(f.Values, &FacetValue{Value: strconv.Itoa(r), Label: fmt.Sprintf("%d★ & up", r), Count: n, Selected: sel})
		}
	}
	return f, nil
}

// availability counts the products in stock and out of stock, in one
// statement.
func (fc *facetCounter) availability(ctx context.Context) (*Facet, error) {
	counts, err := groupedBy(ctx, fc.without(groupAvailability), "COUNT(*)", func(s *entsql.Selector) entsql.Querier {
		t := entsql.Table(product.Table)
		sub := entsql.Dialect(s.Dialect()).Select(t.C(product.FieldID)).From(t)
		inStock()(sub)
		return entsql.ExprFunc(func(b *entsql.Builder) {
			b.WriteString("CASE WHEN ").WriteString(s.C(product.FieldID)).WriteString(" IN ").
				Wrap(func(b *entsql.Builder) { b.Join(sub) }).WriteString(" THEN 'true' ELSE 'false' END")
		})
	})
	if err != nil {
		return nil, err
	}
	in, out := counts["true"], counts["false"]
	f := &Facet{Key: groupAvailability, Kind: FacetAvailability, Label: "Availability"}
	for _, v := range []struct {
		value, label string
		n            int
		want         bool
	}{{"true", "In stock", in, true}, {"false", "Out of stock", out, false}} {
		sel := fc.f.InStock != nil && *fc.f.InStock == v.want
		if v.n > 0 || sel {
			f.Values = append(f.Values, &FacetValue{Value: v.value, Label: v.label, Count: v.n, Selected: sel})
		}
	}
	return f, nil
}

// attributes counts per attribute key and value: one statement for the keys
// the filter does not name (under the whole filter), one per key it names
// (under the rest of the filter).
func (fc *facetCounter) attributes(ctx context.Context) ([]*Facet, error) {
	named := map[string]map[string]bool{}
	var keys []string
	for _, a := range fc.f.Attributes {
		if named[a.Key] == nil {
			named[a.Key] = map[string]bool{}
			keys = append(keys, a.Key)
		}
		named[a.Key][a.Value] = true
	}
	rows, err := fc.attributeRows(ctx, fc.query(func(string) bool { return false }), nil, keys)
	if err != nil {
		return nil, err
	}
	for _, k := range keys {
		more, err := fc.attributeRows(ctx, fc.without(groupAttribute+k), &k, nil)
		if err != nil {
			return nil, err
		}
		rows = append(rows, more...)
	}
	byKey := map[string]*Facet{}
	for _, r := range rows {
		f := byKey[r.Key]
		if f == nil {
			f = &Facet{Key: r.Key, Kind: FacetAttribute, Label: r.Key}
			byKey[r.Key] = f
		}
		f.Values = append(f.Values, &FacetValue{Value: r.Value, Label: r.Value, Count: r.N, Selected: named[r.Key][r.Value]})
	}
	// A selected value that no product has any more still shows.
	for k, vs := range named {
		for v := range vs {
			f := byKey[k]
			if f == nil {
				f = &Facet{Key: k, Kind: FacetAttribute, Label: k}
				byKey[k] = f
			}
			if !slices.ContainsFunc(f.Values, func(x *FacetValue) bool { return x.Value == v }) {
				f.Values = append(f.Values, &FacetValue{Value: v, Label: v, Selected: true})
			}
		}
	}
	out := make([]*Facet, 0, len(byKey))
	for _, f := range byKey {
		sort.Slice(f.Values, func(i, j int) bool { return f.Values[i].Value < f.Values[j].Value })
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out, nil
}

// attributeRows groups the query's products by attribute key and value:
// only key when given, else every key but those in skip.
func (fc *facetCounter) attributeRows(ctx context.Context, q *ent.ProductQuery, key *string, skip []string) ([]keyCount, error) {
	var rows []keyCount
	err := q.Modify(func(s *entsql.Selector) {
		col := s.C(product.FieldAttributes)
		if s.Dialect() == dialect.Postgres {
			s.AppendFromExpr(entsql.Raw("jsonb_each_text(" + col + ") AS fa(key, value)"))
		} else {
			s.AppendFromExpr(entsql.Raw("json_each(" + col + ") AS fa"))
		}
		s.Select().AppendSelectExprAs(entsql.Raw("fa.key"), "k").AppendSelectExprAs(entsql.Raw("fa.value"), "v").
			AppendSelectExprAs(entsql.Raw("COUNT(*)"), "n").GroupBy("k", "v")
		if key != nil {
			s.Where(entsql.P(func(b *entsql.Builder) { b.WriteString("fa.key = ").Arg(*key) }))
		}
		if len(skip) > 0 {
			args := make([]any, len(skip))
			for i, k := range skip {
				args[i] = k
			}
			s.Where(entsql.P(func(b *entsql.Builder) { b.WriteString("fa.key NOT IN (").Args(args...).WriteString(")") }))
		}
	}).Scan(ctx, &rows)
	return rows, err
}
