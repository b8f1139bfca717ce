package recommend

import (
	"context"
	"fmt"
	"sort"

	entsql "entgo.io/ent/dialect/sql"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/predicate"
	"github.com/comptoir/comptoir/ent/product"
	"github.com/comptoir/comptoir/ent/productpair"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/inventory"
	"github.com/comptoir/comptoir/internal/policy"
)

// perCategory caps the candidates of the category fallback, per category
// (the best sellers first): it ranks them by shared attributes in memory.
const perCategory = 200

// recommendable keeps what may be recommended to anyone: what the public
// sees (the one visibility rule, as the paths that sell use it) and can buy
// now.
func recommendable() predicate.Product {
	return product.And(policy.Shopper().Products(), inventory.ProductInStock())
}

// ForProducts returns the lists of an intent next to each of a page of
// products, best first, at most first each, in at most three statements
// whatever the number of products: the scored pairs, their products, and
// for RELATED the category candidates of the products short of first.
// Anyone may call it: it only returns what the public may buy.
func ForProducts(ctx context.Context, c *ent.Client, sources []*ent.Product, intent Intent, first int) (map[pulid.ID][]*ent.Product, error) {
	out := make(map[pulid.ID][]*ent.Product, len(sources))
	if len(sources) == 0 || first <= 0 {
		return out, nil
	}
	kind := kindBought
	if intent == Related {
		kind = kindViewed
	}
	ids := make([]pulid.ID, 0, len(sources))
	for _, s := range sources {
		ids = append(ids, s.ID)
	}
	ranked, err := topPairs(ctx, c, kind, ids, first, intent == Complementary)
	if err != nil {
		return nil, fmt.Errorf("recommendations: %w", err)
	}
	var want []pulid.ID
	for _, ps := range ranked {
		for _, p := range ps {
			want = append(want, p.b)
		}
	}
	rows := map[pulid.ID]*ent.Product{}
	if len(want) > 0 {
		ps, err := c.Product.Query().Where(product.IDIn(want...)).All(ctx)
		if err != nil {
			return nil, fmt.Errorf("recommendations: %w", err)
		}
		for _, p := range ps {
			rows[p.ID] = p
		}
	}
	var short []*ent.Product
	for _, s := range sources {
		list := make([]*ent.Product, 0, first)
		for _, p := range ranked[s.ID] {
			if r, ok := rows[p.b]; ok {
				list = append(list, r)
			}
		}
		out[s.ID] = list
		if intent == Related && len(list) < first && s.CategoryID != nil {
			short = append(short, s)
		}
	}
	if len(short) == 0 {
		return out, nil
	}
	if err := similar(ctx, c, short, first, out); err != nil {
		return nil, fmt.Errorf("recommendations: %w", err)
	}
	return out, nil
}

// scored is a pair read from product_pairs.
type scored struct {
	a, b  pulid.ID
	kind  string
	score float64
}

