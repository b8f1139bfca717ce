package catalog

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"reflect"
	"regexp"
	"slices"
	"strings"

	entsql "entgo.io/ent/dialect/sql"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/category"
	"github.com/comptoir/comptoir/ent/inventorylevel"
	"github.com/comptoir/comptoir/ent/product"
	"github.com/comptoir/comptoir/ent/productvariant"
	"github.com/comptoir/comptoir/ent/schema"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/inventory"
	"github.com/comptoir/comptoir/internal/money"
	"github.com/comptoir/comptoir/internal/store"
	"github.com/comptoir/comptoir/internal/text"
)

// The catalog file format is described in docs/catalog-format.md: one JSON
// product per line, slug and sku as natural keys.
type importLine struct {
	Slug        string                      `json:"slug"`
	Name        string                      `json:"name"`
	Description string                      `json:"description"`
	Category    string                      `json:"category"`
	Seller      struct{ Slug, Name string } `json:"seller"`
	Attributes  map[string]string           `json:"attributes"`
	Media       []schema.Media              `json:"media"`
	Variants    []importVariant             `json:"variants"`
	// Options optionally labels the variants' options, in display order:
	// [{name, displayName, values: [{value, displayName, swatch}]}].
	Options []schema.ProductOption `json:"options"`
}

type importVariant struct {
	SKU         string            `json:"sku"`
	Title       string            `json:"title"`
	Options     map[string]string `json:"options"`
	Price       string            `json:"price"`
	CompareAt   *string           `json:"compareAtPrice"`
	Currency    string            `json:"currency"`
	Stock       *int              `json:"stock"`
	WeightGrams int               `json:"weightGrams"`
	// optionKeys are the keys of options in the order the file wrote them.
	optionKeys []string
}

// UnmarshalJSON keeps the order of the option keys, which Options (a map)
// forgets: it is the options' display order.
func (v *importVariant) UnmarshalJSON(b []byte) error {
	type plain importVariant
	var aux struct {
		plain
		Options json.RawMessage `json:"options"`
	}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	*v = importVariant(aux.plain)
	if len(aux.Options) == 0 || string(aux.Options) == "null" {
		return nil
	}
	if err := json.Unmarshal(aux.Options, &v.Options); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(aux.Options))
	if _, err := dec.Token(); err != nil { // {
		return err
	}
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			return err
		}
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return err
		}
		if key, ok := k.(string); ok && !slices.Contains(v.optionKeys, key) {
			v.optionKeys = append(v.optionKeys, key)
		}
	}
	return nil
}

// parsed is a validated line, prices in minor units.
type parsed struct {
	line     int
	in       importLine
	prices   []int64
	compares []*int64
	labels   []schema.ProductOption
}

// LineError is a line that was not imported, and why.
type LineError struct {
	Line int
	Err  error
}

func (e LineError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }

// ImportResult summarizes an import.
type ImportResult struct {
	Lines           int
	Products        int // lines imported
	ProductsCreated int
	ProductsUpdated int
	VariantsCreated int
	VariantsUpdated int
	Errors          []LineError
}

// importBatch is the number of lines written per transaction.
const importBatch = 500

// maxLineBytes bounds one line of a catalog file.
const maxLineBytes = 1 << 20

// Import loads a catalog file. New products become ACTIVE; existing ones
// (same slug) and variants (same sku) are updated only where they differ, so
// loading a file twice writes nothing the second time. A line that is
// malformed or invalid is reported in the result and skipped; the others
// load. Only a database failure stops the import.
func Import(ctx context.Context, st *store.Store, r io.Reader) (*ImportResult, error) {
	imp := &importer{st: st, res: &ImportResult{}}
	if err := imp.prepare(ctx); err != nil {
		return nil, err
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), maxLineBytes)
	var batch []parsed
	seenSlug, seenSKU := map[string]int{}, map[string]int{}
	n := 0
	for sc.Scan() {
		n++
		raw := strings.TrimSpace(sc.Text())
		if raw == "" {
			continue
		}
		imp.res.Lines++
		p, err := parseLine(n, []byte(raw))
		if err == nil {
			err = checkUnique(p, seenSlug, seenSKU)
		}
		if err != nil {
			imp.res.Errors = append(imp.res.Errors, LineError{Line: n, Err: err})
			continue
		}
		batch = append(batch, p)
		if len(batch) == importBatch {
			if err := imp.flush(ctx, batch); err != nil {
				return imp.res, err
			}
			batch = batch[:0]
		}
	}
	if err := sc.Err(); err != nil {
		return imp.res, fmt.Errorf("read line %d: %w", n+1, err)
	}
	if len(batch) > 0 {
		if err := imp.flush(ctx, batch); err != nil {
			return imp.res, err
		}
	}
	res := imp.res
	if res.ProductsCreated+res.ProductsUpdated+res.VariantsCreated+res.VariantsUpdated > 0 {
		if err := st.Analyze(ctx); err != nil {
			return res, err
		}
	}
	return res, nil
}

