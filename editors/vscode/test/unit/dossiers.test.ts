import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { dossierChoices, fixtureName, isDossier, policyFolderOfFixture } from "../../src/dossiers.ts";
import { expectedKeyLine, failureViews, outputLine, summaryLine } from "../../src/fixtureMessages.ts";
import type { FixtureResult } from "../../src/protocol.ts";

describe("dossiers and fixtures", () => {
  it("are JSON or YAML files, not expected files", () => {
    assert.equal(isDossier("/p/tests/a.json"), true);
    assert.equal(isDossier("/p/tests/a.yaml"), true);
    assert.equal(isDossier("/p/tests/a.YML"), true);
    assert.equal(isDossier("/p/tests/a.expected.json"), false);
    assert.equal(isDossier("/p/2026-03-31.care"), false);
  });

  it("are named after their file", () => {
    assert.equal(fixtureName("/p/tests/p1-single-site.json"), "p1-single-site");
    assert.equal(fixtureName("/p/tests/p1-single-site.expected.json"), "p1-single-site");
    assert.equal(fixtureName("C:\\p\\tests\\donnees-finess-yaml.yaml"), "donnees-finess-yaml");
  });

  it("belong to the policy folder that holds their tests/ folder", () => {
    assert.equal(policyFolderOfFixture("/w/policies/essms-poc/tests/a.json"), "/w/policies/essms-poc");
    assert.equal(policyFolderOfFixture("/w/policies/essms-poc/a.json"), undefined);
  });

  it("are offered with those of the policy in focus first", () => {
    const files = ["/w/autre/tests/z.json", "/w/essms/tests/b.yaml", "/w/essms/tests/a.json", "/w/essms/tests/a.expected.json", "/w/notes.json"];
    const choices = dossierChoices(files, "/w/essms", (f) => f.slice("/w/".length));
    assert.deepEqual(
      choices.map((c) => `${c.description}/${c.label}`),
      ["essms/tests/a.json", "essms/tests/b.yaml", "./notes.json", "autre/tests/z.json"],
    );
  });
});

describe("fixture results in the Testing view", () => {
  const failed: FixtureResult = {
    name: "p1-single-site",
    uri: "file:///p/tests/p1-single-site.json",
    expectedUri: "file:///p/tests/p1-single-site.expected.json",
    status: "failed",
    version: "2026-04-15",
    message: null,
    failures: [
      { what: "output `grant`", expected: "\"9400.01\"", actual: "\"9400.00\"" },
      { what: "failed rules", expected: "[]", actual: "[\"POC.DEPOT\"]" },
    ],
  };

  it("give one expected/actual pair per difference", () => {
    assert.deepEqual(failureViews(failed), [
      { message: "output `grant` : attendu \"9400.01\", obtenu \"9400.00\"", expected: "\"9400.01\"", actual: "\"9400.00\"" },
      { message: "failed rules : attendu [], obtenu [\"POC.DEPOT\"]", expected: "[]", actual: "[\"POC.DEPOT\"]" },
    ]);
  });

  it("fall back on the server's message when it lists no difference", () => {
    assert.deepEqual(failureViews({ ...failed, failures: [], message: "no expected file" }), [{ message: "no expected file", expected: "", actual: "" }]);
  });

  it("are logged as care test words them, with the summary line", () => {
    assert.equal(outputLine({ ...failed, status: "passed", failures: [] }), "ok    p1-single-site (version 2026-04-15)");
    assert.match(outputLine(failed), /^FAIL {2}p1-single-site \(version 2026-04-15\)\r\n {2}output `grant`/);
    assert.equal(outputLine({ ...failed, status: "error", version: null, message: "no expected file" }), "ERROR p1-single-site\r\n  no expected file");
    assert.equal(summaryLine([failed, { ...failed, status: "passed" }, { ...failed, status: "error" }]), "1 passed, 2 failed");
  });
});

describe("where a failure points in the expected file", () => {
  const expected = '{\n  "eligible": true,\n  "grant": "9400.00",\n  "failed": []\n}\n';

  it("is the line of the output's key, or of `failed` for the failed rules", () => {
    assert.equal(expectedKeyLine(expected, "output `grant`"), 2);
    assert.equal(expectedKeyLine(expected, "failed rules"), 3);
  });

  it("is the first line when the key is not written", () => {
    assert.equal(expectedKeyLine(expected, "output `counted_sites`"), 0);
    assert.equal(expectedKeyLine(expected, "something else"), 0);
  });
});
