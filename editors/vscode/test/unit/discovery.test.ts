import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { bundledServerPath, findServer, notFoundMessage, pathCandidates, resolveSetting, type DiscoveryInput } from "../../src/discovery.ts";

function input(executables: string[], overrides: Partial<DiscoveryInput> = {}): DiscoveryInput {
  const exists = new Set(executables);
  return {
    platform: "linux",
    extensionPath: "/ext",
    configuredPath: "",
    workspaceFolder: "/work/politiques",
    homeDir: "/home/auteur",
    env: { PATH: "/usr/local/bin:/usr/bin" },
    isExecutableFile: (f) => exists.has(f),
    ...overrides,
  };
}

describe("server discovery", () => {
  it("prefers the binary bundled in the extension", () => {
    const d = findServer(input(["/ext/server/care", "/opt/care", "/usr/bin/care"], { configuredPath: "/opt/care" }));
    assert.deepEqual(d.location, { source: "bundled", command: "/ext/server/care" });
    assert.deepEqual(d.tried, ["/ext/server/care"]);
  });

  it("then the care.server.path setting", () => {
    const d = findServer(input(["/opt/care", "/usr/bin/care"], { configuredPath: "/opt/care" }));
    assert.deepEqual(d.location, { source: "setting", command: "/opt/care" });
    assert.equal(d.badSetting, undefined);
  });

  it("then care on the PATH, in PATH order", () => {
    const d = findServer(input(["/usr/bin/care", "/usr/local/bin/care"]));
    assert.deepEqual(d.location, { source: "path", command: "/usr/local/bin/care" });
    assert.deepEqual(d.tried, ["/ext/server/care", "/usr/local/bin/care"]);
  });

  it("goes on to the PATH when the setting names no executable, and remembers it", () => {
    const d = findServer(input(["/usr/bin/care"], { configuredPath: "target/release/care" }));
    assert.deepEqual(d.location, { source: "path", command: "/usr/bin/care" });
    assert.equal(d.badSetting, "/work/politiques/target/release/care");
  });

  it("finds nothing, and lists every place it looked", () => {
    const d = findServer(input([], { configuredPath: "~/bin/care" }));
    assert.equal(d.location, undefined);
    assert.deepEqual(d.tried, ["/ext/server/care", "/home/auteur/bin/care", "/usr/local/bin/care", "/usr/bin/care"]);
  });

  it("ignores empty PATH entries and a missing PATH", () => {
    assert.deepEqual(pathCandidates({ platform: "linux", env: { PATH: "/a::/b:" } }), ["/a/care", "/b/care"]);
    assert.deepEqual(pathCandidates({ platform: "linux", env: {} }), []);
  });

  it("uses care.exe, PATHEXT and a case-insensitive Path on Windows", () => {
    assert.equal(bundledServerPath("C:\\ext", "win32"), "C:\\ext\\server\\care.exe");
    assert.deepEqual(pathCandidates({ platform: "win32", env: { Path: 'C:\\care;"C:\\Program Files\\care"', PATHEXT: ".EXE;.CMD" } }), [
      "C:\\care\\care.exe",
      "C:\\care\\care.cmd",
      "C:\\Program Files\\care\\care.exe",
      "C:\\Program Files\\care\\care.cmd",
    ]);
    const d = findServer(input(["C:\\Program Files\\care\\care.exe"], {
      platform: "win32",
      extensionPath: "C:\\ext",
      workspaceFolder: "C:\\politiques",
      env: { Path: "C:\\Program Files\\care" },
    }));
    assert.deepEqual(d.location, { source: "path", command: "C:\\Program Files\\care\\care.exe" });
  });

  it("resolves ~, ${workspaceFolder}, ${userHome} and relative settings", () => {
    const ctx = { platform: "linux" as const, homeDir: "/home/auteur", workspaceFolder: "/work/politiques" };
    assert.equal(resolveSetting("~/.cargo/bin/care", ctx), "/home/auteur/.cargo/bin/care");
    assert.equal(resolveSetting("${userHome}/bin/care", ctx), "/home/auteur/bin/care");
    assert.equal(resolveSetting("${workspaceFolder}/target/release/care", ctx), "/work/politiques/target/release/care");
    assert.equal(resolveSetting("  ../care/target/debug/care ", ctx), "/work/care/target/debug/care");
    assert.equal(resolveSetting("/usr/bin/care", ctx), "/usr/bin/care");
  });
});

describe("the message when no server is found", () => {
  it("is French and says how to install care", () => {
    const message = notFoundMessage(findServer(input([])));
    assert.match(message, /^Le serveur de langage care est introuvable/);
    assert.match(message, /cargo install --locked --path crates\/care-cli/);
    assert.match(message, /care\.server\.path/);
    assert.match(message, /version de l'extension pour votre plateforme/);
  });

  it("names the setting that points nowhere", () => {
    const message = notFoundMessage(findServer(input([], { configuredPath: "/opt/absent/care" })));
    assert.match(message, /`\/opt\/absent\/care`, qui n'est pas un fichier exécutable/);
  });
});
