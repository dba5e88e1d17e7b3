// Bundles the extension into one CommonJS file, out/extension.cjs, with vscode-languageclient in it
// (the .vsix then carries no node_modules). Type checking is `tsc` (npm run typecheck).
import * as esbuild from "esbuild";

const options = {
  entryPoints: ["src/extension.ts"],
  bundle: true,
  outfile: "out/extension.cjs",
  format: "cjs",
  platform: "node",
  target: "node20",
  external: ["vscode"],
  sourcemap: true,
  minify: !process.argv.includes("--watch"),
  logLevel: "warning",
};

if (process.argv.includes("--watch")) {
  const context = await esbuild.context(options);
  await context.watch();
} else {
  await esbuild.build(options);
}
