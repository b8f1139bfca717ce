package apitest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/formatter"
	"github.com/vektah/gqlparser/v2/parser"
	"github.com/vektah/gqlparser/v2/validator"

	"github.com/comptoir/comptoir/graph"
)

// The identity check holds the API to what normalized client caches
// (Apollo InMemoryCache, urql graphcache, Relay) assume: two objects with
// the same __typename and id in one response are the same object, with the
// same value for the same field (name and arguments). Every request a
// Client sends is rewritten to select __typename and id wherever the type
// has an id (as those caches do), and its response is walked: two
// occurrences of one object that disagree on a field fail the test. The
// added fields are cut from the response again, so tests see exactly what
// they asked for.
//
// A mutation's root fields run one after the other and each may change
// what the previous one returned, so there each root field is checked on
// its own; a query's whole response is one snapshot.

var (
	schemaOnce sync.Once
	schema     *ast.Schema
)

func apiSchema() *ast.Schema {
	schemaOnce.Do(func() { schema = graph.New(graph.Config{}).Schema() })
	return schema
}

// maxRewrite bounds the bodies the check rewrites: larger ones are
// transport tests (body limits) and must reach the server as written.
const maxRewrite = 64 << 10

// identityOp is one operation rewritten for the check.
type identityOp struct {
	schema *ast.Schema
	doc    *ast.QueryDocument
	op     *ast.OperationDefinition
	vars   map[string]any
	added  map[*ast.Field]bool
}

// rewriteRequest adds __typename and id to a GraphQL request's selection
// sets in place. It leaves alone (returning nil) what is not a small JSON
// POST of one valid operation, and persisted queries (the hash must match
// the text).
func rewriteRequest(req *http.Request) (*identityOp, error) {
	if req.Method != http.MethodPost || req.Body == nil || req.GetBody == nil ||
		req.ContentLength <= 0 || req.ContentLength > maxRewrite ||
		!strings.HasPrefix(req.Header.Get("Content-Type"), "application/json") {
		return nil, nil
	}
	body, err := io.ReadAll(req.Body)
	if err != nil {
		return nil, err
	}
	_ = req.Body.Close()
	setBody(req, body)
	var msg map[string]json.RawMessage
	if json.Unmarshal(body, &msg) != nil {
		return nil, nil
	}
	var query, opName string
	var vars map[string]any
	var ext map[string]json.RawMessage
	if json.Unmarshal(msg["query"], &query) != nil || query == "" {
		return nil, nil
	}
	if msg["operationName"] != nil {
		_ = json.Unmarshal(msg["operationName"], &opName)
	}
	if msg["variables"] != nil {
		d := json.NewDecoder(bytes.NewReader(msg["variables"]))
		d.UseNumber()
		if d.Decode(&vars) != nil {
			return nil, nil
		}
	}
	if msg["extensions"] != nil && json.Unmarshal(msg["extensions"], &ext) == nil && ext["persistedQuery"] != nil {
		return nil, nil
	}
	op, text := rewriteQuery(apiSchema(), query, opName, vars)
	if op == nil {
		return nil, nil
	}
	msg["query"], _ = json.Marshal(text)
	body, _ = json.Marshal(msg)
	setBody(req, body)
	return op, nil
}

func setBody(req *http.Request, body []byte) {
	req.Body = io.NopCloser(bytes.NewReader(body))
	req.ContentLength = int64(len(body))
	req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
}

// rewriteQuery parses and validates query, adds the identity fields and
// prints it back. An invalid operation (a test of the server's validation)
// gives nil.
func rewriteQuery(s *ast.Schema, query, opName string, vars map[string]any) (*identityOp, string) {
	for _, aliased := range []bool{false, true} {
		doc, err := parser.ParseQuery(&ast.Source{Input: query})
		if err != nil || len(validator.ValidateWithRules(s, doc, nil)) > 0 {
			return nil, ""
		}
		x := &identityOp{schema: s, doc: doc, added: map[*ast.Field]bool{}}
		for _, o := range doc.Operations {
			o.SelectionSet = x.addFields(o.SelectionSet, s.Types[rootType(s, o)], aliased)
		}
		for _, f := range doc.Fragments {
			f.SelectionSet = x.addFields(f.SelectionSet, s.Types[f.TypeCondition], aliased)
		}
		// Plain `id` may clash with a test's own `id: something` merged
		// from a fragment; the second pass uses aliases nobody else uses.
		if len(validator.ValidateWithRules(s, doc, nil)) > 0 {
			continue
		}
		x.op = doc.Operations.ForName(opName)
		if x.op == nil || x.op.Operation == ast.Subscription {
			return nil, "" // an event stream is not one response
		}
		coerced, err := validator.VariableValues(s, x.op, vars)
		if err != nil {
			return nil, ""
		}
		x.vars = coerced
		var buf bytes.Buffer
		formatter.NewFormatter(&buf).FormatQueryDocument(doc)
		return x, buf.String()
	}
	return nil, ""
}

