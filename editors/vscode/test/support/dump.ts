// Prints the tokens and scopes of a `.care` file, to review the grammar:
// node test/support/dump.ts FILE [FROM TO] | --unscoped FILE...
import { readFileSync } from "node:fs";
import { tokenize } from "./tokenize.ts";

const args = process.argv.slice(2);
if (args[0] === "--unscoped") {
  for (const file of args.slice(1)) {
    for (const t of await tokenize(readFileSync(file, "utf8"))) {
      if (t.text.trim() !== "" && t.scopes.length === 1) console.log(`${file}:${t.line} ${JSON.stringify(t.text)}`);
    }
  }
} else {
  const [file, from = "1", to = "1000000"] = args;
  if (file === undefined) throw new Error("usage: dump.ts FILE [FROM TO] | --unscoped FILE...");
  for (const t of await tokenize(readFileSync(file, "utf8"))) {
    if (t.line >= Number(from) && t.line <= Number(to) && t.text.trim() !== "") {
      console.log(t.line, JSON.stringify(t.text), t.scopes.slice(1).join(" "));
    }
  }
}
