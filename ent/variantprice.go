package ent

import "github.com/comptoir/comptoir/internal/money"

// PriceMoney is the variant's unit price. gqlgen binds ProductVariant.price
// to it (gqlgen.yml): a method without a context is resolved inline, where a
// resolver costs a goroutine per variant of a listing.
func (_m *ProductVariant) PriceMoney() money.Money {
	return money.New(_m.Price, money.Currency(_m.Currency))
}

// CompareAtPriceMoney is the former price, nil when the variant is not on
// sale; bound to ProductVariant.compareAtPrice like PriceMoney.
func (_m *ProductVariant) CompareAtPriceMoney() *money.Money {
	if _m.CompareAtPrice == nil {
		return nil
	}
	m := money.New(*_m.CompareAtPrice, money.Currency(_m.Currency))
	return &m
}

// PriceRangeMoney is the product's lowest and highest variant price (its
// denormalized price_min and price_max), bound to Product.priceRange like
// PriceMoney: a method without a context costs no goroutine per product.
func (_m *Product) PriceRangeMoney() money.Range {
	c := money.Currency(_m.Currency)
	return money.Range{Min: money.New(_m.PriceMin, c), Max: money.New(_m.PriceMax, c)}
}
