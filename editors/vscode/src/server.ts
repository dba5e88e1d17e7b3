// Starts, stops and restarts `care lsp`, and says what state it is in.
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as vscode from "vscode";
import {
  CloseAction,
  ErrorAction,
  ExecuteCommandRequest,
  LanguageClient,
  State,
  type LanguageClientOptions,
  type ServerOptions,
} from "vscode-languageclient/node";
import { bundledServerPath, describeLocation, findServer, notFoundMessage, type Discovery, type ServerLocation } from "./discovery.ts";
import { EVALUATE_COMMAND, FILE_INFO_REQUEST, parseFileInfo, type FileInfo } from "./protocol.ts";
import { initializationOptions, readSettings, SECTION } from "./settings.ts";
import type { ServerStatus } from "./statusText.ts";

/** A .vsix may lose the bundled binary's executable bit on the way: give it back. */
function restoreExecutableBit(file: string): void {
  if (process.platform === "win32") return;
  try {
    const mode = fs.statSync(file).mode;
    if ((mode & 0o111) === 0) fs.chmodSync(file, mode | 0o755);
  } catch {
    // No bundled binary: nothing to do.
  }
}

function isExecutableFile(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false;
    if (process.platform !== "win32") fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** `care lsp --version`: the version, or why this binary cannot serve (no `lsp` command, not runnable). */
function probe(command: string): Promise<{ version: string } | { error: string }> {
  return new Promise((resolve) => {
    execFile(command, ["lsp", "--version"], { timeout: 15_000, windowsHide: true }, (error, stdout, stderr) => {
      if (error === null) {
        resolve({ version: stdout.trim().replace(/^care\s+/, "") });
        return;
      }
      const detail = stderr.split("\n").find((l) => l.trim() !== "") ?? error.message;
      resolve({ error: detail.trim() });
    });
  });
}

export interface ServerHooks {
  /** Called with the result of a `care.evaluate` run from a code lens, to show its report. */
  onEvaluated(result: unknown, args: unknown[]): Promise<void>;
}

export class Server implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private location: ServerLocation | undefined;
  private lastDiscovery: Discovery | undefined;
  private failure: string | undefined;
  private statusValue: ServerStatus = { state: "stopped" };
  private readonly statusEmitter = new vscode.EventEmitter<ServerStatus>();
  readonly onDidChangeStatus = this.statusEmitter.event;
  readonly output: vscode.LogOutputChannel;

  private readonly context: vscode.ExtensionContext;
  private readonly hooks: ServerHooks;

  constructor(context: vscode.ExtensionContext, hooks: ServerHooks) {
    this.context = context;
    this.hooks = hooks;
    this.output = vscode.window.createOutputChannel("care", { log: true });
  }

  get status(): ServerStatus {
    return this.statusValue;
  }

  private setStatus(status: ServerStatus): void {
    this.statusValue = status;
    this.statusEmitter.fire(status);
  }

  /** The running client, or undefined after telling the author why there is none. */
  async running(): Promise<LanguageClient | undefined> {
    if (this.client?.state === State.Running) return this.client;
    if (this.statusValue.state === "starting" && this.client !== undefined) {
      await new Promise<void>((resolve) => {
        const sub = this.onDidChangeStatus((s) => {
          if (s.state !== "starting") {
            sub.dispose();
            resolve();
          }
        });
      });
      const after = this.client as LanguageClient | undefined;
      if (after?.state === State.Running) return after;
    }
    await this.explainUnavailable();
    return undefined;
  }

  private async explainUnavailable(): Promise<void> {
    if (this.statusValue.state === "notFound" && this.lastDiscovery !== undefined) {
      await this.showNotFound(this.lastDiscovery);
    } else if (this.failure !== undefined) {
      void vscode.window.showErrorMessage(this.failure);
    } else {
      void vscode.window.showErrorMessage("Le serveur care n'est pas démarré : utilisez « care : Redémarrer le serveur ».");
    }
  }

  private async showNotFound(discovery: Discovery): Promise<void> {
    const settings = "Ouvrir le réglage";
    const choice = await vscode.window.showErrorMessage(notFoundMessage(discovery), settings);
    if (choice === settings) {
      await vscode.commands.executeCommand("workbench.action.openSettings", "care.server.path");
    }
  }

  async start(): Promise<void> {
    if (this.client !== undefined) return;
    const settings = readSettings((key) => vscode.workspace.getConfiguration(SECTION).get(key));
    restoreExecutableBit(bundledServerPath(this.context.extensionPath, process.platform));
    const discovery = findServer({
      platform: process.platform,
      extensionPath: this.context.extensionPath,
      configuredPath: settings.serverPath,
      workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
      homeDir: os.homedir(),
      env: process.env,
      isExecutableFile,
    });
    this.lastDiscovery = discovery;
    this.failure = undefined;
    if (discovery.badSetting !== undefined) {
      this.output.warn(`care.server.path : ${discovery.badSetting} n'est pas un fichier exécutable`);
    }
    if (discovery.location === undefined) {
      this.output.error(notFoundMessage(discovery));
      this.output.info(`cherché : ${discovery.tried.join(", ")}`);
      this.location = undefined;
      this.setStatus({ state: "notFound" });
      void this.showNotFound(discovery);
      return;
    }
    const location = discovery.location;
    this.location = location;
    this.output.info(describeLocation(location));
    this.setStatus({ state: "starting", source: location.source });
    const probed = await probe(location.command);
    if ("error" in probed) {
      this.fail(location, `\`${location.command} lsp --version\` : ${probed.error}`);
      return;
    }
    this.output.info(`care ${probed.version}`);

    const serverOptions: ServerOptions = {
      run: { command: location.command, args: ["lsp"] },
      debug: { command: location.command, args: ["lsp"] },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [
        { scheme: "file", language: "care" },
        { scheme: "untitled", language: "care" },
      ],
      // The contract: `showSilenced` reaches the server in workspace/didChangeConfiguration's settings.
      // eslint-disable-next-line @typescript-eslint/no-deprecated
      synchronize: { configurationSection: SECTION },
      initializationOptions: initializationOptions(settings),
      outputChannel: this.output,
      // Failures are told once, in French, by this class: not by the client's English messages.
      initializationFailedHandler: (error) => {
        this.output.error(`initialisation du serveur : ${error instanceof Error ? error.message : String(error)}`);
        return false;
      },
      errorHandler: {
        error: (error) => {
          this.output.error(`connexion au serveur : ${error.message}`);
          return { action: ErrorAction.Continue, handled: true };
        },
        closed: () => this.closed(),
      },
      middleware: {
        // A code lens runs `care.evaluate` through VS Code's command: show what it returns.
        executeCommand: async (command, args, next) => {
          const result: unknown = await next(command, args);
          if (command === EVALUATE_COMMAND) await this.hooks.onEvaluated(result, args);
          return result;
        },
      },
    };
    const client = new LanguageClient("care", "care", serverOptions, clientOptions);
    this.client = client;
    client.onDidChangeState((e) => {
      if (this.client !== client) return;
      if (e.newState === State.Starting) this.setStatus({ state: "starting", source: location.source });
      else if (e.newState === State.Running) {
        this.setStatus({ state: "running", source: location.source, version: client.initializeResult?.serverInfo?.version ?? probed.version });
      } else if (this.statusValue.state !== "failed") this.setStatus({ state: "stopped", source: location.source });
    });
    try {
      await client.start();
    } catch (error) {
      this.client = undefined;
      this.fail(location, `\`${location.command} lsp\` : ${error instanceof Error ? error.message : String(error)}`);
      try {
        await client.dispose();
      } catch {
        // The process is already gone.
      }
    }
  }

  private fail(location: ServerLocation, detail: string): void {
    this.failure = `Le serveur care n'a pas démarré (${detail}). Cette version de care fournit-elle la commande \`care lsp\` ? Installez une version récente de care, ou indiquez-en une autre dans le réglage \`care.server.path\`.`;
    this.output.error(this.failure);
    this.setStatus({ state: "failed", source: location.source });
    void vscode.window.showErrorMessage(this.failure);
  }

  private readonly crashes: number[] = [];

  /** The server's process ended: restart it, unless it keeps dying or never got running. */
  private closed(): { action: CloseAction; handled: boolean } {
    if (this.statusValue.state !== "running") return { action: CloseAction.DoNotRestart, handled: true };
    const now = Date.now();
    this.crashes.push(now);
    while (this.crashes.length > 0 && (this.crashes[0] ?? now) < now - 180_000) this.crashes.shift();
    if (this.crashes.length <= 4) {
      this.output.warn("le serveur care s'est arrêté : redémarrage");
      return { action: CloseAction.Restart, handled: true };
    }
    this.failure = "Le serveur care s'est arrêté 5 fois en 3 minutes : il n'est plus redémarré. Voir la sortie « care », puis « care : Redémarrer le serveur ».";
    this.setStatus({ state: "failed", source: this.location?.source });
    void vscode.window.showErrorMessage(this.failure);
    return { action: CloseAction.DoNotRestart, handled: true };
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client !== undefined) {
      try {
        await client.stop();
      } catch (error) {
        this.output.warn(`arrêt du serveur : ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    this.setStatus({ state: "stopped", source: this.location?.source });
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /** `workspace/executeCommand` on the running server. */
  async executeCommand(command: string, args: unknown[]): Promise<unknown> {
    const client = await this.running();
    if (client === undefined) return undefined;
    return client.sendRequest(ExecuteCommandRequest.type, { command, arguments: args });
  }

  /** `care/fileInfo` for the status bar, or undefined when the server cannot answer. */
  async fileInfo(uri: vscode.Uri): Promise<FileInfo | undefined> {
    const client = this.client;
    if (client?.state !== State.Running) return undefined;
    try {
      return parseFileInfo(await client.sendRequest(FILE_INFO_REQUEST, { uri: client.code2ProtocolConverter.asUri(uri) }));
    } catch (error) {
      this.output.warn(`care/fileInfo : ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }

  /** Whether the server announced this command in its capabilities. */
  supports(command: string): boolean {
    return this.client?.initializeResult?.capabilities.executeCommandProvider?.commands.includes(command) ?? false;
  }

  dispose(): void {
    void this.stop();
    this.statusEmitter.dispose();
    this.output.dispose();
  }
}
