package shipping

import (
	"crypto/sha256"

	"github.com/oklog/ulid/v2"

	"github.com/comptoir/comptoir/ent/schema/pulid"
)

// RatePrefix is the type prefix of ShippingRate ids.
const RatePrefix = "shr"

// RateID is the id of a method priced for one parcel: the parcel of a
// cart's seller, or the whole cart as one parcel when sellerID is empty.
// A rate's price depends on its parcel (weight, subtotal), so normalized
// client caches, which merge objects by __typename and id, must never see
// the method's own id on it. The id is derived, not stored: the same cart,
// parcel and method always give the same id, and nothing else does (a
// SHA-256 cut to 128 bits, shaped as a pulid so the ID scalar accepts it).
func RateID(cartID, sellerID, methodID pulid.ID) pulid.ID {
	h := sha256.Sum256([]byte(string(cartID) + "\x00" + string(sellerID) + "\x00" + string(methodID)))
	var u ulid.ULID
	copy(u[:], h[:16])
	return pulid.ID(RatePrefix + "_" + u.String())
}
