// How a fixture's result reads in VS Code's Testing view. Pure, for the unit tests.
import type { FixtureResult } from "./protocol.ts";

export interface FailureView {
  message: string;
  expected: string;
  actual: string;
}

/** One message per difference: VS Code shows expected and actual side by side. */
export function failureViews(fixture: FixtureResult): FailureView[] {
  if (fixture.failures.length === 0) {
    const message = fixture.message ?? "le dossier ne donne pas le résultat attendu";
    return [{ message, expected: "", actual: "" }];
  }
  return fixture.failures.map((f) => ({
    message: `${f.what} : attendu ${f.expected}, obtenu ${f.actual}`,
    expected: f.expected,
    actual: f.actual,
  }));
}

/** The line of the test run's output for one fixture, as `care test` words it. */
export function outputLine(fixture: FixtureResult): string {
  const version = fixture.version !== null ? ` (version ${fixture.version})` : "";
  switch (fixture.status) {
    case "passed":
      return `ok    ${fixture.name}${version}`;
    case "failed":
      return [`FAIL  ${fixture.name}${version}`, ...failureViews(fixture).map((f) => `  ${f.message}`)].join("\r\n");
    case "error":
      return `ERROR ${fixture.name}${version}\r\n  ${fixture.message ?? "le cas n'a pas pu être exécuté"}`;
  }
}

export function summaryLine(fixtures: FixtureResult[]): string {
  const passed = fixtures.filter((f) => f.status === "passed").length;
  return `${passed} passed, ${fixtures.length - passed} failed`;
}

/**
 * The line (from 0) of an expected file where a difference is: that of its key, `"grant"` for
 * "output `grant`", `"failed"` for "failed rules", `"error"` for an expected error; else 0.
 */
export function expectedKeyLine(expectedText: string, what: string): number {
  const output = /^output `([^`]+)`/.exec(what)?.[1];
  const key = output ?? (what === "failed rules" ? "failed" : what === "error" ? "error" : undefined);
  if (key === undefined) return 0;
  const line = expectedText.split(/\r?\n/).findIndex((l) => l.includes(`${JSON.stringify(key)}:`) || l.includes(`${JSON.stringify(key)} :`));
  return line < 0 ? 0 : line;
}