func responseKey(f *ast.Field) string {
	if f.Alias != "" {
		return f.Alias
	}
	return f.Name
}

func rootType(s *ast.Schema, o *ast.OperationDefinition) string {
	switch o.Operation {
	case ast.Mutation:
		return s.Mutation.Name
	case ast.Subscription:
		return s.Subscription.Name
	}
	return s.Query.Name
}

// hasID reports whether objects of def (or of one of its possible types)
// carry an id field.
func (x *identityOp) hasID(def *ast.Definition) bool {
	if def.Fields.ForName("id") != nil {
		return true
	}
	if def.IsAbstractType() {
		for _, p := range x.schema.GetPossibleTypes(def) {
			if p.Fields.ForName("id") != nil {
				return true
			}
		}
	}
	return false
}

// addFields recurses into set (of type def) and then selects __typename
// and id in it when the type (or a possible type) has an id.
func (x *identityOp) addFields(set ast.SelectionSet, def *ast.Definition, aliased bool) ast.SelectionSet {
	if def == nil {
		return set
	}
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			if len(s.SelectionSet) > 0 {
				if fd := def.Fields.ForName(s.Name); fd != nil {
					s.SelectionSet = x.addFields(s.SelectionSet, x.schema.Types[fd.Type.Name()], aliased)
				}
			}
		case *ast.InlineFragment:
			t := def
			if s.TypeCondition != "" {
				t = x.schema.Types[s.TypeCondition]
			}
			s.SelectionSet = x.addFields(s.SelectionSet, t, aliased)
		}
	}
	if def.Kind == ast.Scalar || def.Kind == ast.Enum || def.Kind == ast.InputObject || !x.hasID(def) {
		return set
	}
	pos := &ast.Position{}
	if len(set) > 0 {
		pos = set[0].GetPosition()
	}
	merged := x.responseKeys(set, map[string]bool{})
	direct := map[string]string{}
	for _, sel := range set {
		if f, ok := sel.(*ast.Field); ok {
			direct[responseKey(f)] = f.Name
		}
	}
	field := func(name string) *ast.Field {
		f := &ast.Field{Alias: name, Name: name, Position: pos}
		if other, taken := merged[name]; aliased || (taken && other != name) {
			f.Alias = "apitest_" + strings.TrimLeft(name, "_") // the key is a test's alias of another field
		} else if direct[name] == name {
			return nil // the test selects it already
		}
		x.added[f] = true
		return f
	}
	if f := field("__typename"); f != nil {
		set = append(set, f)
	}
	if def.Fields.ForName("id") != nil {
		if f := field("id"); f != nil {
			set = append(set, f)
		}
		return set
	}
	for _, p := range x.schema.GetPossibleTypes(def) {
		if p.Fields.ForName("id") == nil {
			continue
		}
		if f := field("id"); f != nil {
			set = append(set, &ast.InlineFragment{TypeCondition: p.Name, SelectionSet: ast.SelectionSet{f}, Position: pos})
		}
	}
	return set
}

// responseKeys maps the response keys of a selection set, fragments
// included, to the field each selects.
func (x *identityOp) responseKeys(set ast.SelectionSet, visited map[string]bool) map[string]string {
	out := map[string]string{}
	var walk func(ast.SelectionSet)
	walk = func(set ast.SelectionSet) {
		for _, sel := range set {
			switch s := sel.(type) {
			case *ast.Field:
				out[responseKey(s)] = s.Name
			case *ast.InlineFragment:
				walk(s.SelectionSet)
			case *ast.FragmentSpread:
				if visited[s.Name] {
					continue
				}
				visited[s.Name] = true
				if fd := x.doc.Fragments.ForName(s.Name); fd != nil {
					walk(fd.SelectionSet)
				}
			}
		}
	}
	walk(set)
	return out
}

// identityCheck walks one response of op.
type identityCheck struct {
	x         *identityOp
	errored   map[string]bool // response paths holding an error, and their ancestors
	seen      map[string]map[string]seenValue
	conflicts []string
}

type seenValue struct{ value, path string }