// topPairs reads the best first partners of each product of a kind, among
// those that may be recommended, in one statement (a window per product).
// With otherCategory, only partners outside the product's category.
func topPairs(ctx context.Context, c *ent.Client, kind string, ids []pulid.ID, first int, otherCategory bool) (map[pulid.ID][]scored, error) {
	d := entsql.Dialect(c.Dialect())
	pp := d.Table(productpair.Table)
	inner := d.Select(pp.C(productpair.FieldProductA), pp.C(productpair.FieldProductB), pp.C(productpair.FieldScore)).
		From(pp).
		Where(entsql.And(
			entsql.EQ(pp.C(productpair.FieldKind), kind),
			entsql.In(pp.C(productpair.FieldProductA), anyIDs(ids)...),
			entsql.In(pp.C(productpair.FieldProductB), productIDs(d, recommendable())),
		))
	if otherCategory {
		// Not a substitute: the two share no category (one without a
		// category shares none).
		inner.Where(entsql.P(func(b *entsql.Builder) {
			b.WriteString("NOT EXISTS (SELECT 1 FROM products pa, products pb WHERE pa.id = ").
				WriteString(pp.C(productpair.FieldProductA)).
				WriteString(" AND pb.id = ").WriteString(pp.C(productpair.FieldProductB)).
				WriteString(" AND pa.category_id = pb.category_id)")
		}))
	}
	inner.AppendSelectExprAs(entsql.Expr(fmt.Sprintf("ROW_NUMBER() OVER (PARTITION BY %s ORDER BY %s DESC, %s)",
		pp.C(productpair.FieldProductA), pp.C(productpair.FieldScore), pp.C(productpair.FieldProductB))), "rn")
	t := inner.As("t")
	q, args := d.Select(t.C(productpair.FieldProductA), t.C(productpair.FieldProductB), t.C(productpair.FieldScore)).
		From(t).Where(entsql.LTE(t.C("rn"), first)).Query()
	rows, err := c.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[pulid.ID][]scored{}
	for rows.Next() {
		var s scored
		if err := rows.Scan(&s.a, &s.b, &s.score); err != nil {
			return nil, err
		}
		s.kind = kind
		out[s.a] = append(out[s.a], s)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, ps := range out {
		sortScored(ps)
	}
	return out, nil
}

// sortScored orders by score, best first; ties by ID, so that lists are
// stable.
func sortScored(ps []scored) {
	sort.Slice(ps, func(i, j int) bool {
		if ps[i].score != ps[j].score {
			return ps[i].score > ps[j].score
		}
		return ps[i].b < ps[j].b
	})
}

// similar fills the lists of products short of first with products of the
// same category, those sharing the most attribute values first, then the
// best sellers: what a product new to the shop (no views, no sales yet)
// is like. One statement.
func similar(ctx context.Context, c *ent.Client, short []*ent.Product, first int, out map[pulid.ID][]*ent.Product) error {
	var cats []any
	seen := map[pulid.ID]bool{}
	for _, s := range short {
		if !seen[*s.CategoryID] {
			seen[*s.CategoryID] = true
			cats = append(cats, string(*s.CategoryID))
		}
	}
	d := entsql.Dialect(c.Dialect())
	pt := d.Table(product.Table)
	inner := d.Select(pt.C(product.FieldID)).From(pt).Where(entsql.In(pt.C(product.FieldCategoryID), cats...))
	recommendable()(inner)
	inner.AppendSelectExprAs(entsql.Expr(fmt.Sprintf("ROW_NUMBER() OVER (PARTITION BY %s ORDER BY %s DESC, %s)",
		pt.C(product.FieldCategoryID), pt.C(product.FieldUnitsSold), pt.C(product.FieldID))), "rn")
	t := inner.As("t")
	ranked := d.Select(t.C(product.FieldID)).From(t).Where(entsql.LTE(t.C("rn"), perCategory))
	cands, err := c.Product.Query().Where(func(s *entsql.Selector) {
		s.Where(entsql.In(s.C(product.FieldID), ranked))
	}).All(ctx)
	if err != nil {
		return err
	}
	byCat := map[pulid.ID][]*ent.Product{}
	for _, p := range cands {
		byCat[*p.CategoryID] = append(byCat[*p.CategoryID], p)
	}
	for _, s := range short {
		pool := append([]*ent.Product(nil), byCat[*s.CategoryID]...)
		shared := func(p *ent.Product) int {
			n := 0
			for k, v := range s.Attributes {
				if p.Attributes[k] == v {
					n++
				}
			}
			return n
		}
		sort.SliceStable(pool, func(i, j int) bool {
			si, sj := shared(pool[i]), shared(pool[j])
			if si != sj {
				return si > sj
			}
			if pool[i].UnitsSold != pool[j].UnitsSold {
				return pool[i].UnitsSold > pool[j].UnitsSold
			}
			return pool[i].ID < pool[j].ID
		})
		list := out[s.ID]
		for _, p := range pool {
			if len(list) >= first {
				break
			}
			if p.ID == s.ID || containsProduct(list, p.ID) {
				continue
			}
			list = append(list, p)
		}
		out[s.ID] = list
	}
	return nil
}

// productIDs is the subquery of the IDs of products matching where.
func productIDs(d *entsql.DialectBuilder, where predicate.Product) *entsql.Selector {
	pt := d.Table(product.Table)
	s := d.Select(pt.C(product.FieldID)).From(pt)
	where(s)
	return s
}

func anyIDs(ids []pulid.ID) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = string(id)
	}
	return out
}

func containsProduct(ps []*ent.Product, id pulid.ID) bool {
	for _, p := range ps {
		if p.ID == id {
			return true
		}
	}
	return false
}
