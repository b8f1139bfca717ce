// GraphQL Code Generator: typed documents for the storefront's operations
// (graphql/*.graphql) against the published ../../schema.graphql, written to
// gql/ (committed). examples/storefront_test.go regenerates into a temp dir
// and fails when the committed output differs.
import type { CodegenConfig } from "@graphql-codegen/cli";

const out = process.env.COMPTOIR_CODEGEN_OUT ?? "gql/";

const config: CodegenConfig = {
  schema: "../../schema.graphql",
  documents: ["graphql/*.graphql"],
  ignoreNoDocuments: false,
  generates: {
    [out.endsWith("/") ? out : out + "/"]: {
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: {
        // Our scalar mappings (the same as clients/codegen): every custom
        // scalar as it travels in JSON; strictScalars fails on a new one.
        strictScalars: true,
        scalars: {
          Cursor: "string",
          DateTime: "string",
          Decimal: "string",
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