// checkResponse returns the body without the added fields, and the
// conflicts found.
func (x *identityOp) checkResponse(raw []byte) ([]byte, []string) {
	var resp map[string]json.RawMessage
	if json.Unmarshal(raw, &resp) != nil || resp["data"] == nil {
		return raw, nil
	}
	c := &identityCheck{x: x, errored: map[string]bool{}, seen: map[string]map[string]seenValue{}}
	var errs []struct {
		Path []any `json:"path"`
	}
	_ = json.Unmarshal(resp["errors"], &errs)
	for _, e := range errs {
		p := ""
		c.errored[p] = true
		for _, s := range e.Path {
			p = joinPath(p, fmt.Sprint(s))
			c.errored[p] = true
		}
	}
	root := x.schema.Types[rootType(x.schema, x.op)]
	data := c.object(resp["data"], []ast.SelectionSet{x.op.SelectionSet}, root, "", nil, "", x.op.Operation == ast.Mutation)
	return replaceMember(raw, "data", data), c.conflicts
}

func joinPath(p, s string) string {
	if p == "" {
		return s
	}
	return p + "." + s
}

// entity is the object whose fields a value belongs to: its cache key and
// the path of field signatures from it.
type entity struct {
	key  string
	path string
}

func (c *identityCheck) record(e *entity, sig, value, respPath string) {
	if e == nil || c.errored[respPath] {
		return
	}
	fields := c.seen[e.key]
	if fields == nil {
		fields = map[string]seenValue{}
		c.seen[e.key] = fields
	}
	field := joinPath(e.path, sig)
	if prev, ok := fields[field]; ok && prev.value != value {
		c.conflicts = append(c.conflicts, fmt.Sprintf("%s: %s is %s at %s but %s at %s", e.key, field, prev.value, prev.path, value, respPath))
		return
	}
	if _, ok := fields[field]; !ok {
		fields[field] = seenValue{value: value, path: respPath}
	}
}

// object walks an object value selected by sets (of static type def) and
// returns it without the added fields. e is the entity it belongs to
// (nil at the root); perRoot checks each root field on its own.
func (c *identityCheck) object(raw json.RawMessage, sets []ast.SelectionSet, def *ast.Definition, respPath string, e *entity, sig string, perRoot bool) json.RawMessage {
	members, ok := decodeObject(raw)
	if !ok {
		return raw
	}
	x := c.x
	// The runtime type: the static one, or __typename for an abstract type.
	runtime := def
	if def.IsAbstractType() {
		for _, set := range sets {
			for key, name := range x.responseKeys(set, map[string]bool{}) {
				if name != "__typename" {
					continue
				}
				for _, m := range members {
					var tn string
					if m.key == key && json.Unmarshal(m.raw, &tn) == nil && x.schema.Types[tn] != nil {
						runtime = x.schema.Types[tn]
					}
				}
			}
		}
	}
	fields := map[string][]*ast.Field{}
	for _, set := range sets {
		c.collect(set, runtime, fields, map[string]bool{})
	}
	// The entity its fields belong to: itself when it has an id, else the
	// entity it is embedded in (nil at the root).
	var inner *entity
	if e != nil {
		inner = &entity{key: e.key, path: joinPath(e.path, sig)}
	}
	for key, fs := range fields {
		if fs[0].Name != "id" || runtime.Fields.ForName("id") == nil {
			continue
		}
		for _, m := range members {
			var id string
			if m.key == key && json.Unmarshal(m.raw, &id) == nil && id != "" {
				inner = &entity{key: runtime.Name + ":" + id}
			}
		}
	}
	if e != nil {
		if inner.path == "" {
			c.record(e, sig, "→"+inner.key, respPath)
		} else {
			c.record(e, sig, "{…}", respPath)
		}
	}
	var out []member
	for _, m := range members {
		fs := fields[m.key]
		if len(fs) == 0 {
			out = append(out, m)
			continue
		}
		addedOnly := true
		for _, f := range fs {
			addedOnly = addedOnly && x.added[f]
		}
		if addedOnly {
			continue
		}
		if respPath == "" && perRoot {
			c.seen = map[string]map[string]seenValue{}
		}
		fd := runtime.Fields.ForName(fs[0].Name)
		if fd == nil { // __typename
			out = append(out, m)
			continue
		}
		var subs []ast.SelectionSet
		for _, f := range fs {
			if len(f.SelectionSet) > 0 {
				subs = append(subs, f.SelectionSet)
			}
		}
		m.raw = c.value(m.raw, subs, fd.Type, joinPath(respPath, m.key), inner, signature(fs[0], x.vars), perRoot)
		out = append(out, m)
	}
	return encodeObject(out)
}

