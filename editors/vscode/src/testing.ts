// The policies' fixture dossiers in VS Code's Testing view: one item per policy folder, one per
// dossier of its `tests/` folder; a run asks the server (`care.runFixtures`) and shows, for a
// failure, the expected and the actual value of each difference.
import * as path from "node:path";
import * as vscode from "vscode";
import { fixtureName, isDossier, policyFolderOfFixture } from "./dossiers.ts";
import { expectedKeyLine, failureViews, outputLine, summaryLine } from "./fixtureMessages.ts";
import { parseRunFixturesResult, RUN_FIXTURES_COMMAND, type RunFixturesParams } from "./protocol.ts";
import type { Server } from "./server.ts";

const FIXTURES_GLOB = "**/tests/*.{json,yaml,yml}";
const EXCLUDE = "**/{node_modules,target,.git}/**";

async function readText(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

export class Fixtures implements vscode.Disposable {
  readonly controller: vscode.TestController;
  private readonly runProfile: vscode.TestRunProfile;
  private readonly subscriptions: vscode.Disposable[] = [];

  private readonly server: Server;

  constructor(server: Server) {
    this.server = server;
    this.controller = vscode.tests.createTestController("care", "Dossiers de test care");
    this.controller.resolveHandler = async (item) => {
      if (item === undefined) await this.discover();
    };
    this.controller.refreshHandler = async () => this.discover();
    this.runProfile = this.controller.createRunProfile("Exécuter", vscode.TestRunProfileKind.Run, (request, token) => this.run(request, token), true);
    const watcher = vscode.workspace.createFileSystemWatcher(FIXTURES_GLOB);
    const refresh = (): void => void this.discover();
    this.subscriptions.push(watcher, watcher.onDidCreate(refresh), watcher.onDidDelete(refresh));
  }

  /** Every policy folder holding `.care` files and a `tests/` folder of dossiers. */
  async discover(): Promise<void> {
    const [careFiles, fixtureFiles] = await Promise.all([
      vscode.workspace.findFiles("**/*.care", EXCLUDE),
      vscode.workspace.findFiles(FIXTURES_GLOB, EXCLUDE),
    ]);
    const policyFolders = new Set(careFiles.map((f) => path.dirname(f.fsPath)));
    const byPolicy = new Map<string, vscode.Uri[]>();
    for (const file of fixtureFiles) {
      const folder = policyFolderOfFixture(file.fsPath);
      if (folder === undefined || !policyFolders.has(folder) || !isDossier(file.fsPath)) continue;
      byPolicy.set(folder, [...(byPolicy.get(folder) ?? []), file]);
    }
    const policies: vscode.TestItem[] = [];
    for (const [folder, files] of [...byPolicy].sort(([a], [b]) => a.localeCompare(b))) {
      const folderUri = vscode.Uri.file(folder);
      const policy = this.controller.createTestItem(folderUri.toString(), vscode.workspace.asRelativePath(folderUri), folderUri);
      const sameName = new Map<string, number>();
      for (const f of files) sameName.set(fixtureName(f.fsPath), (sameName.get(fixtureName(f.fsPath)) ?? 0) + 1);
      const children = files
        .sort((a, b) => a.fsPath.localeCompare(b.fsPath))
        .map((f) => {
          const name = fixtureName(f.fsPath);
          const label = (sameName.get(name) ?? 0) > 1 ? path.basename(f.fsPath) : name;
          return this.controller.createTestItem(f.toString(), label, f);
        });
      policy.children.replace(children);
      policies.push(policy);
    }
    this.controller.items.replace(policies);
  }

  /** The item of a policy folder (or of any file in it), after discovery. */
  async policyItem(uri: vscode.Uri): Promise<vscode.TestItem | undefined> {
    if (this.controller.items.size === 0) await this.discover();
    let found: vscode.TestItem | undefined;
    const target = uri.fsPath;
    this.controller.items.forEach((item) => {
      const folder = item.uri?.fsPath;
      if (folder !== undefined && (target === folder || target.startsWith(folder + path.sep))) found = item;
    });
    return found;
  }

  /** Runs the fixtures of the policy of `uri` (all policies when undefined) and shows the Testing view. */
  async runPolicy(uri: vscode.Uri | undefined): Promise<void> {
    if (this.controller.items.size === 0) await this.discover();
    const item = uri !== undefined ? await this.policyItem(uri) : undefined;
    if (uri !== undefined && item === undefined) {
      void vscode.window.showWarningMessage("Cette politique n'a pas de dossiers de test (dossier `tests/` à côté de ses fichiers .care).");
      return;
    }
    await vscode.commands.executeCommand("workbench.view.testing.focus");
    const request = new vscode.TestRunRequest(item !== undefined ? [item] : undefined, undefined, this.runProfile);
    const cancel = new vscode.CancellationTokenSource();
    try {
      await this.run(request, cancel.token);
    } finally {
      cancel.dispose();
    }
  }

  /** The code lens's `care.showFixtures`: show the policy's fixtures in the Testing view. */
  async reveal(policy: vscode.Uri): Promise<void> {
    const item = await this.policyItem(policy);
    await vscode.commands.executeCommand("workbench.view.testing.focus");
    if (item !== undefined) await vscode.commands.executeCommand("vscode.revealTestInExplorer", item);
  }

  private async run(request: vscode.TestRunRequest, token: vscode.CancellationToken): Promise<void> {
    const run = this.controller.createTestRun(request);
    try {
      const selected = request.include ?? [...this.allPolicies()];
      const groups = new Map<vscode.TestItem, vscode.TestItem[] | "all">();
      for (const item of selected) {
        if (request.exclude?.includes(item) === true) continue;
        if (item.parent === undefined) groups.set(item, "all");
        else {
          const previous = groups.get(item.parent);
          if (previous !== "all") groups.set(item.parent, [...(previous ?? []), item]);
        }
      }
      for (const [policy, items] of groups) {
        if (token.isCancellationRequested) break;
        const wanted = items === "all" ? [...this.children(policy)] : items;
        for (const item of wanted) run.enqueued(item);
        for (const item of wanted) run.started(item);
        await this.runGroup(run, policy, wanted, items === "all");
      }
    } finally {
      run.end();
    }
  }

  private async runGroup(run: vscode.TestRun, policy: vscode.TestItem, wanted: vscode.TestItem[], all: boolean): Promise<void> {
    if (policy.uri === undefined) return;
    const params: RunFixturesParams = { policy: policy.uri.toString() };
    const only = wanted[0];
    if (!all && wanted.length === 1 && only?.uri !== undefined) params.filter = fixtureName(only.uri.fsPath);
    const started = Date.now();
    let raw: unknown;
    try {
      raw = await this.server.executeCommand(RUN_FIXTURES_COMMAND, [params]);
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      for (const item of wanted) run.errored(item, new vscode.TestMessage(`le serveur care n'a pas exécuté les dossiers de test : ${text}`));
      return;
    }
    if (raw === undefined) {
      for (const item of wanted) run.skipped(item);
      return;
    }
    let result;
    try {
      result = parseRunFixturesResult(raw);
    } catch (error) {
      for (const item of wanted) run.errored(item, new vscode.TestMessage(error instanceof Error ? error.message : String(error)));
      return;
    }
    // The server times the run, not each fixture: the output says how long it took.
    const duration = Date.now() - started;
    const wantedIds = new Set(wanted.map((i) => i.id));
    const reported = result.fixtures.filter((f) => wantedIds.has(vscode.Uri.parse(f.uri).toString()) || all);
    for (const fixture of reported) {
      const uri = vscode.Uri.parse(fixture.uri);
      let item = policy.children.get(uri.toString());
      if (item === undefined) {
        // A fixture the server knows and the discovery did not see (just created): add it.
        item = this.controller.createTestItem(uri.toString(), fixture.name, uri);
        policy.children.add(item);
        run.started(item);
      }
      run.appendOutput(`${outputLine(fixture)}\r\n`, undefined, item);
      if (fixture.status === "passed") run.passed(item);
      else if (fixture.status === "failed") {
        const expectedText = fixture.expectedUri !== null ? await readText(vscode.Uri.parse(fixture.expectedUri)) : undefined;
        run.failed(
          item,
          failureViews(fixture).map((f, i) => {
            const message = f.expected === "" && f.actual === "" ? new vscode.TestMessage(f.message) : vscode.TestMessage.diff(f.message, f.expected, f.actual);
            if (fixture.expectedUri !== null) {
              // At the key of the expected file that the difference is about.
              const line = expectedText !== undefined ? expectedKeyLine(expectedText, fixture.failures[i]?.what ?? "") : 0;
              message.location = new vscode.Location(vscode.Uri.parse(fixture.expectedUri), new vscode.Position(line, 0));
            }
            return message;
          }),
        );
      } else run.errored(item, new vscode.TestMessage(fixture.message ?? "le cas n'a pas pu être exécuté"));
    }
    const seen = new Set(reported.map((f) => vscode.Uri.parse(f.uri).toString()));
    for (const item of wanted) {
      if (!seen.has(item.id)) run.errored(item, new vscode.TestMessage("le serveur care n'a pas rendu de résultat pour ce dossier"));
    }
    run.appendOutput(`${summaryLine(reported)}\r\n`);
    run.appendOutput(`(${duration} ms)\r\n`);
  }

  private *allPolicies(): Iterable<vscode.TestItem> {
    const items: vscode.TestItem[] = [];
    this.controller.items.forEach((i) => items.push(i));
    yield* items;
  }

  private *children(policy: vscode.TestItem): Iterable<vscode.TestItem> {
    const items: vscode.TestItem[] = [];
    policy.children.forEach((i) => items.push(i));
    yield* items;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.controller.dispose();
  }
}
