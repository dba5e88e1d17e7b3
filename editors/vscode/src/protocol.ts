// The contract between `care lsp` and this extension (docs/lsp.md): custom commands, the
// `care/fileInfo` request and the initialization options. The server's answers are checked
// before use: a mismatch is reported as such instead of failing somewhere further on.

export const EVALUATE_COMMAND = "care.evaluate";
export const RUN_FIXTURES_COMMAND = "care.runFixtures";
export const FILE_INFO_REQUEST = "care/fileInfo";

export interface InitializationOptions {
  showSilenced: boolean;
}

export interface EvaluateParams {
  /** File URI of a .json, .yaml or .yml dossier. */
  dossier: string;
  /** URI of the policy folder or of any .care file in it; default: the folder the dossier is in or under. */
  policy?: string;
  /** `YYYY-MM-DD`: the version to use instead of the one in force at the dossier's date. */
  version?: string;
}

export interface EvaluateResult {
  ok: boolean;
  title: string;
  markdown: string;
  report: unknown;
  version: string | null;
  exit: number;
}

export interface RunFixturesParams {
  policy: string;
  filter?: string;
}

export interface FixtureFailure {
  what: string;
  expected: string;
  actual: string;
}

export type FixtureStatus = "passed" | "failed" | "error";

export interface FixtureResult {
  name: string;
  uri: string;
  expectedUri: string | null;
  status: FixtureStatus;
  version: string | null;
  message: string | null;
  failures: FixtureFailure[];
}

export interface RunFixturesResult {
  policy: string;
  fixtures: FixtureResult[];
}

export interface FileInfoParams {
  uri: string;
}

export interface FileInfo {
  policy: string | null;
  title: string | null;
  version: string | null;
  kind: "version" | "module" | "other";
}

/** The arguments of the `care.showFixtures` command the server's code lens sends. */
export interface ShowFixturesArgs {
  policy: string;
  rule: string;
}

type Json = Record<string, unknown>;

function isObject(x: unknown): x is Json {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

function isStringOrNull(x: unknown): x is string | null {
  return x === null || typeof x === "string";
}

/** The server's answer did not have the shape of the contract. */
export class ProtocolError extends Error {
  constructor(what: string, detail: string) {
    super(`réponse inattendue du serveur care pour ${what} : ${detail}`);
    this.name = "ProtocolError";
  }
}

export function parseEvaluateResult(x: unknown): EvaluateResult {
  const what = "care.evaluate";
  if (!isObject(x)) throw new ProtocolError(what, "un objet est attendu");
  const { ok, title, markdown, report, version, exit } = x;
  if (typeof ok !== "boolean") throw new ProtocolError(what, "`ok` n'est pas un booléen");
  if (typeof title !== "string") throw new ProtocolError(what, "`title` n'est pas un texte");
  if (typeof markdown !== "string") throw new ProtocolError(what, "`markdown` n'est pas un texte");
  if (!isStringOrNull(version ?? null)) throw new ProtocolError(what, "`version` n'est ni un texte ni null");
  if (typeof exit !== "number" || !Number.isInteger(exit)) throw new ProtocolError(what, "`exit` n'est pas un entier");
  return { ok, title, markdown, report: report ?? null, version: (version as string | null | undefined) ?? null, exit };
}

function parseFailure(x: unknown, index: string): FixtureFailure {
  const what = "care.runFixtures";
  if (!isObject(x)) throw new ProtocolError(what, `${index} n'est pas un objet`);
  const { what: label, expected, actual } = x;
  if (typeof label !== "string" || typeof expected !== "string" || typeof actual !== "string") {
    throw new ProtocolError(what, `${index} doit avoir les textes \`what\`, \`expected\` et \`actual\``);
  }
  return { what: label, expected, actual };
}

function parseFixture(x: unknown, index: number): FixtureResult {
  const what = "care.runFixtures";
  const at = `fixtures[${index}]`;
  if (!isObject(x)) throw new ProtocolError(what, `${at} n'est pas un objet`);
  const { name, uri, expectedUri, status, version, message, failures } = x;
  if (typeof name !== "string") throw new ProtocolError(what, `${at}.name n'est pas un texte`);
  if (typeof uri !== "string") throw new ProtocolError(what, `${at}.uri n'est pas un texte`);
  if (!isStringOrNull(expectedUri ?? null)) throw new ProtocolError(what, `${at}.expectedUri n'est ni un texte ni null`);
  if (status !== "passed" && status !== "failed" && status !== "error") {
    throw new ProtocolError(what, `${at}.status vaut ${JSON.stringify(status)}`);
  }
  if (!isStringOrNull(version ?? null)) throw new ProtocolError(what, `${at}.version n'est ni un texte ni null`);
  if (!isStringOrNull(message ?? null)) throw new ProtocolError(what, `${at}.message n'est ni un texte ni null`);
  const list = failures ?? [];
  if (!Array.isArray(list)) throw new ProtocolError(what, `${at}.failures n'est pas une liste`);
  return {
    name,
    uri,
    expectedUri: (expectedUri as string | null | undefined) ?? null,
    status,
    version: (version as string | null | undefined) ?? null,
    message: (message as string | null | undefined) ?? null,
    failures: list.map((f, i) => parseFailure(f, `${at}.failures[${i}]`)),
  };
}

export function parseRunFixturesResult(x: unknown): RunFixturesResult {
  const what = "care.runFixtures";
  if (!isObject(x)) throw new ProtocolError(what, "un objet est attendu");
  const { policy, fixtures } = x;
  if (typeof policy !== "string") throw new ProtocolError(what, "`policy` n'est pas un texte");
  if (!Array.isArray(fixtures)) throw new ProtocolError(what, "`fixtures` n'est pas une liste");
  return { policy, fixtures: fixtures.map(parseFixture) };
}

export function parseFileInfo(x: unknown): FileInfo {
  const what = "care/fileInfo";
  if (!isObject(x)) throw new ProtocolError(what, "un objet est attendu");
  const { policy, title, version, kind } = x;
  if (!isStringOrNull(policy ?? null)) throw new ProtocolError(what, "`policy` n'est ni un texte ni null");
  if (!isStringOrNull(title ?? null)) throw new ProtocolError(what, "`title` n'est ni un texte ni null");
  if (!isStringOrNull(version ?? null)) throw new ProtocolError(what, "`version` n'est ni un texte ni null");
  if (kind !== "version" && kind !== "module" && kind !== "other") {
    throw new ProtocolError(what, `\`kind\` vaut ${JSON.stringify(kind)}`);
  }
  return {
    policy: (policy as string | null | undefined) ?? null,
    title: (title as string | null | undefined) ?? null,
    version: (version as string | null | undefined) ?? null,
    kind,
  };
}

export function parseShowFixturesArgs(x: unknown): ShowFixturesArgs | undefined {
  if (!isObject(x)) return undefined;
  const { policy, rule } = x;
  return typeof policy === "string" && typeof rule === "string" ? { policy, rule } : undefined;
}
