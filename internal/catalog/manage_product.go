package catalog

import (
	"context"
	"fmt"
	"slices"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/category"
	"github.com/comptoir/comptoir/ent/inventorylevel"
	"github.com/comptoir/comptoir/ent/product"
	"github.com/comptoir/comptoir/ent/productvariant"
	"github.com/comptoir/comptoir/ent/schema"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/ent/seller"
	"github.com/comptoir/comptoir/internal/media"
	"github.com/comptoir/comptoir/internal/policy"
)

// ProductInput is the writable part of a product; nil fields are left as
// they are on update (and take defaults on create).
type ProductInput struct {
	SellerID    pulid.ID // create only
	Name        *string
	Slug        *string
	Description *string
	Status      *product.Status
	CategoryID  *pulid.ID
	Attributes  []Attribute   // nil: unchanged
	Options     []OptionLabel // labels and order of options; nil: unchanged
	// Consumable: bought again and again, so that personal
	// recommendations show it even to those who bought it (internal/recommend).
	Consumable *bool
}

// CreateProduct creates a product for a seller. Who: the seller's members
// and admins (else UNAUTHENTICATED or FORBIDDEN).
func (s *Service) CreateProduct(ctx context.Context, in ProductInput) (*ent.Product, []UserError, error) {
	if _, err := policy.ManageSeller(ctx, in.SellerID); err != nil {
		return nil, nil, err
	}
	v := &validator{}
	slug := v.nameAndSlug(in.Name, in.Slug)
	attrs := s.checkProduct(ctx, v, in, slug, "")
	labels := v.optionLabels(fieldPath("options"), in.Options)
	exists, err := s.client.Seller.Query().Where(seller.ID(in.SellerID)).Exist(ctx)
	if err != nil {
		return nil, nil, err
	}
	if !exists {
		v.add(fieldPath("sellerId"), CodeNotFound, "no seller has this id")
	}
	if len(v.errs) > 0 {
		return nil, v.errs, nil
	}
	c := s.client.Product.Create().SetSellerID(in.SellerID).SetName(*in.Name).SetSlug(slug).
		SetNillableDescription(in.Description).SetNillableStatus(in.Status).SetNillableCategoryID(in.CategoryID).
		SetNillableConsumable(in.Consumable).SetCurrency(string(s.currency))
	if attrs != nil {
		c.SetAttributes(attrs)
	}
	if labels != nil {
		c.SetOptionLabels(labels)
	}
	p, err := c.Save(ctx)
	if ent.IsConstraintError(err) {
		return nil, []UserError{{Field: fieldPath("slug"), Code: CodeTaken, Message: "another product has this slug"}}, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("create product: %w", err)
	}
	return p, nil, nil
}

// checkProduct validates the fields of a product input (slug is the one
// that will be stored; self is the product being updated).
func (s *Service) checkProduct(ctx context.Context, v *validator, in ProductInput, slug string, self pulid.ID) map[string]string {
	if in.Name != nil {
		v.text(fieldPath("name"), *in.Name, true, maxName)
	}
	if in.Slug != nil || self == "" {
		v.slug(fieldPath("slug"), slug)
	}
	if in.Description != nil {
		v.text(fieldPath("description"), *in.Description, false, maxDescription)
	}
	attrs := v.pairs(fieldPath("attributes"), in.Attributes, maxAttributes, maxAttrKey, maxAttrValue)
	if in.Status != nil && product.StatusValidator(*in.Status) != nil {
		v.add(fieldPath("status"), CodeInvalid, "unknown status")
	}
	if in.CategoryID != nil {
		if ok, err := s.client.Category.Query().Where(category.ID(*in.CategoryID)).Exist(ctx); err == nil && !ok {
			v.add(fieldPath("categoryId"), CodeNotFound, "no category has this id")
		}
	}
	if slug != "" && (in.Slug != nil || self == "") {
		q := s.client.Product.Query().Where(product.Slug(slug))
		if self != "" {
			q = q.Where(product.IDNEQ(self))
		}
		if taken, err := q.Exist(ctx); err == nil && taken {
			v.add(fieldPath("slug"), CodeTaken, "another product has this slug")
		}
	}
	return attrs
}

// managedProduct loads any product (whatever its status) and checks that
// the viewer may manage it. A missing product is a NOT_FOUND userError.
func (s *Service) managedProduct(ctx context.Context, id pulid.ID, field []string) (*ent.Product, []UserError, error) {
	p, err := s.client.Product.Get(ctx, id)
	if ent.IsNotFound(err) {
		if _, err := policy.Require(ctx, policy.Seller); err != nil {
			return nil, nil, err
		}
		return nil, []UserError{{Field: field, Code: CodeNotFound, Message: "no product has this id"}}, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("load product: %w", err)
	}
	if _, err := policy.ManageSeller(ctx, p.SellerID); err != nil {
		return nil, nil, err
	}
	return p, nil, nil
}

