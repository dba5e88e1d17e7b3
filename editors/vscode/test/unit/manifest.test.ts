// package.json: versions that go together, contributions whose files exist, every title translated.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";

const ext = fileURLToPath(new URL("../../", import.meta.url));
const read = (file: string): unknown => JSON.parse(readFileSync(`${ext}${file}`, "utf8"));

interface Manifest {
  engines: { vscode: string };
  main: string;
  activationEvents: string[];
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  contributes: {
    languages: { id: string; extensions: string[]; configuration: string }[];
    grammars: { language: string; scopeName: string; path: string }[];
    snippets: { language: string; path: string }[];
    configuration: { properties: Record<string, { description?: string; markdownDescription?: string }> };
    commands: { command: string; title: string }[];
  };
  description: string;
}

const manifest = read("package.json") as Manifest;
const nls = read("package.nls.json") as Record<string, string>;
const nlsFr = read("package.nls.fr.json") as Record<string, string>;

/** `^1.91.0` → [1, 91, 0]. */
function minimum(range: string): number[] {
  const m = /^\^?(\d+)\.(\d+)\.(\d+)$/.exec(range.trim());
  assert.ok(m !== null, `not a simple range: ${range}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
}

describe("package.json", () => {
  it("asks for a VS Code that the installed vscode-languageclient supports", () => {
    const client = JSON.parse(readFileSync(`${ext}node_modules/vscode-languageclient/package.json`, "utf8")) as { engines: { vscode: string } };
    assert.ok(compare(minimum(manifest.engines.vscode), minimum(client.engines.vscode)) >= 0, `engines.vscode ${manifest.engines.vscode} is older than vscode-languageclient's ${client.engines.vscode}`);
  });

  it("types the API of the oldest VS Code it accepts", () => {
    const types = JSON.parse(readFileSync(`${ext}node_modules/@types/vscode/package.json`, "utf8")) as { version: string };
    const [major, minor] = minimum(manifest.engines.vscode);
    assert.ok(types.version.startsWith(`${major}.${minor}.`), `@types/vscode ${types.version} for engines.vscode ${manifest.engines.vscode}`);
  });

  it("activates on the language and on a workspace holding .care files", () => {
    assert.deepEqual(manifest.activationEvents, ["onLanguage:care", "workspaceContains:**/*.care"]);
    assert.deepEqual(manifest.contributes.languages.map((l) => [l.id, l.extensions]), [["care", [".care"]]]);
  });

  it("contributes files that exist", () => {
    const files = [
      manifest.contributes.languages[0]?.configuration,
      ...manifest.contributes.grammars.map((g) => g.path),
      ...manifest.contributes.snippets.map((s) => s.path),
    ];
    for (const file of files) assert.ok(file !== undefined && existsSync(`${ext}${file}`), `missing ${file}`);
    assert.equal(manifest.main, "./out/extension.cjs");
  });

  it("has the settings of the issue, under the client's id (care.trace.server is read by vscode-languageclient)", () => {
    assert.deepEqual(Object.keys(manifest.contributes.configuration.properties).sort(), ["care.server.path", "care.showSilenced", "care.trace.server"]);
  });

  it("translates every title and description, in English (package.nls.json) and French", () => {
    const keys = [
      manifest.description,
      ...manifest.contributes.commands.map((c) => c.title),
      ...Object.values(manifest.contributes.configuration.properties).map((p) => p.markdownDescription ?? p.description ?? ""),
    ].map((v) => /^%(.+)%$/.exec(v)?.[1]);
    for (const key of keys) {
      assert.ok(key !== undefined, "a title or description is not a %key%");
      assert.ok(nls[key] !== undefined && nls[key] !== "", `package.nls.json has no ${key}`);
      assert.ok(nlsFr[key] !== undefined && nlsFr[key] !== "", `package.nls.fr.json has no ${key}`);
    }
    assert.deepEqual(Object.keys(nls).sort(), Object.keys(nlsFr).sort());
    assert.equal(nlsFr["command.evaluateDossier"], "Évaluer un dossier");
  });

  it("does not name a command as the server does (the client registers the server's commands)", () => {
    const ids = manifest.contributes.commands.map((c) => c.command);
    assert.ok(!ids.includes("care.evaluate") && !ids.includes("care.runFixtures"));
  });
});

describe("snippets", () => {
  const snippets = read("snippets/care.code-snippets") as Record<string, { prefix: string; body: string[]; description: string }>;

  it("cover the declarations an author writes most", () => {
    const prefixes = Object.values(snippets).map((s) => s.prefix);
    for (const p of ["policy", "rule", "prerequisite", "objective", "table", "amend objective", "track", "theme", "function", "value", "output"]) {
      assert.ok(prefixes.includes(p), `no snippet for ${p}`);
    }
  });

  it("cite a source in every rule, prerequisite, objective and table, as the style asks", () => {
    for (const [name, s] of Object.entries(snippets)) {
      if (["rule", "prerequisite", "objective", "table", "function", "value", "policy"].includes(s.prefix)) {
        assert.ok(s.body.some((l) => /^\s*source /.test(l)), `${name} has no source line`);
      }
    }
  });
});
