import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { initializationOptions, needsRestart, readSettings } from "../../src/settings.ts";

function getter(values: Record<string, unknown>): (key: string) => unknown {
  return (key) => values[key];
}

describe("settings", () => {
  it("have defaults when nothing is set", () => {
    assert.deepEqual(readSettings(getter({})), { serverPath: "", trace: "off", showSilenced: false });
  });

  it("are read as set", () => {
    const s = readSettings(getter({ "server.path": " /opt/care ", "trace.server": "verbose", showSilenced: true }));
    assert.deepEqual(s, { serverPath: "/opt/care", trace: "verbose", showSilenced: true });
  });

  it("ignore values of the wrong type instead of passing them on", () => {
    const s = readSettings(getter({ "server.path": 12, "trace.server": "loud", showSilenced: "yes" }));
    assert.deepEqual(s, { serverPath: "", trace: "off", showSilenced: false });
  });

  it("give the server its initializationOptions (the contract's showSilenced)", () => {
    assert.deepEqual(initializationOptions(readSettings(getter({ showSilenced: true }))), { showSilenced: true });
    assert.deepEqual(initializationOptions(readSettings(getter({}))), { showSilenced: false });
  });

  it("restart the server only when its path changes", () => {
    assert.equal(needsRestart((s) => s === "care.server.path"), true);
    assert.equal(needsRestart((s) => s === "care.showSilenced"), false);
    assert.equal(needsRestart((s) => s === "care.trace.server"), false);
  });
});
