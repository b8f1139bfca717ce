// GraphQL Code Generator config: typed documents for the storefront
// operations in documents/, generated from the published ../../schema.graphql.
// The Go test (clients/codegen_test.go) sets COMPTOIR_CODEGEN_OUT to a temp dir.
import type { CodegenConfig } from "@graphql-codegen/cli";

const out = process.env.COMPTOIR_CODEGEN_OUT ?? "generated/";

const config: CodegenConfig = {
  schema: "../../schema.graphql",
  documents: ["documents/*.graphql"],
  ignoreNoDocuments: false,
  generates: {
    [out.endsWith("/") ? out : out + "/"]: {
      preset: "client",
      config: {
        // Every custom scalar of the schema, typed as it travels in JSON.
        // strictScalars makes a scalar missing here fail generation
        // instead of becoming `any`.
        strictScalars: true,
        scalars: {
          Cursor: "string",
          DateTime: "string",
          Decimal: "string",
          // Federation's own scalars, present in the published SDL.
          FieldSet: "string",
          _Any: "Record<string, unknown>",
          federation__Policy: "string",
          federation__Scope: "string",
        },
        enumsAsTypes: true,
        useTypeImports: true,
      },
    },
  },
};

export default config;
