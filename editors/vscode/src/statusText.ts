// The status bar item's text and tooltip: the policy and version of the file in focus, and the
// server's state. Pure, for the unit tests.
import type { FileInfo } from "./protocol.ts";
import type { ServerSource } from "./discovery.ts";

export type ServerState = "starting" | "running" | "stopped" | "notFound" | "failed";

export interface ServerStatus {
  state: ServerState;
  /** `serverInfo.version` from the server's initialize result. */
  version?: string | undefined;
  source?: ServerSource | undefined;
}

export interface StatusView {
  text: string;
  tooltip: string;
  /** The item's command: when the server is missing or broken, clicking it says why. */
  command: "care.showOutput" | "care.restartServer";
  warning: boolean;
}

const STATE_ICON: Record<ServerState, string> = {
  starting: "$(sync~spin)",
  running: "$(check)",
  stopped: "$(debug-stop)",
  notFound: "$(warning)",
  failed: "$(error)",
};

const STATE_TEXT: Record<ServerState, string> = {
  starting: "démarrage",
  running: "en marche",
  stopped: "arrêté",
  notFound: "introuvable",
  failed: "en échec",
};

const SOURCE_TEXT: Record<ServerSource, string> = {
  bundled: "fourni avec l'extension",
  setting: "réglage care.server.path",
  path: "PATH",
};

function describeFile(info: FileInfo | undefined): { text: string; lines: string[] } {
  if (info === undefined || info.policy === null) {
    return { text: "care", lines: ["Fichier hors d'une politique care"] };
  }
  const lines = [`Politique : ${info.policy}${info.title !== null ? ` — ${info.title}` : ""}`];
  if (info.kind === "module") {
    const versions = info.version ?? "aucune version ne l'inclut";
    lines.push(`Module inclus par : ${versions}`);
    return { text: `${info.policy} · module (${versions})`, lines };
  }
  if (info.version !== null) {
    lines.push(`Version : ${info.version}`);
    return { text: `${info.policy} ${info.version}`, lines };
  }
  return { text: info.policy, lines };
}

export function statusView(info: FileInfo | undefined, server: ServerStatus): StatusView {
  const file = describeFile(info);
  let serverLine = `Serveur care : ${STATE_TEXT[server.state]}`;
  const details = [
    server.version !== undefined ? `version ${server.version}` : undefined,
    server.source !== undefined ? SOURCE_TEXT[server.source] : undefined,
  ].filter((d) => d !== undefined);
  if (details.length > 0) serverLine += ` (${details.join(", ")})`;
  const broken = server.state === "notFound" || server.state === "failed";
  return {
    text: `$(law) ${file.text} ${STATE_ICON[server.state]}`,
    tooltip: [...file.lines, serverLine, broken ? "Cliquer pour voir pourquoi." : "Cliquer pour redémarrer le serveur."].join("\n"),
    command: broken ? "care.showOutput" : "care.restartServer",
    warning: broken,
  };
}
