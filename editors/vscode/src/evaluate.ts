// « Évaluer un dossier » : pick a dossier, ask the server, show the French report beside the policy.
import * as path from "node:path";
import * as vscode from "vscode";
import { dossierChoices, isDossier } from "./dossiers.ts";
import { EVALUATE_COMMAND, parseEvaluateResult, type EvaluateParams, type EvaluateResult } from "./protocol.ts";
import { reportHtml } from "./reportHtml.ts";
import type { Server } from "./server.ts";

const BROWSE = "$(folder-opened) Choisir un fichier…";

export class Evaluator implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  /** The last `.care` file in focus: the policy to evaluate with. */
  private lastPolicyFile: vscode.Uri | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  private readonly server: Server;

  constructor(server: Server) {
    this.server = server;
    const track = (editor: vscode.TextEditor | undefined): void => {
      if (editor?.document.languageId === "care" && editor.document.uri.scheme === "file") {
        this.lastPolicyFile = editor.document.uri;
      }
    };
    track(vscode.window.activeTextEditor);
    this.subscriptions.push(vscode.window.onDidChangeActiveTextEditor(track));
  }

  /** The command: `uri` is given when it runs from the explorer's context menu. */
  async evaluateCommand(uri?: vscode.Uri): Promise<void> {
    const dossier = uri !== undefined && isDossier(uri.fsPath) ? uri : await this.pickDossier();
    if (dossier === undefined) return;
    const params: EvaluateParams = { dossier: dossier.toString() };
    if (this.lastPolicyFile !== undefined) params.policy = this.lastPolicyFile.toString();
    const raw = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: `care : évaluation de ${path.basename(dossier.fsPath)}` },
      () => this.server.executeCommand(EVALUATE_COMMAND, [params]),
    );
    if (raw === undefined) return;
    await this.show(raw, params);
  }

  /** Shows what `care.evaluate` returned (from the command, or from a code lens). */
  async show(raw: unknown, params: EvaluateParams | undefined): Promise<void> {
    let result: EvaluateResult;
    try {
      result = parseEvaluateResult(raw);
    } catch (error) {
      void vscode.window.showErrorMessage(error instanceof Error ? error.message : String(error));
      return;
    }
    let bodyHtml: string | undefined;
    try {
      bodyHtml = await vscode.commands.executeCommand<string>("markdown.api.render", result.markdown);
    } catch {
      bodyHtml = undefined; // VS Code's markdown extension is disabled: show the text as it is.
    }
    const column = vscode.window.activeTextEditor?.viewColumn ?? vscode.ViewColumn.One;
    if (this.panel === undefined) {
      this.panel = vscode.window.createWebviewPanel("care.report", result.title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
        enableScripts: false,
        enableFindWidget: true,
        localResourceRoots: [],
      });
      this.panel.onDidDispose(() => (this.panel = undefined));
    } else {
      this.panel.reveal(column === vscode.ViewColumn.One ? vscode.ViewColumn.Beside : undefined, true);
    }
    this.panel.title = result.title;
    const subtitle = [
      result.version !== null ? `version ${result.version}` : undefined,
      params !== undefined ? path.basename(vscode.Uri.parse(params.dossier).fsPath) : undefined,
    ].filter((s) => s !== undefined);
    this.panel.webview.html = reportHtml({
      title: result.title,
      bodyHtml,
      markdown: result.markdown,
      ok: result.ok,
      cspSource: this.panel.webview.cspSource,
      subtitle: subtitle.join(" · "),
    });
  }

  private async pickDossier(): Promise<vscode.Uri | undefined> {
    const active = vscode.window.activeTextEditor?.document.uri;
    if (active?.scheme === "file" && isDossier(active.fsPath)) return active;
    const files = await vscode.workspace.findFiles("**/*.{json,yaml,yml}", "**/{node_modules,target,.git}/**", 2000);
    const policyFolder = this.lastPolicyFile !== undefined ? path.dirname(this.lastPolicyFile.fsPath) : undefined;
    const byPath = new Map(files.map((f) => [f.fsPath, f]));
    const choices = dossierChoices([...byPath.keys()], policyFolder, (f) => vscode.workspace.asRelativePath(f));
    const picked = await vscode.window.showQuickPick(
      [...choices.map((c) => ({ label: c.label, description: c.description, file: c.file })), { label: BROWSE, description: "", file: "" }],
      { title: "Évaluer un dossier", placeHolder: "Dossier de candidature à évaluer (JSON ou YAML)", matchOnDescription: true },
    );
    if (picked === undefined) return undefined;
    if (picked.label !== BROWSE) return byPath.get(picked.file);
    const chosen = await vscode.window.showOpenDialog({
      title: "Évaluer un dossier",
      canSelectMany: false,
      filters: { "Dossiers de candidature": ["json", "yaml", "yml"] },
      ...(policyFolder !== undefined ? { defaultUri: vscode.Uri.file(policyFolder) } : {}),
    });
    return chosen?.[0];
  }

  dispose(): void {
    this.panel?.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
