// The status bar item: policy and version of the `.care` file in focus, and the server's state.
import * as vscode from "vscode";
import type { FileInfo } from "./protocol.ts";
import type { Server } from "./server.ts";
import { statusView } from "./statusText.ts";

export class StatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly subscriptions: vscode.Disposable[] = [];
  private info: FileInfo | undefined;
  private generation = 0;

  private readonly server: Server;

  constructor(server: Server) {
    this.server = server;
    this.item = vscode.window.createStatusBarItem("care.status", vscode.StatusBarAlignment.Left, 50);
    this.item.name = "care";
    this.subscriptions.push(
      server.onDidChangeStatus(() => void this.refresh()),
      vscode.window.onDidChangeActiveTextEditor(() => void this.refresh()),
      vscode.workspace.onDidSaveTextDocument((d) => {
        if (d.languageId === "care") void this.refresh();
      }),
    );
    void this.refresh();
  }

  private async refresh(): Promise<void> {
    const generation = ++this.generation;
    const document = vscode.window.activeTextEditor?.document;
    const isCare = document?.languageId === "care";
    this.info = document?.languageId === "care" ? await this.server.fileInfo(document.uri) : undefined;
    if (generation !== this.generation) return; // a later refresh is under way
    const view = statusView(this.info, this.server.status);
    this.item.text = view.text;
    this.item.tooltip = view.tooltip;
    this.item.command = view.command;
    this.item.backgroundColor = view.warning ? new vscode.ThemeColor("statusBarItem.warningBackground") : undefined;
    if (isCare || view.warning) this.item.show();
    else this.item.hide();
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.item.dispose();
  }
}
