// Builds the platform-specific .vsix that carries the `care` binary (the extension prefers it to
// any other): `node scripts/package-platform.mjs linux-x64` → care-linux-x64.vsix.
//
// The binary is the release build of the repository (`cargo build --release --locked -p
// care-cli`, target/release/care), or the file CARE_BINARY names (a cross-compiled one, for
// another target). Its format is checked against the target, so a Linux binary never ends up in
// a Windows package.
import { Buffer } from "node:buffer";
import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, mkdirSync, openSync, readFileSync, readSync, closeSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ext = join(dirname(fileURLToPath(import.meta.url)), "..");
const root = join(ext, "..", "..");

// VS Code's platform targets, and what their binary looks like.
const TARGETS = {
  "linux-x64": { format: "elf", machine: 0x3e },
  "linux-arm64": { format: "elf", machine: 0xb7 },
  "alpine-x64": { format: "elf", machine: 0x3e },
  "alpine-arm64": { format: "elf", machine: 0xb7 },
  "darwin-x64": { format: "macho", cpu: 0x01000007 },
  "darwin-arm64": { format: "macho", cpu: 0x0100000c },
  "win32-x64": { format: "pe", machine: 0x8664 },
  "win32-arm64": { format: "pe", machine: 0xaa64 },
};

function fail(message) {
  console.error(`package-platform: ${message}`);
  process.exit(1);
}

function head(file, length) {
  const fd = openSync(file, "r");
  try {
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, 0);
    return buffer;
  } finally {
    closeSync(fd);
  }
}

/** Whether `file` is an executable for `target` (ELF e_machine, Mach-O cputype, PE machine). */
function matches(file, target) {
  const spec = TARGETS[target];
  const b = head(file, 4096);
  if (spec.format === "elf") return b.readUInt32BE(0) === 0x7f454c46 && b.readUInt16LE(18) === spec.machine;
  if (spec.format === "macho") return b.readUInt32LE(0) === 0xfeedfacf && b.readUInt32LE(4) === spec.cpu;
  if (b.readUInt16LE(0) !== 0x5a4d) return false;
  const pe = b.readUInt32LE(0x3c);
  return pe + 6 <= b.length && b.readUInt32LE(pe) === 0x00004550 && b.readUInt16LE(pe + 4) === spec.machine;
}

const target = process.argv[2];
if (target === undefined || !(target in TARGETS)) fail(`usage: package-platform.mjs TARGET (one of ${Object.keys(TARGETS).join(", ")})`);
const exe = target.startsWith("win32") ? "care.exe" : "care";
const binary = resolve(process.env.CARE_BINARY ?? join(root, "target", "release", exe));
if (!existsSync(binary)) fail(`no care binary at ${binary}: run \`cargo build --release --locked -p care-cli\` at the repository's root, or set CARE_BINARY`);
if (!matches(binary, target)) fail(`${binary} is not an executable for ${target}`);

const serverDir = join(ext, "server");
const ignoreFile = join(tmpdir(), `care-vscodeignore-${process.pid}`);
rmSync(serverDir, { recursive: true, force: true });
try {
  mkdirSync(serverDir);
  copyFileSync(binary, join(serverDir, exe));
  chmodSync(join(serverDir, exe), 0o755);
  // The release profile keeps line tables (debug = 1) for profiling: leave them out of the package.
  if (target.startsWith("linux") || target.startsWith("alpine")) {
    const strip = spawnSync("strip", ["--strip-debug", join(serverDir, exe)], { stdio: "inherit" });
    if (strip.status !== 0) console.warn("package-platform: strip failed or is missing; the binary is packaged as built");
  }
  writeFileSync(ignoreFile, `${readFileSync(join(ext, ".vscodeignore"), "utf8")}\n!server/${exe}\n`);
  const vsce = join(ext, "node_modules", ".bin", process.platform === "win32" ? "vsce.cmd" : "vsce");
  const out = `care-${target}.vsix`;
  const run = spawnSync(vsce, ["package", "--no-dependencies", "--no-rewrite-relative-links", "--target", target, "--ignoreFile", ignoreFile, "--out", out], {
    cwd: ext,
    stdio: "inherit",
  });
  if (run.status !== 0) process.exit(run.status ?? 1);
} finally {
  rmSync(serverDir, { recursive: true, force: true });
  rmSync(ignoreFile, { force: true });
}
