// The extension's settings, read through a getter so that they are unit-tested without VS Code.
import type { InitializationOptions } from "./protocol.ts";

export type Trace = "off" | "messages" | "verbose";

export interface CareSettings {
  /** `care.server.path`: empty when not set. */
  serverPath: string;
  /** `care.trace.server`: read by vscode-languageclient itself, here for the status tooltip. */
  trace: Trace;
  /** `care.showSilenced`: publish the warnings that an `@allow` silenced, as hints. */
  showSilenced: boolean;
}

export const SECTION = "care";

/** `get("server.path")` reads `care.server.path` (VS Code's `getConfiguration("care").get`). */
export function readSettings(get: (key: string) => unknown): CareSettings {
  const serverPath = get("server.path");
  const trace = get("trace.server");
  const showSilenced = get("showSilenced");
  return {
    serverPath: typeof serverPath === "string" ? serverPath.trim() : "",
    trace: trace === "messages" || trace === "verbose" ? trace : "off",
    showSilenced: showSilenced === true,
  };
}

export function initializationOptions(settings: CareSettings): InitializationOptions {
  return { showSilenced: settings.showSilenced };
}

/**
 * Whether a configuration change needs the server restarted: a new server path does; the
 * other settings reach the running server (`workspace/didChangeConfiguration`) or the client.
 */
export function needsRestart(affects: (section: string) => boolean): boolean {
  return affects(`${SECTION}.server.path`);
}
