import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseEvaluateResult, parseFileInfo, parseRunFixturesResult, parseShowFixturesArgs, ProtocolError } from "../../src/protocol.ts";

describe("care.evaluate results", () => {
  it("are read as the contract gives them", () => {
    const r = parseEvaluateResult({ ok: true, title: "Rapport — ESSMS-2026-0001", markdown: "# Rapport", report: { outputs: {} }, version: "2026-04-15", exit: 0 });
    assert.equal(r.title, "Rapport — ESSMS-2026-0001");
    assert.equal(r.version, "2026-04-15");
    assert.deepEqual(r.report, { outputs: {} });
  });

  it("accept a refusal (ok false, null report and version)", () => {
    const r = parseEvaluateResult({ ok: false, title: "Dossier refusé", markdown: "Le dossier n'est pas valide", report: null, version: null, exit: 4 });
    assert.equal(r.ok, false);
    assert.equal(r.exit, 4);
    assert.equal(r.report, null);
  });

  it("reject what is not the contract, saying what is wrong", () => {
    assert.throws(() => parseEvaluateResult(null), ProtocolError);
    assert.throws(() => parseEvaluateResult({ ok: true, title: "t", report: null, version: null, exit: 0 }), /`markdown` n'est pas un texte/);
    assert.throws(() => parseEvaluateResult({ ok: "oui", title: "t", markdown: "m", exit: 0 }), /`ok` n'est pas un booléen/);
    assert.throws(() => parseEvaluateResult({ ok: true, title: "t", markdown: "m", exit: 1.5 }), /`exit` n'est pas un entier/);
  });
});

describe("care.runFixtures results", () => {
  const failed = {
    name: "p1-single-site",
    uri: "file:///p/tests/p1-single-site.json",
    expectedUri: "file:///p/tests/p1-single-site.expected.json",
    status: "failed",
    version: "2026-04-15",
    message: null,
    failures: [{ what: "output `grant`", expected: "\"9400.01\"", actual: "\"9400.00\"" }],
  };

  it("are read with their failures", () => {
    const r = parseRunFixturesResult({ policy: "file:///p", fixtures: [failed] });
    assert.equal(r.fixtures.length, 1);
    assert.deepEqual(r.fixtures[0]?.failures, [{ what: "output `grant`", expected: "\"9400.01\"", actual: "\"9400.00\"" }]);
  });

  it("take missing optional fields as null or empty", () => {
    const r = parseRunFixturesResult({ policy: "file:///p", fixtures: [{ name: "a", uri: "file:///p/tests/a.json", status: "passed" }] });
    assert.deepEqual(r.fixtures[0], { name: "a", uri: "file:///p/tests/a.json", expectedUri: null, status: "passed", version: null, message: null, failures: [] });
  });

  it("reject an unknown status or a malformed failure, naming where", () => {
    assert.throws(() => parseRunFixturesResult({ policy: "p", fixtures: [{ ...failed, status: "skipped" }] }), /fixtures\[0\]\.status vaut "skipped"/);
    assert.throws(() => parseRunFixturesResult({ policy: "p", fixtures: [{ ...failed, failures: [{ what: "x" }] }] }), /fixtures\[0\]\.failures\[0\]/);
    assert.throws(() => parseRunFixturesResult({ policy: "p", fixtures: {} }), /`fixtures` n'est pas une liste/);
  });
});

describe("care/fileInfo", () => {
  it("reads a version, a module and a file outside any policy", () => {
    assert.deepEqual(parseFileInfo({ policy: "essms-poc", title: "Cybersécurité des ESSMS", version: "2026-04-15", kind: "version" }), {
      policy: "essms-poc",
      title: "Cybersécurité des ESSMS",
      version: "2026-04-15",
      kind: "version",
    });
    assert.equal(parseFileInfo({ policy: "essms-poc", title: null, version: "2026-03-31, 2026-04-15", kind: "module" }).kind, "module");
    assert.deepEqual(parseFileInfo({ policy: null, title: null, version: null, kind: "other" }), { policy: null, title: null, version: null, kind: "other" });
  });

  it("rejects an unknown kind", () => {
    assert.throws(() => parseFileInfo({ policy: null, title: null, version: null, kind: "folder" }), /`kind` vaut "folder"/);
  });
});

describe("care.showFixtures arguments (from the code lens)", () => {
  it("are a policy and a rule, or nothing usable", () => {
    assert.deepEqual(parseShowFixturesArgs({ policy: "file:///p", rule: "POC.DEPOT" }), { policy: "file:///p", rule: "POC.DEPOT" });
    assert.equal(parseShowFixturesArgs({ policy: "file:///p" }), undefined);
    assert.equal(parseShowFixturesArgs("file:///p"), undefined);
  });
});
