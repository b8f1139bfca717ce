// Package ent holds Comptoir's data model: hand-written schemas in ent/schema
// and the code ent and entgql generate from them (see ../generate.go).
package ent
