package shipping

import (
	"testing"

	"github.com/comptoir/comptoir/ent/schema/pulid"
)

func TestRateID(t *testing.T) {
	cart, a, b, m := pulid.New("crt"), pulid.New("sel"), pulid.New("sel"), pulid.New("shm")
	id := RateID(cart, a, m)
	if _, err := pulid.Parse(string(id)); err != nil || id.Prefix() != RatePrefix {
		t.Fatalf("RateID = %q: %v", id, err)
	}
	if RateID(cart, a, m) != id {
		t.Fatal("RateID is not deterministic")
	}
	for name, other := range map[string]pulid.ID{
		"another parcel":  RateID(cart, b, m),
		"the whole cart":  RateID(cart, "", m),
		"another cart":    RateID(pulid.New("crt"), a, m),
		"another method":  RateID(cart, a, pulid.New("shm")),
		"the method's id": m,
	} {
		if other == id {
			t.Errorf("%s has the same id %s", name, id)
		}
	}
}
