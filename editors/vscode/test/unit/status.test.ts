import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { statusView } from "../../src/statusText.ts";

describe("status bar", () => {
  it("shows the policy and the version of a version file, and a running server", () => {
    const v = statusView(
      { policy: "essms-poc", title: "Cybersécurité des ESSMS", version: "2026-04-15", kind: "version" },
      { state: "running", version: "0.1.0", source: "bundled" },
    );
    assert.equal(v.text, "$(law) essms-poc 2026-04-15 $(check)");
    assert.equal(v.tooltip, "Politique : essms-poc — Cybersécurité des ESSMS\nVersion : 2026-04-15\nServeur care : en marche (version 0.1.0, fourni avec l'extension)\nCliquer pour redémarrer le serveur.");
    assert.equal(v.command, "care.restartServer");
    assert.equal(v.warning, false);
  });

  it("shows the versions that include a module", () => {
    const v = statusView({ policy: "essms-poc", title: null, version: "2026-03-31, 2026-04-15", kind: "module" }, { state: "running" });
    assert.equal(v.text, "$(law) essms-poc · module (2026-03-31, 2026-04-15) $(check)");
    assert.match(v.tooltip, /Module inclus par : 2026-03-31, 2026-04-15/);
  });

  it("says so when the server is missing, and leads to the explanation", () => {
    const v = statusView(undefined, { state: "notFound" });
    assert.equal(v.text, "$(law) care $(warning)");
    assert.match(v.tooltip, /Serveur care : introuvable/);
    assert.equal(v.command, "care.showOutput");
    assert.equal(v.warning, true);
  });

  it("shows a starting server with where it comes from", () => {
    const v = statusView({ policy: null, title: null, version: null, kind: "other" }, { state: "starting", source: "path" });
    assert.equal(v.text, "$(law) care $(sync~spin)");
    assert.match(v.tooltip, /Serveur care : démarrage \(PATH\)/);
  });
});
