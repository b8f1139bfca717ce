package catalog

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/comptoir/comptoir/ent"
	"github.com/comptoir/comptoir/ent/schema"
	"github.com/comptoir/comptoir/internal/apperr"
	"github.com/comptoir/comptoir/internal/text"
)

// Options are a product's options as a storefront shows them: the options
// its variants use, in the catalog's order (labels) and then in order of
// first appearance in the variants (which must be sorted by position; the
// keys of one variant count in alphabetical order). Values follow the same
// rule, and only values some variant takes are listed. Labels default to the
// key or value, capitalised; colour-like options of common colour names get
// a colour swatch.
func Options(labels []schema.ProductOption, variants []*ent.ProductVariant) []*schema.ProductOption {
	used := map[string]map[string]bool{}
	var names []string
	values := map[string][]string{}
	for _, v := range variants {
		keys := make([]string, 0, len(v.Options))
		for k := range v.Options {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			if used[k] == nil {
				used[k] = map[string]bool{}
				names = append(names, k)
			}
			if val := v.Options[k]; !used[k][val] {
				used[k][val] = true
				values[k] = append(values[k], val)
			}
		}
	}
	byName := make(map[string]schema.ProductOption, len(labels))
	order := make([]string, 0, len(names))
	for _, l := range labels {
		if _, dup := byName[l.Name]; dup || used[l.Name] == nil {
			continue
		}
		byName[l.Name] = l
		order = append(order, l.Name)
	}
	for _, n := range names {
		if _, ok := byName[n]; !ok {
			order = append(order, n)
		}
	}
	out := make([]*schema.ProductOption, 0, len(order))
	for _, n := range order {
		l := byName[n]
		opt := &schema.ProductOption{Name: n, DisplayName: or(l.DisplayName, Humanize(n))}
		seen := map[string]bool{}
		add := func(lv schema.ProductOptionValue) {
			if seen[lv.Value] || !used[n][lv.Value] {
				return
			}
			seen[lv.Value] = true
			sw := lv.Swatch
			if sw == nil && colourLike(n) {
				sw = ColourSwatch(lv.Value)
			}
			opt.Values = append(opt.Values, schema.ProductOptionValue{Value: lv.Value, DisplayName: or(lv.DisplayName, Humanize(lv.Value)), Swatch: sw})
		}
		for _, lv := range l.Values {
			add(lv)
		}
		for _, val := range values[n] {
			add(schema.ProductOptionValue{Value: val})
		}
		out = append(out, opt)
	}
	return out
}

// SelectedOption is one option value a shopper picked.
type SelectedOption struct{ Name, Value string }

// VariantBySelectedOptions returns the variant whose options are exactly the
// selected ones, or nil when none is. Naming an option the product does not
// have, or one option twice, is BAD_USER_INPUT.
func VariantBySelectedOptions(options []*schema.ProductOption, variants []*ent.ProductVariant, selected []SelectedOption) (*ent.ProductVariant, error) {
	known := make(map[string]bool, len(options))
	for _, o := range options {
		known[o.Name] = true
	}
	want := make(map[string]string, len(selected))
	for i, s := range selected {
		field := []string{"selectedOptions", fmt.Sprint(i), "name"}
		if !known[s.Name] {
			return nil, apperr.BadInput(field, "the product has no option %q", text.Truncate(s.Name, 40))
		}
		if _, dup := want[s.Name]; dup {
			return nil, apperr.BadInput(field, "option %q is selected twice", text.Truncate(s.Name, 40))
		}
		want[s.Name] = s.Value
	}
	for _, v := range variants {
		if len(v.Options) != len(want) {
			continue
		}
		match := true
		for k, val := range want {
			if got, ok := v.Options[k]; !ok || got != val {
				match = false
				break
			}
		}
		if match {
			return v, nil
		}
	}
	return nil, nil
}

// Humanize is the default label of an option key or value: words split on
// '_' and '-' and capitalised ("color" -> "Color", "navy_blue" -> "Navy
// Blue", "XL" stays "XL").
func Humanize(s string) string {
	words := strings.FieldsFunc(s, func(r rune) bool { return r == '_' || r == '-' || unicode.IsSpace(r) })
	for i, w := range words {
		r, n := utf8.DecodeRuneInString(w)
		words[i] = string(unicode.ToUpper(r)) + w[n:]
	}
	if len(words) == 0 {
		return s
	}
	return strings.Join(words, " ")
}

// colourLike tells the options whose values are colours.
func colourLike(name string) bool {
	switch strings.ToLower(name) {
	case "color", "colour", "couleur", "farbe", "colore", "kleur":
		return true
	}
	return false
}

