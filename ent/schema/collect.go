package schema

// CollectColumns maps GraphQL fields of a type that are not columns (gqlgen
// binds them to a method of the entity, or to a resolver) to the columns
// they read. Field collection (ent/template/collection.tmpl) then selects
// those columns for them; a field it does not know makes it load the whole
// row. An empty list is a field that reads only the ID. Each column is a
// field name of the schema: a wrong one does not compile.
type CollectColumns map[string][]string

// Name is the annotation's key in the generated graph's annotations.
func (CollectColumns) Name() string { return "CollectColumns" }
