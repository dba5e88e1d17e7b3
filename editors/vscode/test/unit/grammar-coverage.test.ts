// The TextMate grammar against the language's own definitions: every keyword of
// grammar/care.pest, every built-in function and every type name of docs/language.md gets its
// colour. A keyword added to the language without the grammar knowing it fails here.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { tokenize, type Token } from "../support/tokenize.ts";

const root = fileURLToPath(new URL("../../../../", import.meta.url));
const pest = readFileSync(join(root, "grammar", "care.pest"), "utf8");
const languageDoc = readFileSync(join(root, "docs", "language.md"), "utf8");

/** `kw_in_force = @{ "in_force" ~ !ident_char }` → `in_force`. */
const keywords = [...pest.matchAll(/^kw_\w+\s*=\s*@\{\s*"(\w+)"/gm)].map((m) => m[1] ?? "");

/** The section of docs/language.md between two headings. */
function section(from: string, to: string): string {
  const start = languageDoc.indexOf(from);
  const end = languageDoc.indexOf(to, start);
  assert.ok(start >= 0 && end > start, `docs/language.md has no section ${from}`);
  return languageDoc.slice(start, end);
}

/** `` `round_half_even(x, n)` `` in the tables of built-ins and comprehensions. */
const builtins = [
  ...new Set(
    [...`${section("### Comprehensions", "## 11.")}${section("## 11.", "## 12.")}`.matchAll(/^\|[^|]*?`([a-z_]+)\(/gm)].map((m) => m[1] ?? ""),
  ),
];

/** "**Type names**: `bool` `int` … and the declared records and enums." */
const typeNames = [...(/\*\*Type names\*\*:([^\n]*(?:\n[^\n-][^\n]*)*)/.exec(languageDoc)?.[1] ?? "").matchAll(/`(\w+)`/g)].map((m) => m[1] ?? "");

function corpusFiles(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith(".care") ? [join(dir, e.name)] : [],
    );
  return [join(root, "policies"), join(root, "tests", "fixtures", "syntax"), fileURLToPath(new URL("../grammar/", import.meta.url))].flatMap(walk);
}

const KEYWORD_SCOPE = /^(keyword\.|storage\.|constant\.language\.|entity\.name\.function\.decorator\.)/;

function scopesOf(tokens: Token[], word: string): string[][] {
  return tokens.filter((t) => t.text === word).map((t) => t.scopes);
}

describe("grammar coverage", () => {
  it("reads the language's definitions", () => {
    assert.ok(keywords.length >= 60, `only ${keywords.length} keywords read from care.pest`);
    assert.ok(keywords.includes("chosen_objectives") && keywords.includes("otherwise"));
    assert.ok(builtins.length >= 30, `only ${builtins.length} built-ins read from docs/language.md`);
    assert.ok(builtins.includes("all_rules_passed") && builtins.includes("sort"));
    assert.deepEqual(typeNames, ["bool", "int", "decimal", "share", "money", "date", "instant", "duration", "text", "code", "track"]);
  });

  it("colours every keyword of grammar/care.pest as a keyword where the project uses it", async () => {
    const tokens = (await Promise.all(corpusFiles().map((f) => tokenize(readFileSync(f, "utf8"))))).flat();
    const uncoloured = keywords.filter((kw) => !scopesOf(tokens, kw).some((scopes) => scopes.some((s) => KEYWORD_SCOPE.test(s))));
    assert.deepEqual(uncoloured, [], "keywords of care.pest that the grammar never colours (or that no test file uses)");
  });

  it("colours every built-in function as one, and a declared function as a call", async () => {
    const wrong: string[] = [];
    for (const name of builtins) {
      const tokens = await tokenize(`  require ${name}(x)`);
      if (!scopesOf(tokens, name).some((s) => s.includes("support.function.builtin.care"))) wrong.push(name);
    }
    assert.deepEqual(wrong, [], "built-ins of docs/language.md not coloured as built-ins");
    const own = await tokenize("  require sites_comptes(ej) > 0");
    assert.deepEqual(scopesOf(own, "sites_comptes")[0]?.slice(1), ["entity.name.function.call.care"]);
  });

  it("colours every type name in a field's type", async () => {
    const wrong: string[] = [];
    for (const name of typeNames) {
      const tokens = await tokenize(`record R {\n  champ: list of ${name}?\n}`);
      if (!scopesOf(tokens, name).some((s) => s.includes("support.type.primitive.care"))) wrong.push(name);
    }
    assert.deepEqual(wrong, []);
  });

  it("leaves nothing of the project's files without a scope", async () => {
    const files = corpusFiles();
    const bare: string[] = [];
    for (const file of files) {
      for (const t of await tokenize(readFileSync(file, "utf8"))) {
        if (t.text.trim() !== "" && t.scopes.length === 1) bare.push(`${file}:${t.line} ${JSON.stringify(t.text)}`);
      }
    }
    assert.deepEqual(bare, []);
  });
});