// UpdateProduct changes a product. Who: the product's seller's members and
// admins.
func (s *Service) UpdateProduct(ctx context.Context, id pulid.ID, in ProductInput) (*ent.Product, []UserError, error) {
	p, ues, err := s.managedProduct(ctx, id, fieldPath("id"))
	if p == nil {
		return nil, ues, err
	}
	v := &validator{}
	slug := p.Slug
	if in.Slug != nil {
		slug = *in.Slug
	}
	attrs := s.checkProduct(ctx, v, in, slug, p.ID)
	labels := v.optionLabels(fieldPath("options"), in.Options)
	if len(v.errs) > 0 {
		return nil, v.errs, nil
	}
	u := s.client.Product.UpdateOne(p).SetNillableName(in.Name).SetNillableSlug(in.Slug).
		SetNillableDescription(in.Description).SetNillableStatus(in.Status).SetNillableCategoryID(in.CategoryID).
		SetNillableConsumable(in.Consumable)
	if attrs != nil {
		u.SetAttributes(attrs)
	}
	if labels != nil {
		u.SetOptionLabels(labels)
	}
	p, err = u.Save(ctx)
	if ent.IsConstraintError(err) {
		return nil, []UserError{{Field: fieldPath("slug"), Code: CodeTaken, Message: "another product has this slug"}}, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("update product: %w", err)
	}
	return p, nil, nil
}

// DeleteProduct deletes a product with its variants and their stock. Who:
// the product's seller's members and admins.
func (s *Service) DeleteProduct(ctx context.Context, id pulid.ID) (pulid.ID, []UserError, error) {
	p, ues, err := s.managedProduct(ctx, id, fieldPath("id"))
	if p == nil {
		return "", ues, err
	}
	err = s.st.WithTx(ctx, func(tx *ent.Tx) error {
		if _, err := tx.InventoryLevel.Delete().
			Where(inventorylevel.HasVariantWith(productvariant.ProductID(p.ID))).Exec(ctx); err != nil {
			return err
		}
		if _, err := tx.ProductVariant.Delete().Where(productvariant.ProductID(p.ID)).Exec(ctx); err != nil {
			return err
		}
		return tx.Product.DeleteOne(p).Exec(ctx)
	})
	if err != nil {
		return "", nil, fmt.Errorf("delete product: %w", err)
	}
	return p.ID, nil, nil
}

// AddMedia appends images to a product. Who: as UpdateProduct.
func (s *Service) AddMedia(ctx context.Context, id pulid.ID, media []schema.Media) (*ent.Product, []UserError, error) {
	p, ues, err := s.managedProduct(ctx, id, fieldPath("productId"))
	if p == nil {
		return nil, ues, err
	}
	v := &validator{}
	all := slices.Clone(p.Media)
	for i, m := range media {
		f := fieldPath("media", fmt.Sprint(i), "url")
		switch {
		case !validURL(m.URL):
			v.add(f, CodeInvalid, "url must be an absolute http(s) URL of at most %d characters", maxURL)
		case slices.ContainsFunc(all, func(x schema.Media) bool { return sameImage(ctx, x.URL, m.URL) }):
			v.add(f, CodeDuplicate, "the product already has this image")
		}
		v.text(fieldPath("media", fmt.Sprint(i), "alt"), m.Alt, false, maxName)
		all = append(all, m)
	}
	if len(all) > maxMedia {
		v.add(fieldPath("media"), CodeTooLong, "a product has at most %d images", maxMedia)
	}
	if len(v.errs) > 0 {
		return nil, v.errs, nil
	}
	return s.saveMedia(ctx, p, all)
}

// RemoveMedia removes images by URL. Who: as UpdateProduct.
func (s *Service) RemoveMedia(ctx context.Context, id pulid.ID, urls []string) (*ent.Product, []UserError, error) {
	p, ues, err := s.managedProduct(ctx, id, fieldPath("productId"))
	if p == nil {
		return nil, ues, err
	}
	v := &validator{}
	for i, u := range urls {
		if !slices.ContainsFunc(p.Media, func(m schema.Media) bool { return sameImage(ctx, m.URL, u) }) {
			v.add(fieldPath("urls", fmt.Sprint(i)), CodeNotFound, "the product has no image with this url")
		}
	}
	if len(v.errs) > 0 {
		return nil, v.errs, nil
	}
	kept := slices.DeleteFunc(slices.Clone(p.Media), func(m schema.Media) bool {
		return slices.ContainsFunc(urls, func(u string) bool { return sameImage(ctx, m.URL, u) })
	})
	return s.saveMedia(ctx, p, kept)
}

// ReorderMedia puts the images in the given order of URLs, which must name
// each image once. Who: as UpdateProduct.
func (s *Service) ReorderMedia(ctx context.Context, id pulid.ID, urls []string) (*ent.Product, []UserError, error) {
	p, ues, err := s.managedProduct(ctx, id, fieldPath("productId"))
	if p == nil {
		return nil, ues, err
	}
	seen := map[string]bool{}
	ordered := make([]schema.Media, 0, len(urls))
	for _, u := range urls {
		i := slices.IndexFunc(p.Media, func(m schema.Media) bool { return sameImage(ctx, m.URL, u) })
		if i < 0 || seen[p.Media[i].URL] {
			ordered = nil
			break
		}
		seen[p.Media[i].URL] = true
		ordered = append(ordered, p.Media[i])
	}
	if ordered == nil || len(ordered) != len(p.Media) {
		return nil, []UserError{{Field: fieldPath("urls"), Code: CodeInvalid, Message: "urls must list each of the product's images exactly once"}}, nil
	}
	return s.saveMedia(ctx, p, ordered)
}

func (s *Service) saveMedia(ctx context.Context, p *ent.Product, media []schema.Media) (*ent.Product, []UserError, error) {
	p, err := s.client.Product.UpdateOne(p).SetMedia(media).Save(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("save media: %w", err)
	}
	return p, nil, nil
}

// sameImage matches a URL a seller sends to a stored image (our own images
// are stored relative and handed out absolute).
func sameImage(ctx context.Context, stored, given string) bool { return media.Same(ctx, stored, given) }
