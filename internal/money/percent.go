package money

import "strings"

// ParsePercent reads a percentage from 0 to 100 with up to four decimals as
// parts per million ("12.5" is 125000).
func ParsePercent(s string) (int, bool) {
	n, err := Parse(strings.TrimSpace(s), 4)
	if err != nil || n < 0 || n > 100_0000 {
		return 0, false
	}
	return int(n), true
}

// FormatPercent writes parts per million as a percentage without trailing
// zeros ("12.5").
func FormatPercent(ppm int) string {
	s := Format(int64(ppm), 4)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// PartsPerMillion is ppm of an amount, rounded half away from zero. The
// product is computed in 128 bits, so a rate of at most 100% never
// overflows; ErrOverflow only when the result itself leaves int64.
func PartsPerMillion(amount int64, ppm int) (int64, error) {
	return MulDiv(amount, int64(ppm), 1_000_000)
}
