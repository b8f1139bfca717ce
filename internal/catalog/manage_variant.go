package catalog

import (
	"context"
	"fmt"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/inventorylevel"
	"github.com/comptoir/comptoir/ent/productvariant"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/events"
	"github.com/comptoir/comptoir/internal/money"
	"github.com/comptoir/comptoir/internal/policy"
)

// VariantInput is the writable part of a variant; nil fields are unchanged
// on update.
type VariantInput struct {
	ProductID      pulid.ID // create only
	SKU            *string
	Title          *string
	Options        []Attribute
	Price          *money.Decimal
	CompareAtPrice *money.Decimal
	ClearCompareAt bool
	WeightGrams    *int
}

// checkVariant validates a variant input and converts its prices.
func (s *Service) checkVariant(ctx context.Context, v *validator, in VariantInput, self pulid.ID) (price, compare *int64, options map[string]string) {
	if in.SKU != nil {
		v.text(fieldPath("sku"), *in.SKU, true, maxSKU)
		q := s.client.ProductVariant.Query().Where(productvariant.Sku(*in.SKU))
		if self != "" {
			q = q.Where(productvariant.IDNEQ(self))
		}
		if taken, err := q.Exist(ctx); err == nil && taken {
			v.add(fieldPath("sku"), CodeTaken, "another variant has this sku")
		}
	}
	if in.Title != nil {
		v.text(fieldPath("title"), *in.Title, false, maxName)
	}
	options = v.pairs(fieldPath("selectedOptions"), in.Options, maxOptions, maxAttrKey, maxAttrKey)
	conv := func(d *money.Decimal, name string) *int64 {
		if d == nil {
			return nil
		}
		n, err := d.MinorUnits(s.currency)
		switch {
		case err != nil:
			v.add(fieldPath(name), CodeInvalid, "%s is not a valid %s amount: %v", name, s.currency, err)
		case n < 0:
			v.add(fieldPath(name), CodeNegative, "%s can't be negative", name)
		}
		return &n
	}
	price, compare = conv(in.Price, "price"), conv(in.CompareAtPrice, "compareAtPrice")
	if in.WeightGrams != nil && *in.WeightGrams < 0 {
		v.add(fieldPath("weightGrams"), CodeNegative, "weightGrams can't be negative")
	} else if in.WeightGrams != nil && *in.WeightGrams > MaxWeightGrams {
		v.add(fieldPath("weightGrams"), CodeInvalid, "weightGrams is at most %d (%d t)", MaxWeightGrams, MaxWeightGrams/1_000_000)
	}
	return price, compare, options
}

// CreateVariant adds a variant to a product. Who: the product's seller's
// members and admins.
func (s *Service) CreateVariant(ctx context.Context, in VariantInput) (*ent.ProductVariant, []UserError, error) {
	p, ues, err := s.managedProduct(ctx, in.ProductID, fieldPath("productId"))
	if p == nil {
		return nil, ues, err
	}
	v := &validator{}
	if in.SKU == nil {
		v.add(fieldPath("sku"), CodeBlank, "sku can't be blank")
	}
	if in.Price == nil {
		v.add(fieldPath("price"), CodeBlank, "price can't be blank")
	}
	price, compare, options := s.checkVariant(ctx, v, in, "")
	if len(v.errs) > 0 {
		return nil, v.errs, nil
	}
	var out *ent.ProductVariant
	err = s.st.WithTx(ctx, func(tx *ent.Tx) error {
		var last []struct {
			Max *int `json:"max"`
		}
		if err := tx.ProductVariant.Query().Where(productvariant.ProductID(p.ID)).
			Aggregate(ent.As(ent.Max(productvariant.FieldPosition), "max")).Scan(ctx, &last); err != nil {
			return err
		}
		pos := 0
		if len(last) == 1 && last[0].Max != nil {
			pos = *last[0].Max + 1
		}
		c := tx.ProductVariant.Create().SetProductID(p.ID).SetSku(*in.SKU).SetPrice(*price).
			SetNillableCompareAtPrice(compare).SetCurrency(string(s.currency)).SetPosition(pos).
			SetNillableTitle(in.Title).SetNillableWeightGrams(in.WeightGrams)
		if options != nil {
			c.SetOptions(options)
		}
		var err error
		if out, err = c.Save(ctx); err != nil {
			return err
		}
		return RefreshPriceRanges(ctx, tx.Client(), []pulid.ID{p.ID})
	})
	if ent.IsConstraintError(err) {
		return nil, []UserError{{Field: fieldPath("sku"), Code: CodeTaken, Message: "another variant has this sku"}}, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("create variant: %w", err)
	}
	// Unwrap: out was created by the committed transaction's client; the
	// payload's resolvers load its edges (product) afterwards.
	return out.Unwrap(), nil, nil
}

