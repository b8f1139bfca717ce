package resolvers

import (
	"github.com/comptoir/comptoir/graph/model"
	"github.com/comptoir/comptoir/internal/catalog"
	"github.com/comptoir/comptoir/internal/media"
)

// positive maps an unknown (zero) size to null.
func positive(n int) *int {
	if n <= 0 {
		return nil
	}
	return &n
}

// imageTransform maps the transform argument; a bound given as 0 or less
// stays out of range so that media.URL refuses it.
func imageTransform(in *model.ImageTransformInput) *media.Transform {
	if in == nil {
		return nil
	}
	t := &media.Transform{}
	if in.MaxWidth != nil {
		t.MaxWidth = bound(*in.MaxWidth)
	}
	if in.MaxHeight != nil {
		t.MaxHeight = bound(*in.MaxHeight)
	}
	return t
}

func bound(n int) int {
	if n < 1 {
		return -1
	}
	return n
}

func optionLabels(in []*model.ProductOptionInput) []catalog.OptionLabel {
	if in == nil {
		return nil
	}
	out := make([]catalog.OptionLabel, len(in))
	for i, o := range in {
		out[i] = catalog.OptionLabel{Name: o.Name, DisplayName: o.DisplayName}
		for _, v := range o.Values {
			out[i].Values = append(out[i].Values, catalog.OptionValueLabel{Value: v.Value, DisplayName: v.DisplayName, Swatch: v.Swatch})
		}
	}
	return out
}