// colours maps common colour names (of the demo catalog and beyond) to a
// hex swatch.
var colours = map[string]string{
	"black": "#1f1f1f", "white": "#f7f7f5", "grey": "#8e9196", "gray": "#8e9196", "silver": "#c0c0c0",
	"charcoal": "#36454f", "red": "#c62828", "burgundy": "#800020", "orange": "#ef6c00", "yellow": "#f9d71c",
	"gold": "#d4af37", "green": "#2e7d32", "olive": "#708238", "khaki": "#c3b091", "teal": "#00897b",
	"blue": "#1e66d0", "navy": "#1b2a4a", "purple": "#6a1b9a", "pink": "#e91e63", "brown": "#6d4c41",
	"beige": "#e8dcc4", "sand": "#d8c3a5", "cream": "#fffdd0", "tan": "#d2b48c",
}

// ColourSwatch is the hex colour of a common colour name, or nil.
func ColourSwatch(name string) *string {
	if hex, ok := colours[strings.ToLower(strings.TrimSpace(name))]; ok {
		return &hex
	}
	return nil
}

// ColourHex is the hex colour of a common colour name, or "".
func ColourHex(name string) string {
	if p := ColourSwatch(name); p != nil {
		return *p
	}
	return ""
}

var hexColourRE = regexp.MustCompile(`^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$`)

// validSwatch accepts a hex colour or an absolute http(s) URL.
func validSwatch(s string) bool { return hexColourRE.MatchString(s) || validURL(s) }

// Limits of option labels.
const (
	maxOptionLabels = maxOptions
	maxOptionValues = 100
	maxLabel        = text.LabelMax
)

// OptionValueLabel is the writable label of one option value.
type OptionValueLabel struct {
	Value       string
	DisplayName *string
	Swatch      *string
}

// OptionLabel is the writable label of one option.
type OptionLabel struct {
	Name        string
	DisplayName *string
	Values      []OptionValueLabel
}

// optionLabels validates option labels and returns them as stored
// (nil for nil: unchanged).
func (v *validator) optionLabels(field []string, in []OptionLabel) []schema.ProductOption {
	if in == nil {
		return nil
	}
	if len(in) > maxOptionLabels {
		v.add(field, CodeTooLong, "at most %d options", maxOptionLabels)
		return nil
	}
	out := make([]schema.ProductOption, 0, len(in))
	names := map[string]bool{}
	for i, o := range in {
		f := append(slices.Clone(field), fmt.Sprint(i))
		v.text(append(slices.Clone(f), "name"), o.Name, true, maxAttrKey)
		if names[o.Name] {
			v.add(append(slices.Clone(f), "name"), CodeDuplicate, "option %q is given twice", text.Truncate(o.Name, 40))
		}
		names[o.Name] = true
		opt := schema.ProductOption{Name: o.Name}
		if o.DisplayName != nil {
			v.text(append(slices.Clone(f), "displayName"), *o.DisplayName, false, maxLabel)
			opt.DisplayName = strings.TrimSpace(*o.DisplayName)
		}
		if len(o.Values) > maxOptionValues {
			v.add(append(slices.Clone(f), "values"), CodeTooLong, "at most %d values", maxOptionValues)
			continue
		}
		vals := map[string]bool{}
		for j, ov := range o.Values {
			vf := append(slices.Clone(f), "values", fmt.Sprint(j))
			v.text(append(slices.Clone(vf), "value"), ov.Value, true, maxAttrKey)
			if vals[ov.Value] {
				v.add(append(slices.Clone(vf), "value"), CodeDuplicate, "value %q is given twice", text.Truncate(ov.Value, 40))
			}
			vals[ov.Value] = true
			val := schema.ProductOptionValue{Value: ov.Value}
			if ov.DisplayName != nil {
				v.text(append(slices.Clone(vf), "displayName"), *ov.DisplayName, false, maxLabel)
				val.DisplayName = strings.TrimSpace(*ov.DisplayName)
			}
			if ov.Swatch != nil && *ov.Swatch != "" {
				if !validSwatch(*ov.Swatch) {
					v.add(append(slices.Clone(vf), "swatch"), CodeInvalid, "swatch must be a colour (#rgb or #rrggbb) or an absolute http(s) URL")
				}
				sw := *ov.Swatch
				val.Swatch = &sw
			}
			opt.Values = append(opt.Values, val)
		}
		out = append(out, opt)
	}
	return out
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// SEODescriptionRunes is the most a search snippet shows.
const SEODescriptionRunes = 160

// SEO is what search engines show for a product page: its name, and its
// description cut to SEODescriptionRunes (the name when it has none).
func SEO(p *ent.Product) (title, description string) {
	d := text.Truncate(p.Description, SEODescriptionRunes)
	if d == "" {
		d = text.Truncate(p.Name, SEODescriptionRunes)
	}
	return p.Name, d
}
