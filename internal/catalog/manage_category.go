package catalog

import (
	"context"
	"fmt"
	"strings"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/category"
	"github.com/comptoir/comptoir/ent/product"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/policy"
)

// CategoryInput is the writable part of a category; nil fields are
// unchanged on update.
type CategoryInput struct {
	Name        *string
	Slug        *string
	Description *string
	ParentID    *pulid.ID
	// ToTopLevel moves the category to the top level on update.
	ToTopLevel bool
}

func (s *Service) checkCategory(ctx context.Context, v *validator, in CategoryInput, slug string, self pulid.ID) *ent.Category {
	if in.Name != nil {
		v.text(fieldPath("name"), *in.Name, true, maxName)
	}
	if in.Description != nil {
		v.text(fieldPath("description"), *in.Description, false, maxDescription)
	}
	if in.Slug != nil || self == "" {
		v.slug(fieldPath("slug"), slug)
		q := s.client.Category.Query().Where(category.Slug(slug))
		if self != "" {
			q = q.Where(category.IDNEQ(self))
		}
		if taken, err := q.Exist(ctx); err == nil && taken {
			v.add(fieldPath("slug"), CodeTaken, "another category has this slug")
		}
	}
	if in.ParentID == nil {
		return nil
	}
	parent, err := s.client.Category.Get(ctx, *in.ParentID)
	if err != nil {
		v.add(fieldPath("parentId"), CodeNotFound, "no category has this id")
		return nil
	}
	if self != "" && strings.Contains(parent.Path, "/"+string(self)+"/") {
		v.add(fieldPath("parentId"), CodeCycle, "a category can't move under itself or its descendants")
	}
	return parent
}

// CreateCategory adds a category, at the top level or under a parent. Who:
// admins.
func (s *Service) CreateCategory(ctx context.Context, in CategoryInput) (*ent.Category, []UserError, error) {
	if _, err := policy.RequireAdmin(ctx); err != nil {
		return nil, nil, err
	}
	v := &validator{}
	slug := v.nameAndSlug(in.Name, in.Slug)
	parent := s.checkCategory(ctx, v, in, slug, "")
	if len(v.errs) > 0 {
		return nil, v.errs, nil
	}
	id := pulid.New(ent.IDPrefix(category.Table))
	path, depth := "/"+string(id)+"/", 0
	siblings := s.client.Category.Query().Where(category.ParentIDIsNil())
	if parent != nil {
		path, depth = parent.Path+string(id)+"/", parent.Depth+1
		siblings = s.client.Category.Query().Where(category.ParentID(parent.ID))
	}
	pos, err := siblings.Count(ctx)
	if err != nil {
		return nil, nil, err
	}
	c, err := s.client.Category.Create().SetID(id).SetName(*in.Name).SetSlug(slug).
		SetNillableDescription(in.Description).SetNillableParentID(in.ParentID).
		SetPath(path).SetDepth(depth).SetPosition(pos).Save(ctx)
	if ent.IsConstraintError(err) {
		return nil, []UserError{{Field: fieldPath("slug"), Code: CodeTaken, Message: "another category has this slug"}}, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("create category: %w", err)
	}
	return c, nil, nil
}

// UpdateCategory changes a category; moving it moves its whole subtree.
// Who: admins.
func (s *Service) UpdateCategory(ctx context.Context, id pulid.ID, in CategoryInput) (*ent.Category, []UserError, error) {
	if _, err := policy.RequireAdmin(ctx); err != nil {
		return nil, nil, err
	}
	c, err := s.client.Category.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, []UserError{{Field: fieldPath("id"), Code: CodeNotFound, Message: "no category has this id"}}, nil
	}
	if err != nil {
		return nil, nil, err
	}
	v := &validator{}
	slug := c.Slug
	if in.Slug != nil {
		slug = *in.Slug
	}
	parent := s.checkCategory(ctx, v, in, slug, c.ID)
	if len(v.errs) > 0 {
		return nil, v.errs, nil
	}
	err = s.st.WithTx(ctx, func(tx *ent.Tx) error {
		u := tx.Category.UpdateOne(c).SetNillableName(in.Name).SetNillableSlug(in.Slug).SetNillableDescription(in.Description)
		newPath, newDepth := c.Path, c.Depth
		switch {
		case parent != nil:
			u.SetParentID(parent.ID)
			newPath, newDepth = parent.Path+string(c.ID)+"/", parent.Depth+1
		case in.ToTopLevel:
			u.ClearParentID()
			newPath, newDepth = "/"+string(c.ID)+"/", 0
		}
		if err := u.Exec(ctx); err != nil {
			return err
		}
		if newPath == c.Path {
			return nil
		}
		subtree, err := tx.Category.Query().Where(category.PathHasPrefix(c.Path)).All(ctx)
		if err != nil {
			return err
		}
		for _, d := range subtree {
			err := tx.Category.UpdateOne(d).SetPath(newPath + strings.TrimPrefix(d.Path, c.Path)).
				SetDepth(d.Depth - c.Depth + newDepth).Exec(ctx)
			if err != nil {
				return err
			}
		}
		return nil
	})
	if ent.IsConstraintError(err) {
		return nil, []UserError{{Field: fieldPath("slug"), Code: CodeTaken, Message: "another category has this slug"}}, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("update category: %w", err)
	}
	c, err = s.client.Category.Get(ctx, id)
	return c, nil, err
}

// DeleteCategory deletes an empty category: one with neither children nor
// products. Who: admins.
func (s *Service) DeleteCategory(ctx context.Context, id pulid.ID) (pulid.ID, []UserError, error) {
	if _, err := policy.RequireAdmin(ctx); err != nil {
		return "", nil, err
	}
	c, err := s.client.Category.Get(ctx, id)
	if ent.IsNotFound(err) {
		return "", []UserError{{Field: fieldPath("id"), Code: CodeNotFound, Message: "no category has this id"}}, nil
	}
	if err != nil {
		return "", nil, err
	}
	if n, err := s.client.Category.Query().Where(category.ParentID(c.ID)).Count(ctx); err != nil || n > 0 {
		if err != nil {
			return "", nil, err
		}
		return "", []UserError{{Field: fieldPath("id"), Code: CodeHasChildren, Message: "move or delete its subcategories first"}}, nil
	}
	if n, err := s.client.Product.Query().Where(product.CategoryID(c.ID)).Count(ctx); err != nil || n > 0 {
		if err != nil {
			return "", nil, err
		}
		return "", []UserError{{Field: fieldPath("id"), Code: CodeInUse, Message: fmt.Sprintf("%d products are in this category", n)}}, nil
	}
	if err := s.client.Category.DeleteOne(c).Exec(ctx); err != nil {
		return "", nil, fmt.Errorf("delete category: %w", err)
	}
	return c.ID, nil, nil
}