var slugRE = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)

func parseLine(n int, raw []byte) (parsed, error) {
	var in importLine
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	if err := dec.Decode(&in); err != nil {
		return parsed{}, fmt.Errorf("malformed JSON: %w", err)
	}
	switch {
	case !slugRE.MatchString(in.Slug) || len(in.Slug) > 300:
		return parsed{}, fmt.Errorf("slug %q must be lower-case words joined by '-'", in.Slug)
	case strings.TrimSpace(in.Name) == "" || text.TooLong(in.Name, text.NameMax):
		return parsed{}, fmt.Errorf("name is required (at most %d characters)", text.NameMax)
	case !slugRE.MatchString(in.Seller.Slug) || strings.TrimSpace(in.Seller.Name) == "":
		return parsed{}, errors.New("seller needs a slug and a name")
	case len(in.Variants) == 0:
		return parsed{}, errors.New("a product needs at least one variant")
	}
	for _, seg := range categoryPath(in.Category) {
		if seg == "" || text.TooLong(seg, text.NameMax) {
			return parsed{}, fmt.Errorf("category %q has an empty or over-long segment", in.Category)
		}
	}
	p := parsed{line: n, in: in}
	for i, v := range in.Variants {
		cur, err := money.ParseCurrency(v.Currency)
		if err != nil {
			return parsed{}, fmt.Errorf("variant %d: %w", i, err)
		}
		price, err := money.ParseAmount(v.Price, cur)
		if err != nil || price < 0 {
			return parsed{}, fmt.Errorf("variant %d: price %q is not a valid %s amount (0 to %s)", i, v.Price, cur, money.Format(money.MaxMinor, cur.Exponent()))
		}
		var cmp *int64
		if v.CompareAt != nil {
			c, err := money.ParseAmount(*v.CompareAt, cur)
			if err != nil || c < 0 {
				return parsed{}, fmt.Errorf("variant %d: compareAtPrice %q is not a valid %s amount (0 to %s)", i, *v.CompareAt, cur, money.Format(money.MaxMinor, cur.Exponent()))
			}
			cmp = &c
		}
		switch {
		case strings.TrimSpace(v.SKU) == "" || text.TooLong(v.SKU, text.LabelMax):
			return parsed{}, fmt.Errorf("variant %d: sku is required (at most %d characters)", i, text.LabelMax)
		case v.Stock == nil || *v.Stock < 0:
			return parsed{}, fmt.Errorf("variant %s: stock must be a number >= 0", v.SKU)
		case v.WeightGrams < 0 || v.WeightGrams > MaxWeightGrams:
			return parsed{}, fmt.Errorf("variant %s: weightGrams must be from 0 to %d", v.SKU, MaxWeightGrams)
		case i > 0 && cur != money.Currency(in.Variants[0].Currency):
			return parsed{}, fmt.Errorf("variant %s: all variants of a product share one currency", v.SKU)
		}
		p.prices = append(p.prices, price)
		p.compares = append(p.compares, cmp)
	}
	labels, err := importLabels(in)
	if err != nil {
		return parsed{}, err
	}
	p.labels = labels
	if p.in.Attributes == nil {
		p.in.Attributes = map[string]string{}
	}
	if p.in.Media == nil {
		p.in.Media = []schema.Media{}
	}
	return p, nil
}