// managedVariant loads a variant and checks that the viewer may manage it.
func (s *Service) managedVariant(ctx context.Context, id pulid.ID) (*ent.ProductVariant, []UserError, error) {
	pv, err := s.client.ProductVariant.Query().Where(productvariant.ID(id)).WithProduct().Only(ctx)
	if ent.IsNotFound(err) {
		if _, err := policy.Require(ctx, policy.Seller); err != nil {
			return nil, nil, err
		}
		return nil, []UserError{{Field: fieldPath("id"), Code: CodeNotFound, Message: "no variant has this id"}}, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("load variant: %w", err)
	}
	if _, err := policy.ManageSeller(ctx, pv.Edges.Product.SellerID); err != nil {
		return nil, nil, err
	}
	return pv, nil, nil
}

// UpdateVariant changes a variant. Who: as CreateVariant.
func (s *Service) UpdateVariant(ctx context.Context, id pulid.ID, in VariantInput) (*ent.ProductVariant, []UserError, error) {
	pv, ues, err := s.managedVariant(ctx, id)
	if pv == nil {
		return nil, ues, err
	}
	v := &validator{}
	price, compare, options := s.checkVariant(ctx, v, in, pv.ID)
	if len(v.errs) > 0 {
		return nil, v.errs, nil
	}
	var out *ent.ProductVariant
	err = s.st.WithTx(ctx, func(tx *ent.Tx) error {
		u := tx.ProductVariant.UpdateOne(pv).SetNillableSku(in.SKU).SetNillableTitle(in.Title).
			SetNillablePrice(price).SetNillableWeightGrams(in.WeightGrams)
		if options != nil {
			u.SetOptions(options)
		}
		if compare != nil {
			u.SetCompareAtPrice(*compare)
		} else if in.ClearCompareAt {
			u.ClearCompareAtPrice()
		}
		old, err := tx.ProductVariant.Query().Where(productvariant.ID(pv.ID)).Select(productvariant.FieldPrice).Only(ctx)
		if err != nil {
			return err
		}
		if out, err = u.Save(ctx); err != nil {
			return err
		}
		if out.Price < old.Price {
			if err := events.Record(ctx, tx.Client(), events.PriceDropped, string(pv.ID), map[string]string{
				"variantId": string(pv.ID), "productId": string(pv.ProductID),
				"oldPrice": money.Format(old.Price, money.Currency(out.Currency).Exponent()),
				"newPrice": money.Format(out.Price, money.Currency(out.Currency).Exponent()), "currency": out.Currency}); err != nil {
				return err
			}
		}
		return RefreshPriceRanges(ctx, tx.Client(), []pulid.ID{pv.ProductID})
	})
	if ent.IsConstraintError(err) {
		return nil, []UserError{{Field: fieldPath("sku"), Code: CodeTaken, Message: "another variant has this sku"}}, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("update variant: %w", err)
	}
	// Unwrap: out was saved by the committed transaction's client; the
	// payload's resolvers load its edges afterwards.
	return out.Unwrap(), nil, nil
}

// DeleteVariant deletes a variant and its stock. Who: as CreateVariant.
func (s *Service) DeleteVariant(ctx context.Context, id pulid.ID) (pulid.ID, []UserError, error) {
	pv, ues, err := s.managedVariant(ctx, id)
	if pv == nil {
		return "", ues, err
	}
	err = s.st.WithTx(ctx, func(tx *ent.Tx) error {
		if _, err := tx.InventoryLevel.Delete().Where(inventorylevel.VariantID(pv.ID)).Exec(ctx); err != nil {
			return err
		}
		if err := tx.ProductVariant.DeleteOneID(pv.ID).Exec(ctx); err != nil {
			return err
		}
		return RefreshPriceRanges(ctx, tx.Client(), []pulid.ID{pv.ProductID})
	})
	if err != nil {
		return "", nil, fmt.Errorf("delete variant: %w", err)
	}
	return pv.ID, nil, nil
}
