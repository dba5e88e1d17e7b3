// Where the `care` server is: the binary bundled in a platform build of the extension, else the
// `care.server.path` setting, else `care` on the PATH. Pure: the file system is passed in, so the
// order and the messages are unit-tested.
import * as path from "node:path";

export type ServerSource = "bundled" | "setting" | "path";

export interface ServerLocation {
  source: ServerSource;
  command: string;
}

export interface DiscoveryInput {
  platform: NodeJS.Platform;
  /** The extension's own folder: a platform build carries `server/care` (`server/care.exe`). */
  extensionPath: string;
  /** `care.server.path`, as the author wrote it (may be empty, relative, start with `~`). */
  configuredPath: string | undefined;
  /** The first workspace folder, against which a relative setting is resolved. */
  workspaceFolder: string | undefined;
  homeDir: string;
  /** The PATH (and on Windows PATHEXT) of the extension host. */
  env: Record<string, string | undefined>;
  isExecutableFile(file: string): boolean;
}

export interface Discovery {
  /** Where the server was found, if it was. */
  location: ServerLocation | undefined;
  /** Every place looked at, in order, for the message when none is found. */
  tried: string[];
  /** A `care.server.path` that names no executable file (the search went on without it). */
  badSetting: string | undefined;
}

export function executableName(platform: NodeJS.Platform): string {
  return platform === "win32" ? "care.exe" : "care";
}

/** The bundled binary's path inside the extension. */
export function bundledServerPath(extensionPath: string, platform: NodeJS.Platform): string {
  return pathFor(platform).join(extensionPath, "server", executableName(platform));
}

function pathFor(platform: NodeJS.Platform): typeof path.posix {
  return platform === "win32" ? path.win32 : path.posix;
}

/** `~/bin/care`, `${workspaceFolder}/target/release/care`, `target/debug/care`: an absolute path. */
export function resolveSetting(setting: string, input: Pick<DiscoveryInput, "platform" | "homeDir" | "workspaceFolder">): string {
  const p = pathFor(input.platform);
  let value = setting.trim();
  if (input.workspaceFolder !== undefined) {
    value = value.replaceAll("${workspaceFolder}", input.workspaceFolder);
  }
  value = value.replaceAll("${userHome}", input.homeDir);
  if (value === "~" || value.startsWith("~/") || value.startsWith("~\\")) {
    value = p.join(input.homeDir, value.slice(1));
  }
  if (!p.isAbsolute(value) && input.workspaceFolder !== undefined) {
    value = p.join(input.workspaceFolder, value);
  }
  return p.normalize(value);
}

/** Every `care` the PATH names, in PATH order (on Windows with the PATHEXT extensions). */
export function pathCandidates(input: Pick<DiscoveryInput, "platform" | "env">): string[] {
  const p = pathFor(input.platform);
  const windows = input.platform === "win32";
  const pathVar = windows
    ? Object.entries(input.env).find(([k]) => k.toUpperCase() === "PATH")?.[1]
    : input.env.PATH;
  const dirs = (pathVar ?? "").split(windows ? ";" : ":").filter((d) => d.trim() !== "");
  const names = windows
    ? (input.env.PATHEXT ?? ".COM;.EXE;.BAT;.CMD")
        .split(";")
        .filter((e) => e !== "")
        .map((e) => `care${e.toLowerCase()}`)
    : ["care"];
  return dirs.flatMap((dir) => names.map((n) => p.join(dir.replace(/^"(.*)"$/, "$1"), n)));
}

export function findServer(input: DiscoveryInput): Discovery {
  const tried: string[] = [];
  let badSetting: string | undefined;

  const bundled = bundledServerPath(input.extensionPath, input.platform);
  tried.push(bundled);
  if (input.isExecutableFile(bundled)) {
    return { location: { source: "bundled", command: bundled }, tried, badSetting };
  }

  const setting = input.configuredPath?.trim() ?? "";
  if (setting !== "") {
    const resolved = resolveSetting(setting, input);
    tried.push(resolved);
    if (input.isExecutableFile(resolved)) {
      return { location: { source: "setting", command: resolved }, tried, badSetting };
    }
    badSetting = resolved;
  }

  for (const candidate of pathCandidates(input)) {
    tried.push(candidate);
    if (input.isExecutableFile(candidate)) {
      return { location: { source: "path", command: candidate }, tried, badSetting };
    }
  }
  return { location: undefined, tried, badSetting };
}

/** What to tell the author when there is no server: what was looked for, and how to get one. */
export function notFoundMessage(discovery: Discovery): string {
  const lines = [
    "Le serveur de langage care est introuvable : ni binaire fourni avec l'extension, ni réglage `care.server.path`, ni commande `care` dans le PATH.",
  ];
  if (discovery.badSetting !== undefined) {
    lines[0] = `Le serveur de langage care est introuvable : le réglage \`care.server.path\` désigne \`${discovery.badSetting}\`, qui n'est pas un fichier exécutable, et il n'y a pas de commande \`care\` dans le PATH.`;
  }
  lines.push(
    "Pour l'installer : installez la version de l'extension pour votre plateforme (elle contient care), ou installez care avec Rust (`cargo install --locked --path crates/care-cli` depuis le dépôt care), puis indiquez son chemin dans le réglage `care.server.path` si la commande `care` n'est pas dans le PATH.",
  );
  return lines.join(" ");
}

/** A short line for the output channel: where the server came from. */
export function describeLocation(location: ServerLocation): string {
  switch (location.source) {
    case "bundled":
      return `serveur care fourni avec l'extension : ${location.command}`;
    case "setting":
      return `serveur care du réglage care.server.path : ${location.command}`;
    case "path":
      return `serveur care trouvé dans le PATH : ${location.command}`;
  }
}
