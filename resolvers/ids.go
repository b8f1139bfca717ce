package resolvers

import (
	"context"

	"github.com/comptoir/comptoir/ent"
	entcart "github.com/comptoir/comptoir/ent/cart"
	entorder "github.com/comptoir/comptoir/ent/order"
	"github.com/comptoir/comptoir/ent/schema/pulid"
	"github.com/comptoir/comptoir/internal/apperr"
)

// The tables of the IDs typedID checks, named here so that the generated
// resolver files need no import of their own for it.
const (
	cartTable  = entcart.Table
	orderTable = entorder.Table
)

// typedID refuses a well-formed ID of another type than the argument takes
// (a Product ID given as an Order ID) as BAD_USER_INPUT naming the argument:
// the client mixed up its IDs, which NOT_FOUND would hide.
func typedID(ctx context.Context, arg string, id pulid.ID, table string) error {
	if id.Prefix() == ent.IDPrefix(table) {
		return nil
	}
	got, err := ent.IDToType(ctx, id)
	if err != nil {
		got = "an unknown type"
	}
	return apperr.BadInput([]string{arg}, "argument %s: an ID of %s where one of %s is expected", arg, got, table)
}
