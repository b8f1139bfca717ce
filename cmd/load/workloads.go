package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"unicode"

	"github.com/comptoir/comptoir/internal/bench"
)

// catalog is what the workloads pick their arguments from, read from the
// target through the API.
type catalog struct {
	slugs    []string
	variants []string // variants with stock to spare
	words    []string // distinct words of product names, for search
}

const catalogPage = `query LoadCatalog($after: Cursor) { products(first: 100, after: $after) {
  pageInfo { hasNextPage endCursor }
  edges { node { slug name variants(first: 10) { edges { node { id quantityAvailable } } } } }
} }`

// fetchCatalog reads up to pages pages of 100 products.
func fetchCatalog(ctx context.Context, c *http.Client, target string, pages int) (*catalog, error) {
	cat := &catalog{}
	seen := map[string]bool{}
	var after any
	for range pages {
		var page struct {
			Data struct {
				Products struct {
					PageInfo struct {
						HasNextPage bool
						EndCursor   string
					}
					Edges []struct {
						Node struct {
							Slug, Name string
							Variants   struct {
								Edges []struct {
									Node struct {
										ID                string
										QuantityAvailable int
									}
								}
							}
						}
					}
				}
			}
			Errors []struct{ Message string }
		}
		raw, err := post(ctx, c, target, catalogPage, map[string]any{"after": after})
		if err != nil {
			return nil, err
		}
		if err := json.Unmarshal(raw, &page); err != nil {
			return nil, err
		}
		if len(page.Errors) > 0 {
			return nil, fmt.Errorf("%s", page.Errors[0].Message)
		}
		for _, e := range page.Data.Products.Edges {
			cat.slugs = append(cat.slugs, e.Node.Slug)
			for _, v := range e.Node.Variants.Edges {
				// A cart line of one unit; carts do not reserve stock,
				// but keep to variants a shopper could buy.
				if v.Node.QuantityAvailable > 1 {
					cat.variants = append(cat.variants, v.Node.ID)
				}
			}
			for _, w := range strings.FieldsFunc(strings.ToLower(e.Node.Name), func(r rune) bool { return !unicode.IsLetter(r) }) {
				if len([]rune(w)) >= 3 && !seen[w] {
					seen[w] = true
					cat.words = append(cat.words, w)
				}
			}
		}
		p := page.Data.Products.PageInfo
		if !p.HasNextPage {
			break
		}
		after = p.EndCursor
	}
	if len(cat.slugs) == 0 || len(cat.variants) == 0 || len(cat.words) == 0 {
		return nil, fmt.Errorf("the catalog is empty (%d products, %d variants in stock): load one first", len(cat.slugs), len(cat.variants))
	}
	return cat, nil
}

// workload sends one unit of work: one request, or for W4 a flow of two.
type workload struct {
	name  string
	unit  string // what one step is: "req" or "flow"
	steps int    // requests per step
	step  func(ctx context.Context, c *caller, rnd *rand.Rand, k int64) error
}