// value walks a field's value of type t.
func (c *identityCheck) value(raw json.RawMessage, subs []ast.SelectionSet, t *ast.Type, respPath string, e *entity, sig string, perRoot bool) json.RawMessage {
	if bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		c.record(e, sig, "null", respPath)
		return raw
	}
	if t.Elem != nil {
		var items []json.RawMessage
		if json.Unmarshal(raw, &items) != nil {
			return raw
		}
		if len(subs) == 0 {
			c.record(e, sig, compact(raw), respPath)
			return raw
		}
		c.record(e, sig, "["+strconv.Itoa(len(items))+"]", respPath)
		for i := range items {
			items[i] = c.value(items[i], subs, t.Elem, joinPath(respPath, strconv.Itoa(i)), e, sig+"["+strconv.Itoa(i)+"]", perRoot)
		}
		var b bytes.Buffer
		b.WriteByte('[')
		for i, it := range items {
			if i > 0 {
				b.WriteByte(',')
			}
			b.Write(it)
		}
		b.WriteByte(']')
		return b.Bytes()
	}
	if len(subs) == 0 {
		c.record(e, sig, compact(raw), respPath)
		return raw
	}
	return c.object(raw, subs, c.x.schema.Types[t.Name()], respPath, e, sig, perRoot)
}

// collect gathers the fields of a selection set that apply to an object of
// type runtime, by response key, honouring @skip and @include.
func (c *identityCheck) collect(set ast.SelectionSet, runtime *ast.Definition, out map[string][]*ast.Field, visited map[string]bool) {
	x := c.x
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			if !included(s.Directives, x.vars) {
				continue
			}
			key := responseKey(s)
			out[key] = append(out[key], s)
		case *ast.InlineFragment:
			if included(s.Directives, x.vars) && x.applies(s.TypeCondition, runtime) {
				c.collect(s.SelectionSet, runtime, out, visited)
			}
		case *ast.FragmentSpread:
			fd := x.doc.Fragments.ForName(s.Name)
			if fd == nil || visited[s.Name] || !included(s.Directives, x.vars) || !x.applies(fd.TypeCondition, runtime) {
				continue
			}
			visited[s.Name] = true
			c.collect(fd.SelectionSet, runtime, out, visited)
		}
	}
}

func (x *identityOp) applies(cond string, runtime *ast.Definition) bool {
	if cond == "" || cond == runtime.Name {
		return true
	}
	if def := x.schema.Types[cond]; def != nil && def.IsAbstractType() {
		for _, p := range x.schema.GetPossibleTypes(def) {
			if p.Name == runtime.Name {
				return true
			}
		}
	}
	return false
}

func included(ds ast.DirectiveList, vars map[string]any) bool {
	for _, d := range ds {
		if d.Name != "skip" && d.Name != "include" {
			continue
		}
		v, _ := d.ArgumentMap(vars)["if"].(bool)
		if (d.Name == "skip") == v {
			return false
		}
	}
	return true
}

// signature names a field as caches store it: its name and arguments,
// whatever its alias.
func signature(f *ast.Field, vars map[string]any) string {
	args := f.ArgumentMap(vars)
	if len(args) == 0 {
		return f.Name
	}
	b, _ := json.Marshal(args) // map keys sorted
	return f.Name + string(b)
}

func compact(raw json.RawMessage) string {
	var b bytes.Buffer
	if json.Compact(&b, raw) != nil {
		return string(raw)
	}
	return b.String()
}

type member struct {
	key string
	raw json.RawMessage
}

// decodeObject reads an object's members in order, values raw.
func decodeObject(raw json.RawMessage) ([]member, bool) {
	d := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := d.Token(); err != nil || tok != json.Delim('{') {
		return nil, false
	}
	var out []member
	for d.More() {
		tok, err := d.Token()
		if err != nil {
			return nil, false
		}
		key, _ := tok.(string)
		var v json.RawMessage
		if d.Decode(&v) != nil {
			return nil, false
		}
		out = append(out, member{key: key, raw: v})
	}
	return out, true
}

// encodeObject writes members back in order, values as they were.
func encodeObject(ms []member) json.RawMessage {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range ms {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(m.key)
		b.Write(k)
		b.WriteByte(':')
		b.Write(m.raw)
	}
	b.WriteByte('}')
	return b.Bytes()
}

// replaceMember replaces one top-level member of a JSON object, keeping the
// others as they were.
func replaceMember(raw []byte, key string, v json.RawMessage) []byte {
	ms, ok := decodeObject(raw)
	if !ok {
		return raw
	}
	for i := range ms {
		if ms[i].key == key {
			ms[i].raw = v
		}
	}
	return encodeObject(ms)
}

// sortedConflicts orders conflicts for stable messages.
func sortedConflicts(cs []string) []string {
	sort.Strings(cs)
	return cs
}
