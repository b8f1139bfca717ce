package resolvers_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/comptoir/comptoir/internal/testdb"
	"github.com/comptoir/comptoir/internal/text"
)

// TestLongMultibyteReasonIsCutByRunes: a cancel reason of NoteMax CJK
// characters is accepted (limits count runes, not bytes), and the timeline
// message that quotes it, once cut to NoteMax by the formerly byte-based
// path, reads back whole characters only.
func TestLongMultibyteReasonIsCutByRunes(t *testing.T) {
	testdb.Each(t, func(t *testing.T, st *testdb.Store) {
		w := newWorld(t, st)
		s := setupShop(t, w)
		v := w.stocked(t, 10)
		d := checkoutAs(t, w, "anonymous", readyCart(t, w, "anonymous", v, 1, s), key("runes", 1), "test", "tok_success")
		id := str(d, "checkoutComplete.order.id")

		reason := strings.Repeat("日", text.NoteMax) // 1500 bytes
		d, e := gql(t, w, "admin", `mutation($id: ID!, $r: String) { orderCancel(input: {orderId: $id, reason: $r}) { order { status } userErrors { code message } } }`,
			map[string]any{"id": id, "r": reason})
		if str(mustOK(t, d, e, "orderCancel"), "order.status") != "CANCELLED" {
			t.Fatalf("cancel with a %d-rune reason: %v", text.NoteMax, d)
		}
		d, e = gql(t, w, "admin", `query($id: ID!) { order(id: $id) { events(first: 20) { edges { node { type message } } } } }`, map[string]any{"id": id})
		if len(e) > 0 {
			t.Fatalf("events: %v", e)
		}
		var msg string
		for _, ed := range get(d, "order.events.edges").([]any) {
			if str(ed, "node.type") == "CANCELLED" {
				msg = str(ed, "node.message")
			}
		}
		want := text.Cut("cancelled; stock put back: "+reason, text.NoteMax)
		if msg != want || !utf8.ValidString(msg) || strings.ContainsRune(msg, utf8.RuneError) || utf8.RuneCountInString(msg) != text.NoteMax {
			t.Fatalf("CANCELLED message: %d runes, %d bytes, valid %v, want the first %d runes of the sentence:\n%q",
				utf8.RuneCountInString(msg), len(msg), utf8.ValidString(msg), text.NoteMax, msg)
		}

		// One rune more is refused as input, whatever its byte length.
		d, e = gql(t, w, "admin", `mutation($id: ID!, $r: String) { orderCancel(input: {orderId: $id, reason: $r}) { userErrors { code field } } }`,
			map[string]any{"id": id, "r": reason + "日"})
		if len(e) > 0 || userCodes(d, "orderCancel") != "INVALID" {
			t.Fatalf("a %d-rune reason: %v %v", text.NoteMax+1, d, e)
		}
	})
}
