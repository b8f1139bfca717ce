package auth

import "testing"

func TestMACSigner(t *testing.T) {
	k1, _ := NewKey()
	k2, _ := NewKey()
	old := NewMACSigner("order-access", "oat_", k1)
	rotated := NewMACSigner("order-access", "oat_", k2, k1)
	other := NewMACSigner("something-else", "oat_", k1)
	tok := old.Sign("ord_1")
	switch {
	case !old.Verify("ord_1", tok):
		t.Fatal("own token refused")
	case !rotated.Verify("ord_1", tok):
		t.Fatal("a token of a key still in the ring is refused")
	case old.Verify("ord_2", tok):
		t.Fatal("a token opens another message")
	case other.Verify("ord_1", tok):
		t.Fatal("a token of another purpose is accepted")
	case old.Verify("ord_1", tok[:len(tok)-1]+"A") && tok[len(tok)-1] != 'A':
		t.Fatal("a forged token is accepted")
	case old.Verify("ord_1", ""):
		t.Fatal("an empty token is accepted")
	}
	var none *MACSigner
	if none.Verify("ord_1", tok) {
		t.Fatal("a nil signer accepts")
	}
}