// importLabels stores the options' order and labels as the file wrote
// them: the product's own options list first, then the options and values
// in order of first appearance in the variants. A value's label comes from
// the variant title when the title spells it differently ("Red / L" for
// red and L); labels that say nothing more than the key or value are left
// out, for the read side's defaults.
func importLabels(in importLine) ([]schema.ProductOption, error) {
	v := &validator{}
	explicit := make([]OptionLabel, len(in.Options))
	for i, o := range in.Options {
		explicit[i] = OptionLabel{Name: o.Name, DisplayName: &o.DisplayName}
		for _, ov := range o.Values {
			explicit[i].Values = append(explicit[i].Values, OptionValueLabel{Value: ov.Value, DisplayName: &ov.DisplayName, Swatch: ov.Swatch})
		}
	}
	labels := v.optionLabels([]string{"options"}, explicit)
	if len(v.errs) > 0 {
		e := v.errs[0]
		return nil, fmt.Errorf("%s: %s", strings.Join(e.Field, "."), e.Message)
	}
	index := map[string]int{}
	for i, l := range labels {
		index[l.Name] = i
	}
	for _, vr := range in.Variants {
		var segments []string
		if parts := strings.Split(vr.Title, " / "); len(parts) == len(vr.optionKeys) {
			segments = parts
		}
		for k, key := range vr.optionKeys {
			i, ok := index[key]
			if !ok {
				i = len(labels)
				index[key] = i
				labels = append(labels, schema.ProductOption{Name: key})
			}
			val := vr.Options[key]
			if slices.ContainsFunc(labels[i].Values, func(x schema.ProductOptionValue) bool { return x.Value == val }) {
				continue
			}
			label := schema.ProductOptionValue{Value: val}
			if segments != nil && strings.EqualFold(strings.TrimSpace(segments[k]), val) && strings.TrimSpace(segments[k]) != Humanize(val) {
				label.DisplayName = strings.TrimSpace(segments[k])
			}
			labels[i].Values = append(labels[i].Values, label)
		}
	}
	if labels == nil {
		labels = []schema.ProductOption{}
	}
	return labels, nil
}

func checkUnique(p parsed, seenSlug, seenSKU map[string]int) error {
	if prev, ok := seenSlug[p.in.Slug]; ok {
		return fmt.Errorf("slug %q already appears on line %d", p.in.Slug, prev)
	}
	local := map[string]bool{}
	for _, v := range p.in.Variants {
		if prev, ok := seenSKU[v.SKU]; ok || local[v.SKU] {
			if !ok {
				prev = p.line
			}
			return fmt.Errorf("sku %q already appears on line %d", v.SKU, prev)
		}
		local[v.SKU] = true
	}
	seenSlug[p.in.Slug] = p.line
	for sku := range local {
		seenSKU[sku] = p.line
	}
	return nil
}

