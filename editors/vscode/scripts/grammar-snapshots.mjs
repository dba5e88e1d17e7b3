// Snapshot tests of the TextMate grammar over every `.care` file of the project: the policies and
// the test fixtures. vscode-tmgrammar-snap writes its `.snap` beside each file; the sources live
// outside this folder, so they are tokenized in a temporary mirror and their snapshots kept
// here, under test/grammar/snapshots/ (same relative paths, from the repository root).
//
//   node scripts/grammar-snapshots.mjs            compare (fails on any difference)
//   node scripts/grammar-snapshots.mjs --update   rewrite the snapshots (then review the diff)
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ext = join(dirname(fileURLToPath(import.meta.url)), "..");
const root = join(ext, "..", "..");
const snapshots = join(ext, "test", "grammar", "snapshots");
const sourceDirs = ["policies", join("tests", "fixtures")];
const update = process.argv.includes("--update");

function walk(dir, keep) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return walk(path, keep);
    return keep(entry.name) ? [path] : [];
  });
}

const sources = sourceDirs
  .flatMap((dir) => walk(join(root, dir), (name) => name.endsWith(".care")))
  .map((path) => relative(root, path))
  .sort();
const snaps = walk(snapshots, (name) => name.endsWith(".care.snap"))
  .map((path) => relative(snapshots, path).slice(0, -".snap".length))
  .sort();

const missing = sources.filter((s) => !snaps.includes(s));
const stale = snaps.filter((s) => !sources.includes(s));
if (!update && (missing.length > 0 || stale.length > 0)) {
  for (const s of missing) console.error(`no snapshot for ${s}`);
  for (const s of stale) console.error(`snapshot without its source: ${s}`);
  console.error("run `npm run update-grammar-snapshots` and review the new snapshots");
  process.exit(1);
}

const mirror = mkdtempSync(join(tmpdir(), "care-grammar-"));
try {
  for (const s of sources) {
    mkdirSync(dirname(join(mirror, s)), { recursive: true });
    cpSync(join(root, s), join(mirror, s));
    if (!update) cpSync(join(snapshots, `${s}.snap`), join(mirror, `${s}.snap`));
  }
  const bin = join(ext, "node_modules", ".bin", process.platform === "win32" ? "vscode-tmgrammar-snap.cmd" : "vscode-tmgrammar-snap");
  const args = ["--grammar", join(ext, "syntaxes", "care.tmLanguage.json"), "--scope", "source.care"];
  if (update) args.push("--updateSnapshot");
  args.push(join(mirror, "**", "*.care"));
  const run = spawnSync(bin, args, { cwd: ext, encoding: "utf8" });
  // One line per file on success: keep the log short, show everything on failure.
  const output = `${run.stdout}${run.stderr}`;
  if (run.status !== 0) {
    process.stdout.write(output.replaceAll(mirror + "/", ""));
    process.exit(run.status ?? 1);
  }
  if (update) {
    rmSync(snapshots, { recursive: true, force: true });
    for (const s of sources) {
      mkdirSync(dirname(join(snapshots, s)), { recursive: true });
      cpSync(join(mirror, `${s}.snap`), join(snapshots, `${s}.snap`));
    }
  }
  console.log(`grammar snapshots: ${sources.length} files ${update ? "written" : "match"}`);
} finally {
  rmSync(mirror, { recursive: true, force: true });
}
