package server

import "testing"

func TestLoneSurrogate(t *testing.T) {
	for _, c := range []struct {
		json string
		at   int
	}{
		{`{"s":"plain"}`, -1},
		{`{"s":"\ud83d\ude00"}`, -1}, // a pair: one emoji
		{`{"s":"\u00e9\u0000"}`, -1}, // not surrogates (NUL is refused elsewhere)
		{`{"s":"\\ud800"}`, -1},      // an escaped backslash, then text
		{`{"s":"\\\ud800"}`, 8},
		{`{"s":"a\ud800b"}`, 7},
		{`{"s":"\ud800\u0041"}`, 6}, // high surrogate, then no low one
		{`{"s":"\udc00"}`, 6},       // low surrogate alone
		{`{"s":"\uD83D\uDE00\uDBFF"}`, 18},
		{`{"s":"\ud800`, 6},
	} {
		if got := loneSurrogate([]byte(c.json)); got != c.at {
			t.Errorf("%s: %d, want %d", c.json, got, c.at)
		}
	}
}