func categoryPath(s string) []string {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	parts := strings.Split(s, ">")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

// Slugify turns a display name into a slug ("Camp Kitchen" -> "camp-kitchen").
func Slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

type importer struct {
	st         *store.Store
	res        *ImportResult
	warehouse  pulid.ID
	categories map[string]*ent.Category // by path of names ("Outdoor > Tents")
	sellers    map[string]*ent.Seller   // by slug
}

// prepare loads the small tables (categories, sellers) once and makes sure
// the default warehouse exists.
func (imp *importer) prepare(ctx context.Context) error {
	c := imp.st.Client
	wh, err := inventory.DefaultWarehouse(ctx, c)
	if err != nil {
		return err
	}
	imp.warehouse = wh.ID
	cats, err := c.Category.Query().All(ctx)
	if err != nil {
		return err
	}
	byID := map[pulid.ID]*ent.Category{}
	for _, cat := range cats {
		byID[cat.ID] = cat
	}
	imp.categories = map[string]*ent.Category{}
	for _, cat := range cats {
		var names []string
		for _, id := range append(AncestorIDs(cat), cat.ID) {
			if a := byID[id]; a != nil {
				names = append(names, a.Name)
			}
		}
		imp.categories[strings.Join(names, " > ")] = cat
	}
	sellers, err := c.Seller.Query().All(ctx)
	if err != nil {
		return err
	}
	imp.sellers = map[string]*ent.Seller{}
	for _, s := range sellers {
		imp.sellers[s.Slug] = s
	}
	return nil
}

// flush writes one batch in one transaction.
func (imp *importer) flush(ctx context.Context, batch []parsed) error {
	return imp.st.WithTx(ctx, func(tx *ent.Tx) error {
		cats, sellers, err := imp.ensureRefs(ctx, tx, batch)
		if err != nil {
			return err
		}
		batch, err = imp.dropSKUConflicts(ctx, tx, batch)
		if err != nil {
			return err
		}
		productIDs, touched, err := imp.upsertProducts(ctx, tx, batch, cats, sellers)
		if err != nil {
			return err
		}
		variantIDs, changed, err := imp.upsertVariants(ctx, tx, batch, productIDs)
		if err != nil {
			return err
		}
		for id := range changed {
			touched[id] = true
		}
		if err := imp.upsertStock(ctx, tx, batch, variantIDs); err != nil {
			return err
		}
		imp.res.Products += len(batch)
		return RefreshPriceRanges(ctx, tx.Client(), slices.Collect(maps.Keys(touched)))
	})
}

// ensureRefs creates the categories and sellers a batch names. The caches are
// filled before the batch commits; that is safe because a failed batch stops
// the whole import.
func (imp *importer) ensureRefs(ctx context.Context, tx *ent.Tx, batch []parsed) (map[string]pulid.ID, map[string]pulid.ID, error) {
	cats, sellers := map[string]pulid.ID{}, map[string]pulid.ID{}
	for _, p := range batch {
		path := categoryPath(p.in.Category)
		var parent *ent.Category
		for i := range path {
			key := strings.Join(path[:i+1], " > ")
			cat := imp.categories[key]
			if cat == nil {
				id := pulid.New(ent.IDPrefix(category.Table))
				slugParts := make([]string, 0, i+1)
				for _, seg := range path[:i+1] {
					slugParts = append(slugParts, Slugify(seg))
				}
				c := tx.Category.Create().SetID(id).SetName(path[i]).
					SetSlug(strings.Join(slugParts, "-")).SetDepth(i).SetPosition(len(imp.categories))
				if parent != nil {
					c.SetParentID(parent.ID).SetPath(parent.Path + string(id) + "/")
				} else {
					c.SetPath("/" + string(id) + "/")
				}
				var err error
				if cat, err = c.Save(ctx); err != nil {
					return nil, nil, fmt.Errorf("create category %q: %w", key, err)
				}
				imp.categories[key] = cat
			}
			parent = cat
			cats[key] = cat.ID
		}
		s := imp.sellers[p.in.Seller.Slug]
		switch {
		case s == nil:
			var err error
			s, err = tx.Seller.Create().SetSlug(p.in.Seller.Slug).SetName(p.in.Seller.Name).Save(ctx)
			if err != nil {
				return nil, nil, fmt.Errorf("create seller %q: %w", p.in.Seller.Slug, err)
			}
			imp.sellers[s.Slug] = s
		case s.Name != p.in.Seller.Name:
			var err error
			if s, err = tx.Seller.UpdateOne(s).SetName(p.in.Seller.Name).Save(ctx); err != nil {
				return nil, nil, fmt.Errorf("update seller %q: %w", p.in.Seller.Slug, err)
			}
			imp.sellers[s.Slug] = s
		}
		sellers[s.Slug] = s.ID
	}
	return cats, sellers, nil
}

// dropSKUConflicts reports and removes lines whose SKUs already belong to a
// product with another slug.
func (imp *importer) dropSKUConflicts(ctx context.Context, tx *ent.Tx, batch []parsed) ([]parsed, error) {
	var skus []string
	for _, p := range batch {
		for _, v := range p.in.Variants {
			skus = append(skus, v.SKU)
		}
	}
	var rows []struct {
		SKU  string `json:"sku"`
		Slug string `json:"slug"`
	}
	err := tx.ProductVariant.Query().Where(productvariant.SkuIn(skus...)).
		Modify(func(s *entsql.Selector) {
			p := entsql.Table(product.Table)
			s.Join(p).On(s.C(productvariant.FieldProductID), p.C(product.FieldID)).
				Select(entsql.As(s.C(productvariant.FieldSku), "sku"), entsql.As(p.C(product.FieldSlug), "slug"))
		}).Scan(ctx, &rows)
	if err != nil {
		return nil, fmt.Errorf("look up SKUs: %w", err)
	}
	owner := make(map[string]string, len(rows))
	for _, r := range rows {
		owner[r.SKU] = r.Slug
	}
	out := batch[:0]
	for _, p := range batch {
		var conflict error
		for _, v := range p.in.Variants {
			if slug, ok := owner[v.SKU]; ok && slug != p.in.Slug {
				conflict = fmt.Errorf("sku %q belongs to product %q", v.SKU, slug)
				break
			}
		}
		if conflict != nil {
			imp.res.Errors = append(imp.res.Errors, LineError{Line: p.line, Err: conflict})
			continue
		}
		out = append(out, p)
	}
	return out, nil
}

func (imp *importer) upsertProducts(ctx context.Context, tx *ent.Tx, batch []parsed, cats, sellers map[string]pulid.ID) (map[string]pulid.ID, map[pulid.ID]bool, error) {
	slugs := make([]string, len(batch))
	for i, p := range batch {
		slugs[i] = p.in.Slug
	}
	existing, err := tx.Product.Query().Where(product.SlugIn(slugs...)).All(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("look up products: %w", err)
	}
	bySlug := make(map[string]*ent.Product, len(existing))
	for _, p := range existing {
		bySlug[p.Slug] = p
	}
	ids := make(map[string]pulid.ID, len(batch))
	touched := map[pulid.ID]bool{}
	var creates []*ent.ProductCreate
	for _, p := range batch {
		var catID *pulid.ID
		if path := categoryPath(p.in.Category); len(path) > 0 {
			id := cats[strings.Join(path, " > ")]
			catID = &id
		}
		sellerID := sellers[p.in.Seller.Slug]
		cur := p.in.Variants[0].Currency
		if old := bySlug[p.in.Slug]; old != nil {
			ids[p.in.Slug] = old.ID
			if old.Name == p.in.Name && old.Description == p.in.Description && old.SellerID == sellerID &&
				equalPtr(old.CategoryID, catID) && slices.Equal(old.Media, p.in.Media) &&
				maps.Equal(old.Attributes, p.in.Attributes) && old.Currency == cur &&
				reflect.DeepEqual(old.OptionLabels, p.labels) {
				continue
			}
			err := tx.Product.UpdateOne(old).SetName(p.in.Name).SetDescription(p.in.Description).
				SetSellerID(sellerID).SetNillableCategoryID(catID).SetMedia(p.in.Media).
				SetAttributes(p.in.Attributes).SetCurrency(cur).SetOptionLabels(p.labels).Exec(ctx)
			if err != nil {
				return nil, nil, fmt.Errorf("line %d: update product: %w", p.line, err)
			}
			imp.res.ProductsUpdated++
			continue
		}
		id := pulid.New(ent.IDPrefix(product.Table))
		ids[p.in.Slug] = id
		touched[id] = true
		creates = append(creates, tx.Product.Create().SetID(id).SetSlug(p.in.Slug).SetName(p.in.Name).
			SetDescription(p.in.Description).SetStatus(product.StatusACTIVE).SetSellerID(sellerID).
			SetNillableCategoryID(catID).SetMedia(p.in.Media).SetAttributes(p.in.Attributes).SetCurrency(cur).
			SetOptionLabels(p.labels))
	}
	if len(creates) > 0 {
		if err := tx.Product.CreateBulk(creates...).Exec(ctx); err != nil {
			return nil, nil, fmt.Errorf("create products: %w", err)
		}
		imp.res.ProductsCreated += len(creates)
	}
	return ids, touched, nil
}

func (imp *importer) upsertVariants(ctx context.Context, tx *ent.Tx, batch []parsed, productIDs map[string]pulid.ID) (map[string]pulid.ID, map[pulid.ID]bool, error) {
	var skus []string
	for _, p := range batch {
		for _, v := range p.in.Variants {
			skus = append(skus, v.SKU)
		}
	}
	existing, err := tx.ProductVariant.Query().Where(productvariant.SkuIn(skus...)).All(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("look up variants: %w", err)
	}
	bySKU := make(map[string]*ent.ProductVariant, len(existing))
	for _, v := range existing {
		bySKU[v.Sku] = v
	}
	ids := make(map[string]pulid.ID, len(skus))
	changed := map[pulid.ID]bool{}
	var creates []*ent.ProductVariantCreate
	for _, p := range batch {
		pid := productIDs[p.in.Slug]
		for i, v := range p.in.Variants {
			if old := bySKU[v.SKU]; old != nil {
				ids[v.SKU] = old.ID
				if old.Title == v.Title && maps.Equal(old.Options, v.Options) && old.Price == p.prices[i] &&
					equalPtr(old.CompareAtPrice, p.compares[i]) && old.Currency == v.Currency &&
					old.WeightGrams == v.WeightGrams && old.Position == i {
					continue
				}
				err := tx.ProductVariant.UpdateOne(old).SetTitle(v.Title).SetOptions(nonNil(v.Options)).
					SetPrice(p.prices[i]).SetNillableCompareAtPrice(p.compares[i]).SetCurrency(v.Currency).
					SetWeightGrams(v.WeightGrams).SetPosition(i).Exec(ctx)
				if err != nil {
					return nil, nil, fmt.Errorf("line %d: update variant %s: %w", p.line, v.SKU, err)
				}
				changed[pid] = true
				imp.res.VariantsUpdated++
				continue
			}
			id := pulid.New(ent.IDPrefix(productvariant.Table))
			ids[v.SKU] = id
			changed[pid] = true
			creates = append(creates, tx.ProductVariant.Create().SetID(id).SetProductID(pid).SetSku(v.SKU).
				SetTitle(v.Title).SetOptions(nonNil(v.Options)).SetPrice(p.prices[i]).
				SetNillableCompareAtPrice(p.compares[i]).SetCurrency(v.Currency).
				SetWeightGrams(v.WeightGrams).SetPosition(i))
		}
	}
	if len(creates) > 0 {
		if err := tx.ProductVariant.CreateBulk(creates...).Exec(ctx); err != nil {
			return nil, nil, fmt.Errorf("create variants: %w", err)
		}
		imp.res.VariantsCreated += len(creates)
	}
	return ids, changed, nil
}

// upsertStock sets each variant's on-hand quantity in the default warehouse.
func (imp *importer) upsertStock(ctx context.Context, tx *ent.Tx, batch []parsed, variantIDs map[string]pulid.ID) error {
	ids := slices.Collect(maps.Values(variantIDs))
	levels, err := tx.InventoryLevel.Query().
		Where(inventorylevel.WarehouseID(imp.warehouse), inventorylevel.VariantIDIn(ids...)).All(ctx)
	if err != nil {
		return fmt.Errorf("look up stock: %w", err)
	}
	byVariant := make(map[pulid.ID]*ent.InventoryLevel, len(levels))
	for _, l := range levels {
		byVariant[l.VariantID] = l
	}
	var creates []*ent.InventoryLevelCreate
	for _, p := range batch {
		for _, v := range p.in.Variants {
			vid := variantIDs[v.SKU]
			if old := byVariant[vid]; old != nil {
				if old.OnHand != *v.Stock {
					if err := tx.InventoryLevel.UpdateOne(old).SetOnHand(*v.Stock).Exec(ctx); err != nil {
						return fmt.Errorf("line %d: update stock of %s: %w", p.line, v.SKU, err)
					}
				}
				continue
			}
			creates = append(creates, tx.InventoryLevel.Create().SetVariantID(vid).
				SetWarehouseID(imp.warehouse).SetOnHand(*v.Stock))
		}
	}
	if len(creates) > 0 {
		if err := tx.InventoryLevel.CreateBulk(creates...).Exec(ctx); err != nil {
			return fmt.Errorf("create stock: %w", err)
		}
	}
	return nil
}

func equalPtr[T comparable](a, b *T) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

func nonNil(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}
