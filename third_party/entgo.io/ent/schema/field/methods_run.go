// Copyright 2019-present Facebook Inc. All rights reserved.
// This source code is licensed under the Apache 2.0 license found
// in the LICENSE file in the root directory of this source tree.

//go:build !entc

package field

import "reflect"

// Comptoir's patch (see COMPTOIR.md at the module root): outside code
// generation (the entc build tag), GoType does not record the type's method
// set and RType.Implements refuses to answer. Their entc versions enumerate
// methods through reflect (Type.Method(i)), and a single such function in a
// binary makes Go's linker keep every exported method of every type that
// reaches an interface: for Comptoir's server, 49 MB of a 119 MB binary.
// Only code generation reads method sets.

// methods marks the method set as not recorded, so that a code generator
// reading this type (built with the tag, from a schema loaded without it)
// stops instead of generating as if the type had no methods.
func methods(_ reflect.Type, rtype *RType) {
	rtype.Methods[notRecorded] = struct{ In, Out []*RType }{}
}

func (r *RType) implements(reflect.Type) bool {
	panic("entgo.io/ent/schema/field: RType.Implements is answered only in builds with the entc tag (code generation)")
}