var workloads = map[string]func(target string, cat *catalog, bust bool) workload{
	"W1": func(target string, _ *catalog, bust bool) workload {
		return workload{name: "W1 listing (50 products)", unit: "req", steps: 1, step: func(ctx context.Context, c *caller, _ *rand.Rand, k int64) error {
			raw, err := c.post(ctx, target, document(bench.W1Listing, bust, k), nil)
			if err != nil {
				return err
			}
			if bytes.Count(raw, []byte(`"sku"`)) == 0 {
				return fmt.Errorf("listing without variants: %.200s", raw)
			}
			return nil
		}}
	},
	"W2": func(target string, cat *catalog, bust bool) workload {
		return workload{name: "W2 product by slug", unit: "req", steps: 1, step: func(ctx context.Context, c *caller, rnd *rand.Rand, k int64) error {
			slug := cat.slugs[rnd.IntN(len(cat.slugs))]
			raw, err := c.post(ctx, target, document(bench.W2ProductBySlug, bust, k), map[string]any{"slug": slug})
			if err != nil {
				return err
			}
			if !bytes.Contains(raw, []byte(`"slug":"`+slug+`"`)) {
				return fmt.Errorf("product %s: %.200s", slug, raw)
			}
			return nil
		}}
	},
	"W3": func(target string, cat *catalog, bust bool) workload {
		return workload{name: "W3 search (20 hits)", unit: "req", steps: 1, step: func(ctx context.Context, c *caller, rnd *rand.Rand, k int64) error {
			q := cat.words[rnd.IntN(len(cat.words))]
			raw, err := c.post(ctx, target, document(bench.W3Search, bust, k), map[string]any{"q": q})
			if err != nil {
				return err
			}
			// Every word comes from a product's name: it finds one.
			if !bytes.Contains(raw, []byte(`"slug"`)) {
				return fmt.Errorf("search %q found nothing: %.200s", q, raw)
			}
			return nil
		}}
	},
	"W4": func(target string, cat *catalog, _ bool) workload {
		return workload{name: "W4 guest cart (create+read)", unit: "flow", steps: 2, step: func(ctx context.Context, c *caller, rnd *rand.Rand, _ int64) error {
			v := cat.variants[rnd.IntN(len(cat.variants))]
			raw, err := c.post(ctx, target, bench.W4CreateCart, map[string]any{"input": map[string]any{
				"lines": []any{map[string]any{"merchandiseId": v, "quantity": 1}}}})
			if err != nil {
				return err
			}
			var created struct {
				Data struct {
					CartCreate struct {
						Cart       *struct{ ID string }
						UserErrors []any
					}
				}
			}
			if err := json.Unmarshal(raw, &created); err != nil {
				return err
			}
			cart := created.Data.CartCreate.Cart
			if cart == nil || len(created.Data.CartCreate.UserErrors) > 0 {
				return fmt.Errorf("cartCreate with %s: %.200s", v, raw)
			}
			raw, err = c.post(ctx, target, bench.W4ReadCart, map[string]any{"id": cart.ID})
			if err != nil {
				return err
			}
			if !bytes.Contains(raw, []byte(`"totalQuantity":1`)) {
				return fmt.Errorf("cart %s read back: %.200s", cart.ID, raw)
			}
			return nil
		}}
	},
}

// document returns doc, or with bust doc with an alias of its own in its
// selection set, so that its answer is distinct from every other request's
// (the response cache keys answers by document and variables).
func document(doc string, bust bool, k int64) string {
	if !bust {
		return doc
	}
	i := strings.IndexByte(doc, '{') + 1
	return doc[:i] + " b" + strconv.FormatInt(k, 10) + ": __typename" + doc[i:]
}

// handwrittenW1 loads the hand-written listing handler served at url.
func handwrittenW1(url string) workload {
	return workload{name: "W1 hand-written Go + SQL", unit: "req", steps: 1, step: func(ctx context.Context, c *caller, _ *rand.Rand, _ int64) error {
		raw, err := c.get(ctx, url)
		if err != nil {
			return err
		}
		if bytes.Count(raw, []byte(`"sku"`)) == 0 {
			return fmt.Errorf("listing without variants: %.200s", raw)
		}
		return nil
	}}
}

// post sends one GraphQL operation and returns the answer's body, an error
// for a status other than 200 or an answer with errors.
func post(ctx context.Context, c *http.Client, target, query string, vars map[string]any) ([]byte, error) {
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	raw, err := do(c, req)
	if err != nil {
		return nil, err
	}
	if bytes.Contains(raw, []byte(`"errors"`)) {
		return nil, fmt.Errorf("errors in the answer: %.300s", raw)
	}
	return raw, nil
}

func do(c *http.Client, req *http.Request) ([]byte, error) {
	resp, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("status %d: %.300s", resp.StatusCode, raw)
	}
	return raw, nil
}

var errStopped = errors.New("stopped")
