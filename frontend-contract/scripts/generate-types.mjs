// Reads the contract's schemas as one bundle ({"$defs": {TypeName: schema}}, refs
// as "#/$defs/TypeName") on stdin and prints their TypeScript declarations.
// Called by content/contract/typescript.py, which orders the bundle; run `npm ci` here first.
//
// Each definition is compiled on its own, as the root, with the others declared
// elsewhere: every shape is then declared exactly once, under its own name, and
// the output has no root type or "referenced by ... via the definition" comments
// that compiling the whole bundle at once would add.
import { readFileSync } from "node:fs";
import { compile } from "json-schema-to-typescript";

const OPTIONS = {
  // The contract's objects are closed; no `[k: string]: unknown` where a schema is silent.
  additionalProperties: false,
  bannerComment: "",
  // Referenced shapes are declared once, by their own root compile, and named here.
  declareExternallyReferenced: false,
};

const bundle = JSON.parse(readFileSync(0, "utf8"));
const declarations = [];
for (const name of Object.keys(bundle.$defs)) {
  const root = { ...bundle.$defs[name], $defs: bundle.$defs };
  declarations.push(await compile(root, name, OPTIONS));
}
process.stdout.write(declarations.join("\n"));
