package resolvers

import (
	"context"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/graph/model"
	"github.com/comptoir/comptoir/internal/affiliate"
	"github.com/comptoir/comptoir/internal/apperr"
	"github.com/comptoir/comptoir/internal/loader"
	"github.com/comptoir/comptoir/internal/money"
)

func sellerErrors(ues []apperr.UserError) []*model.SellerUserError {
	return userErrors(ues, func(ue apperr.UserError) *model.SellerUserError {
		return &model.SellerUserError{Field: ue.Field, Code: model.SellerErrorCode(ue.Code), Message: ue.Message}
	})
}

func sellerPayload(s *ent.Seller, ues []apperr.UserError, err error) (*model.SellerPayload, error) {
	if err != nil {
		return nil, err
	}
	return &model.SellerPayload{Seller: s, UserErrors: sellerErrors(ues)}, nil
}

// percent reads an optional percentage as parts per million.
func percent(d *money.Decimal, field string) (*int, []apperr.UserError) {
	if d == nil {
		return nil, nil
	}
	ppm, ok := money.ParsePercent(string(*d))
	if !ok {
		return nil, []apperr.UserError{apperr.UserErr([]string{"input", field}, "INVALID", "a rate is a percentage from 0 to 100 with up to 4 decimals")}
	}
	return &ppm, nil
}

func reviewErrors(ues []apperr.UserError) []*model.ReviewUserError {
	return userErrors(ues, func(ue apperr.UserError) *model.ReviewUserError {
		return &model.ReviewUserError{Field: ue.Field, Code: model.ReviewErrorCode(ue.Code), Message: ue.Message}
	})
}

func reviewPayload(rv *ent.Review, ues []apperr.UserError, err error) (*model.ReviewPayload, error) {
	if err != nil {
		return nil, err
	}
	return &model.ReviewPayload{Review: rv, UserErrors: reviewErrors(ues)}, nil
}

func affiliateErrors(ues []apperr.UserError) []*model.AffiliateUserError {
	return userErrors(ues, func(ue apperr.UserError) *model.AffiliateUserError {
		return &model.AffiliateUserError{Field: ue.Field, Code: model.AffiliateErrorCode(ue.Code), Message: ue.Message}
	})
}

// affiliateStats reads an affiliate's figures through the request's
// loader, for the affiliate and admins only.
func (r *Resolver) affiliateStats(ctx context.Context, a *ent.Affiliate) (*affiliate.Stats, error) {
	if err := affiliate.CanRead(ctx, a); err != nil {
		return nil, err
	}
	return loader.For(ctx).AffiliateStats(ctx, a.ID)
}
