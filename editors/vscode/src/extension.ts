// The care extension: the language server, the status bar, the report of a dossier and the
// fixtures in the Testing view.
import * as vscode from "vscode";
import { Evaluator } from "./evaluate.ts";
import { parseShowFixturesArgs, type EvaluateParams } from "./protocol.ts";
import { Server } from "./server.ts";
import { needsRestart } from "./settings.ts";
import { StatusBar } from "./statusBar.ts";
import { Fixtures } from "./testing.ts";

let server: Server | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const current: Server = new Server(context, {
    onEvaluated: (result: unknown, args: unknown[]): Promise<void> => evaluator.show(result, args[0] as EvaluateParams | undefined),
  });
  server = current;
  const evaluator: Evaluator = new Evaluator(current);
  const fixtures = new Fixtures(current);
  context.subscriptions.push(
    current,
    evaluator,
    fixtures,
    new StatusBar(current),
    vscode.commands.registerCommand("care.evaluateDossier", (uri?: vscode.Uri) => evaluator.evaluateCommand(uri)),
    vscode.commands.registerCommand("care.runPolicyFixtures", () => {
      const active = vscode.window.activeTextEditor?.document;
      return fixtures.runPolicy(active?.languageId === "care" ? active.uri : undefined);
    }),
    vscode.commands.registerCommand("care.showFixtures", (arg: unknown) => {
      const args = parseShowFixturesArgs(arg);
      const policy = args !== undefined ? vscode.Uri.parse(args.policy) : vscode.window.activeTextEditor?.document.uri;
      return policy !== undefined ? fixtures.reveal(policy) : undefined;
    }),
    vscode.commands.registerCommand("care.restartServer", () => current.restart()),
    vscode.commands.registerCommand("care.showOutput", () => {
      current.output.show();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (needsRestart((section) => e.affectsConfiguration(section))) void current.restart();
    }),
  );
  await current.start();
}

export async function deactivate(): Promise<void> {
  await server?.stop();
  server = undefined;
}
