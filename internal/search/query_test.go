package search

import (
	"reflect"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Query
	}{
		{"Tent", Query{Groups: [][]Term{{{Text: "tent"}}}}},
		{`"coastal shelter" -iris`, Query{
			Groups:   [][]Term{{{Text: "coastal shelter", Phrase: true}}},
			Excluded: []Term{{Text: "iris"}},
		}},
		{"tent or backpack lumen", Query{Groups: [][]Term{{{Text: "tent"}, {Text: "backpack"}}, {{Text: "lumen"}}}}},
		{"  a-b  ", Query{Groups: [][]Term{{{Text: "a"}}, {{Text: "b"}}}}},
		{"or tent", Query{Groups: [][]Term{{{Text: "tent"}}}}},
		{`""`, Query{}},
		{"!!!", Query{}},
	} {
		got, err := Parse(tc.in)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tc.in, err)
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Parse(%q) = %+v, want %+v", tc.in, got, tc.want)
		}
	}
}

func TestParseLimits(t *testing.T) {
	if _, err := Parse(strings.Repeat("a", MaxQueryLen+1)); err == nil {
		t.Error("an over-long query was accepted")
	}
	if _, err := Parse(strings.Repeat("word ", MaxTerms+1)); err == nil {
		t.Error("too many terms were accepted")
	}
}

func TestFTSString(t *testing.T) {
	q, _ := Parse(`tent or backpak "dry bag" -iris`)
	got := ftsString(q, map[string][]string{"backpak": {"backpack"}})
	want := `("tent" OR "backpak" OR "backpack") AND ("dry bag") NOT "iris"`
	if got != want {
		t.Fatalf("got %s\nwant %s", got, want)
	}
	if ws := webSearchString(q); ws != `tent or backpak "dry bag" -iris` {
		t.Fatalf("websearch string = %s", ws)
	}
}
