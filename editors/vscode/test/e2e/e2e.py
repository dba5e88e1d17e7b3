"""End-to-end test of the extension in a real VS Code (code-server), driven by Playwright.

Installs a freshly built .vsix into a fresh code-server, opens a copy of policies/essms-poc/ and
checks what a policy author sees, saving a screenshot of each step in --out.

Scenarios:
  no-server     the generic .vsix and no `care` anywhere: colours, and the French message that
                says how to install the server
  server-fails  a .vsix whose bundled `care` has no `lsp` command: the bundled binary is the one
                started, and its failure is reported in French
  full          the platform .vsix with a `care` that serves `care lsp`: the error of a garbage line
                in the Problems panel at that line, gone once the line is removed; the hover of
                POC.P3.O4.E with its label; the outline with tracks, themes and objectives; the
                command that evaluates a dossier, showing the French report

Run by scripts/ci.sh, which installs code-server, Chromium and Playwright first.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import Page, TimeoutError as PlaywrightTimeout, sync_playwright

POLICY = "essms-poc"
BROKEN_FILE = "2026-04-15.care"
GARBAGE = "ceci n'est pas une déclaration"
HOVER_CODE = "POC.P3.O4.E"
HOVER_LABEL = "Mettre en place un système de sauvegarde intègre et immuable"
DOSSIER = "p1-groupe-hybride"
# A fixture whose expected file the test makes wrong, to see the failure in the Testing view.
WRONG_FIXTURE = "p1-single-site"

STEP_TIMEOUT_MS = 60_000


class Failure(Exception):
    pass


def log(message: str) -> None:
    print(f"e2e: {message}", flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class CodeServer:
    """A code-server of its own: user data, extensions and workspace in a temporary folder."""

    def __init__(self, args: argparse.Namespace, vsix: Path, env_path: str, tmp: Path):
        self.args = args
        self.tmp = tmp
        self.user_data = tmp / "user-data"
        self.extensions = tmp / "extensions"
        self.workspace = tmp / "workspace"
        self.port = free_port()
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("VSCODE_")}
        self.env["PATH"] = env_path
        self.env["HOME"] = str(tmp / "home")
        (tmp / "home").mkdir()
        settings = {
            "security.workspace.trust.enabled": False,
            "workbench.startupEditor": "none",
            "workbench.tips.enabled": False,
            "workbench.colorTheme": "Default Dark Modern",
            "workbench.secondarySideBar.defaultVisibility": "hidden",
            "chat.disableAIFeatures": True,
            "extensions.autoCheckUpdates": False,
            "extensions.autoUpdate": False,
            "telemetry.telemetryLevel": "off",
            "update.mode": "none",
            "outline.collapseItems": "alwaysExpand",
            "editor.minimap.enabled": False,
            "editor.fontSize": 14,
            "editor.hover.delay": 200,
            "files.autoSave": "off",
            "testing.automaticallyOpenPeekView": "failureAnywhere",
            "workbench.list.defaultFindMode": "filter",
        }
        (self.user_data / "User").mkdir(parents=True)
        (self.user_data / "User" / "settings.json").write_text(json.dumps(settings, indent=2))
        self.install(vsix)
        self.process: subprocess.Popen[bytes] | None = None

    def command(self, *extra: str) -> list[str]:
        return [
            self.args.node,
            self.args.code_server,
            "--user-data-dir",
            str(self.user_data),
            "--extensions-dir",
            str(self.extensions),
            *extra,
        ]

    def install(self, vsix: Path) -> None:
        log(f"install {vsix.name}")
        run = subprocess.run(self.command("--install-extension", str(vsix)), env=self.env, capture_output=True, text=True, timeout=120)
        if run.returncode != 0 or "successfully installed" not in run.stdout:
            raise Failure(f"installing {vsix} failed:\n{run.stdout}\n{run.stderr}")

    def start(self) -> str:
        log_file = open(self.tmp / "code-server.log", "wb")
        self.process = subprocess.Popen(
            self.command(
                "--auth", "none",
                "--bind-addr", f"127.0.0.1:{self.port}",
                "--disable-telemetry",
                "--disable-update-check",
                "--disable-workspace-trust",
                "--disable-getting-started-override",
                str(self.workspace),
            ),
            env=self.env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{self.port}/"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise Failure(f"code-server exited with {self.process.returncode}:\n{(self.tmp / 'code-server.log').read_text(errors='replace')}")
            try:
                with urllib.request.urlopen(url + "healthz", timeout=2):
                    return f"{url}?folder={self.workspace}"
            except OSError:
                time.sleep(0.3)
        raise Failure("code-server did not answer within 60 s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def extension_dir(self) -> Path:
        found = [p for p in self.extensions.iterdir() if p.is_dir() and p.name.startswith("care.care-vscode")]
        if len(found) != 1:
            raise Failure(f"expected one installed care extension, found {[p.name for p in self.extensions.iterdir()]}")
        return found[0]


class Workbench:
    """What a person does in VS Code, and what they see."""

    def __init__(self, page: Page, out: Path, scenario: str):
        self.page = page
        self.out = out
        self.scenario = scenario

    def shot(self, name: str) -> None:
        path = self.out / f"{self.scenario}-{name}.png"
        self.page.screenshot(path=str(path))
        log(f"screenshot {path.name}")

    def wait_for(self, predicate_js: str, what: str, timeout_ms: int = STEP_TIMEOUT_MS, arg: object = None) -> object:
        try:
            return self.page.wait_for_function(predicate_js, arg=arg, timeout=timeout_ms, polling=250).json_value()
        except PlaywrightTimeout as e:
            raise Failure(f"timed out waiting for {what}") from e

    def open_file(self, name: str) -> None:
        self.page.keyboard.press("Control+P")
        self.page.wait_for_selector(".quick-input-widget:not([style*='display: none']) input", timeout=STEP_TIMEOUT_MS)
        self.page.keyboard.type(name, delay=20)
        # Enter picks the focused row: wait until it is the file, not a row of before the filter.
        self.wait_for(
            "n => { const r = document.querySelector('.quick-input-list .monaco-list-row.focused'); return r !== null && r.textContent.includes(n); }",
            f"{name} in quick open",
            arg=name,
        )
        self.page.keyboard.press("Enter")
        self.wait_for(
            "n => { const t = document.querySelector('.tabs-container .tab.active'); return t !== null && t.textContent.includes(n); }",
            f"{name} open in the editor",
            arg=name,
        )
        self.page.wait_for_timeout(500)

    def run_command(self, title: str) -> None:
        self.page.keyboard.press("F1")
        self.page.wait_for_selector(".quick-input-widget:not([style*='display: none']) input", timeout=STEP_TIMEOUT_MS)
        self.page.keyboard.type(title, delay=15)
        self.wait_for(
            "t => { const r = document.querySelector('.quick-input-list .monaco-list-row.focused'); return r !== null && r.textContent.toLowerCase().includes(t.toLowerCase()); }",
            f"command {title!r} in the palette",
            arg=title,
        )
        self.page.keyboard.press("Enter")

    def go_to_line(self, line: int) -> None:
        self.page.keyboard.press("Control+G")
        self.page.wait_for_selector(".quick-input-widget:not([style*='display: none']) input", timeout=STEP_TIMEOUT_MS)
        self.page.keyboard.type(str(line))
        self.page.keyboard.press("Enter")
        self.page.wait_for_timeout(300)

    def token_colours(self, lines: int) -> dict[str, str]:
        """The colour of each token of the first visible lines: text → CSS colour."""
        return self.page.evaluate(
            """n => {
                const rows = [...document.querySelectorAll('.editor-instance .view-lines .view-line')]
                  .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top)).slice(0, n);
                const out = {};
                for (const row of rows) for (const span of row.querySelectorAll('span > span')) {
                  const text = span.textContent.replace(/\u00a0/g, ' ').trim();
                  if (text !== '' && !(text in out)) out[text] = getComputedStyle(span).color;
                }
                return out;
            }""",
            lines,
        )

    def focus_outline_filter(self, attempts: int = 3) -> None:
        """Focuses the outline's filter box (Ctrl+Alt+F in the focused outline)."""
        focused = """() => { const a = document.activeElement;
            const pane = [...document.querySelectorAll('.pane')].find(p => {
                const h = p.querySelector('.pane-header'); return h && h.textContent.trim().toLowerCase().startsWith('outline'); });
            return !!(a && pane && pane.contains(a) && (a.tagName === 'INPUT' || a.tagName === 'TEXTAREA')); }"""
        for attempt in range(attempts):
            self.run_command("Focus on Outline View")
            self.page.wait_for_timeout(500)
            self.page.keyboard.press("Control+Alt+F")
            try:
                self.wait_for(focused, "the outline's filter box focused", timeout_ms=5_000)
                return
            except Failure:
                if attempt == attempts - 1:
                    raise
                self.page.keyboard.press("Escape")

    def expect_clean_tab(self, name: str) -> None:
        """Fails if the tab of `name` has unsaved changes: keystrokes meant elsewhere went there."""
        dirty = self.page.evaluate(
            "n => [...document.querySelectorAll('.tabs-container .tab')].some(t => t.textContent.includes(n) && t.classList.contains('dirty'))",
            name,
        )
        if dirty:
            raise Failure(f"{name} was edited by keystrokes meant for another view")

    def notifications(self) -> str:
        return self.page.evaluate(
            "() => [...document.querySelectorAll('.notifications-toasts .notification-toast, .notifications-center .notification-list-item')].map(n => n.innerText).join('\\n')"
        )

    def wait_notification(self, pattern: str, what: str) -> str:
        return str(
            self.wait_for(
                """p => { const re = new RegExp(p);
                    const t = [...document.querySelectorAll('.notifications-toasts .notification-toast')].map(n => n.innerText).join('\\n');
                    return re.test(t) ? t : false; }""",
                what,
                arg=pattern,
            )
        )

    def status_bar(self) -> str:
        return self.page.evaluate("() => [...document.querySelectorAll('.statusbar-item')].map(i => i.getAttribute('aria-label') || i.textContent).join(' | ')")


# --- the steps ----------------------------------------------------------------------------------


def step_colours(wb: Workbench) -> None:
    """The grammar colours a policy: keywords, names, strings, dates, comments differ."""
    wb.open_file("2026-03-31.care")
    wb.wait_for(
        "() => document.querySelectorAll('.editor-instance .view-lines .view-line span > span[class*=mtk]').length > 20",
        "the policy's tokens",
    )
    wb.page.wait_for_timeout(800)
    colours = wb.token_colours(20)
    wanted = {
        "keyword `policy`": "policy",
        "policy id": "essms-poc",
        "comment": "//",
        "keyword `version`": "version",
        "date": "2026-03-31",
        "keyword `source`": "source",
        "document name": "CDC",
        "section": "§2",
    }
    # Monaco merges neighbouring tokens of one colour into one span: a comment is one span.
    for text in list(colours):
        if text.startswith("//"):
            colours.setdefault("//", colours[text])
    # Once the server's semantic tokens arrive, `§2` may be drawn as `§` and the number `2`.
    if "§2" not in colours and "2" in colours:
        colours["§2"] = colours["2"]
    missing = [w for w, t in wanted.items() if t not in colours]
    if missing:
        raise Failure(f"tokens not found in the first lines: {missing}; saw {sorted(colours)[:60]}")
    distinct = {colours[t] for t in wanted.values()}
    log(f"colours: {', '.join(f'{w}={colours[t]}' for w, t in wanted.items())}")
    plain = wb.page.evaluate("() => getComputedStyle(document.querySelector('.editor-instance .view-lines')).color")
    uncoloured = [w for w, t in wanted.items() if colours[t] == plain]
    if uncoloured:
        raise Failure(f"left in the plain text colour {plain}: {uncoloured}")
    if len(distinct) < 4:
        raise Failure(f"the policy is barely coloured: {len(distinct)} distinct colours for {list(wanted)}")
    if colours["policy"] == colours["essms-poc"] or colours["//"] == colours["policy"] or colours["2026-03-31"] == colours["version"]:
        raise Failure(f"keywords, names, comments and dates should differ: {colours}")
    language = wb.status_bar()
    if "care" not in language:
        raise Failure(f"the status bar does not show the care language: {language}")


def step_testing_view(wb: Workbench) -> list[dict[str, object]]:
    """The Testing view lists the policy and its fixture dossiers (found by the extension itself)."""
    wb.run_command("Testing: Focus on Test Explorer View")
    wb.wait_for(
        "p => [...document.querySelectorAll('.test-explorer .monaco-list-row')].some(r => r.textContent.includes(p))",
        "the policy in the Testing view",
        arg=POLICY,
    )
    row = wb.page.locator(".test-explorer .monaco-list-row", has_text=POLICY).first
    if row.get_attribute("aria-expanded") != "true":
        row.click()
        wb.page.keyboard.press("ArrowRight")
    rows = wb.wait_for(
        """() => { const rows = [...document.querySelectorAll('.test-explorer .monaco-list-row')]
              .map(r => ({level: Number(r.getAttribute('aria-level')), text: r.textContent}));
            return rows.some(r => r.text.includes('aucun-site')) ? rows : false; }""",
        "the fixtures under the policy in the Testing view",
    )
    assert isinstance(rows, list)
    return rows


def scenario_no_server(wb: Workbench) -> None:
    step_colours(wb)
    text = wb.wait_notification("Le serveur de langage care est introuvable", "the French message that no server was found")
    for needed in ["cargo install --locked --path crates/care-cli", "care.server.path", "version de l'extension pour votre plateforme"]:
        if needed not in text:
            raise Failure(f"the message does not say {needed!r}: {text}")
    wb.wait_for("() => [...document.querySelectorAll('.statusbar-item')].some(i => (i.getAttribute('aria-label') || '').includes('care') && i.querySelector('.codicon-warning'))", "the status bar warning")
    wb.shot("sans-serveur")
    rows = step_testing_view(wb)
    policy = next(r for r in rows if POLICY in str(r["text"]))
    fixture = next(r for r in rows if "aucun-site" in str(r["text"]))
    if not int(str(fixture["level"])) > int(str(policy["level"])):
        raise Failure(f"the fixtures are not under their policy: {rows[:5]}")
    wb.shot("vue-tests")


def scenario_server_fails(wb: Workbench, extension_dir: Path) -> None:
    step_colours(wb)
    text = wb.wait_notification("Le serveur care n'a pas démarré", "the French message that the server did not start")
    bundled = str(extension_dir / "server" / "care")
    if bundled not in text:
        raise Failure(f"the bundled binary {bundled} is not the one started: {text}")
    wb.shot("serveur-en-echec")


def scenario_full(wb: Workbench, workspace: Path, garbage_line: int, report: dict[str, object]) -> None:
    step_colours(wb)
    wb.wait_for(
        "() => [...document.querySelectorAll('.statusbar-item')].some(i => /essms-poc 2026-03-31/.test(i.textContent) && i.querySelector('.codicon-check'))",
        "the status bar: policy essms-poc, version 2026-03-31, server running",
    )
    wb.shot("1-couleurs")

    # The Problems panel shows the error of the garbage line, at that line.
    wb.open_file(BROKEN_FILE)
    wb.page.keyboard.press("Control+Shift+M")
    problems = str(
        wb.wait_for(
            """l => { const p = document.querySelector('.markers-panel'); if (!p) return false;
                const rows = [...p.querySelectorAll('.monaco-list-row')].map(r => (r.getAttribute('aria-label') || '') + ' ' + r.textContent);
                const hit = rows.find(r => /E0001/.test(r) && new RegExp('Ln ' + l + '\\\\b|\\\\[' + l + ',|ligne ' + l).test(r));
                return hit || false; }""",
            f"the E0001 error at line {garbage_line} in the Problems panel",
            arg=garbage_line,
        )
    )
    log(f"problem: {problems.strip()}")
    wb.wait_for("() => document.querySelector('.editor-instance .squiggly-error') !== null", "the error underlined in the editor")
    wb.shot("2-erreur")

    # Removing the line clears it (the buffer is not saved: the server reads what is typed).
    wb.page.click(".editor-instance .view-lines")
    wb.go_to_line(garbage_line)
    wb.page.keyboard.press("Control+Shift+K")
    wb.wait_for(
        """() => { const p = document.querySelector('.markers-panel'); if (!p) return false;
            return ![...p.querySelectorAll('.monaco-list-row')].some(r => /E0001/.test((r.getAttribute('aria-label') || '') + r.textContent)); }""",
        "the error gone from the Problems panel",
    )
    line_text = (workspace / POLICY / BROKEN_FILE).read_text().splitlines()[garbage_line - 1]
    if line_text.strip() != GARBAGE:
        raise Failure("the garbage line moved in the copy")
    wb.shot("3-corrige")

    # Hover over an objective code shows its label (the Problems panel closed: more to see).
    wb.run_command("View: Hide Panel")
    wb.open_file("2026-03-31.care")
    source = (workspace / POLICY / "2026-03-31.care").read_text().splitlines()
    decl = next(i for i, l in enumerate(source, 1) if f"objective {HOVER_CODE} " in l)
    wb.go_to_line(decl)
    wb.page.keyboard.press("Escape")
    box = wb.page.evaluate(
        """c => { const s = [...document.querySelectorAll('.editor-instance .view-lines span > span')].find(e => e.textContent === c);
            if (!s) return null; const r = s.getBoundingClientRect(); return {x: r.x + r.width / 2, y: r.y + r.height / 2}; }""",
        HOVER_CODE,
    )
    if box is None:
        raise Failure(f"{HOVER_CODE} is not on screen after going to line {decl}")
    # The mouse comes to rest on the code again when no hover came: on a loaded machine the
    # editor may still be laying out when the mouse first arrives, and shows nothing.
    hover = None
    for attempt in range(1, 5):
        wb.page.mouse.move(box["x"] - 30, box["y"] + 40)
        wb.page.mouse.move(box["x"], box["y"], steps=5)
        try:
            hover = str(
                wb.wait_for(
                    "l => { const h = [...document.querySelectorAll('.monaco-hover')].map(e => e.textContent).join(' '); return h.includes(l) ? h : false; }",
                    f"the hover of {HOVER_CODE} with its label",
                    timeout_ms=STEP_TIMEOUT_MS // 4,
                    arg=HOVER_LABEL,
                )
            )
            break
        except Failure:
            if attempt == 4:
                raise
            log(f"hover: none after attempt {attempt}, the mouse comes again")
    log(f"hover: {hover[:200]}")
    wb.shot("4-survol")

    # The outline lists the tracks, their themes and their objectives: filtered on one objective
    # code, it shows the objective under its theme, under its track, under the policy.
    wb.page.mouse.move(5, 500)
    wb.run_command("Focus on Outline View")
    wb.page.evaluate(
        """() => { for (const h of document.querySelectorAll('.pane-header')) {
              if (h.textContent.trim().toLowerCase().startsWith('workspace') && h.getAttribute('aria-expanded') === 'true') h.click(); } }"""
    )
    # Type only once the outline's filter box has the focus: on a slow machine the keystrokes
    # otherwise land in the editor, and the policy is broken for the steps after.
    wb.focus_outline_filter()
    wb.page.keyboard.type("POC.P1.O1.1", delay=20)
    rows = wb.wait_for(
        """() => { const pane = [...document.querySelectorAll('.pane')].find(p => {
                const h = p.querySelector('.pane-header'); return h && h.textContent.trim().toLowerCase().startsWith('outline'); });
            if (!pane) return false;
            const rows = [...pane.querySelectorAll('.monaco-list-row')].map(r => ({level: Number(r.getAttribute('aria-level')), text: r.textContent}));
            return rows.some(r => r.text.includes('POC.P1.O1.1')) && rows.some(r => r.text.includes('collaboration'))
                && !rows.some(r => r.text.includes('POC.P2.')) ? rows : false; }""",
        "the outline, filtered on POC.P1.O1.1",
    )
    wb.expect_clean_tab("2026-03-31.care")
    assert isinstance(rows, list)
    log(f"outline: {[(r['level'], r['text'][:30]) for r in rows]}")
    track = next((r for r in rows if str(r["text"]).startswith("P1") and "Parcours 1" in str(r["text"])), None)
    theme = next((r for r in rows if "collaboration" in r["text"]), None)
    objective = next((r for r in rows if "POC.P1.O1.1" in r["text"]), None)
    if track is None or theme is None or objective is None:
        raise Failure(f"the outline lacks a track, theme or objective: {[r['text'][:40] for r in rows]}")
    if not (track["level"] < theme["level"] < objective["level"]):
        raise Failure(f"the outline is not track → theme → objective: {track}, {theme}, {objective}")
    wb.shot("5-plan")

    # The command that evaluates a dossier shows the French report beside the policy.
    wb.open_file("2026-04-15.care")
    wb.run_command("care: Evaluate a dossier")
    wb.wait_for(
        "() => document.querySelectorAll('.quick-input-list .monaco-list-row').length > 5",
        "the list of dossiers",
    )
    wb.page.keyboard.type(DOSSIER, delay=15)
    wb.page.wait_for_timeout(400)
    wb.page.keyboard.press("Enter")
    deadline = time.monotonic() + 60
    text = ""
    while time.monotonic() < deadline:
        for frame in wb.page.frames:
            try:
                if frame.query_selector("main.care-report") is not None:
                    text = frame.inner_text("main.care-report")
            except Exception:
                continue
        if text:
            break
        time.sleep(0.5)
    if not text:
        raise Failure("the report is not in a webview")
    for needed in report["lines"]:  # type: ignore[union-attr]
        if needed not in text:
            raise Failure(f"the report does not show {needed!r}:\n{text[:1500]}")
    if text.lstrip().startswith("{"):
        raise Failure("the report is raw JSON")
    tabs = wb.page.evaluate("() => [...document.querySelectorAll('.tabs-container .tab')].map(t => t.textContent.trim())")
    log(f"tabs: {tabs}")
    wb.shot("6-rapport")

    # The fixtures in the Testing view: every one passes but the one made wrong, whose failure
    # shows the expected and the actual value.
    step_testing_view(wb)
    wb.open_file("2026-03-31.care")
    wb.run_command("care: Run the policy's fixture dossiers")
    peek = str(
        wb.wait_for(
            """w => { const p = document.querySelector('.test-output-peek');
                return p !== null && p.textContent.includes(w) ? p.textContent : false; }""",
            "the failure of the wrong fixture, in the peek view",
            arg=WRONG_FIXTURE,
        )
    )
    expected_text, actual_text = report["wrong_expected"], report["wrong_actual"]
    if expected_text not in peek or actual_text not in peek:
        raise Failure(f"the failure does not show expected {expected_text} and actual {actual_text}: {peek[:800]}")
    states = wb.page.evaluate(
        "() => [...document.querySelectorAll('.test-explorer .monaco-list-row')].map(r => r.getAttribute('aria-label') || r.textContent)"
    )
    log(f"testing view: {states[:6]}")
    wb.shot("7-tests")


def expected_report(care: str, policies: Path) -> dict[str, object]:
    """What the report must show: the title and results of `care eval --format markdown` on the
    policy as committed (the copy in the workspace has the garbage line on disk)."""
    run = subprocess.run(
        [care, "eval", "--policy", str(policies / POLICY), "--dossier", str(policies / POLICY / "tests" / f"{DOSSIER}.json"), "--format", "markdown"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    if run.returncode != 0:
        raise Failure(f"care eval failed: {run.stderr}")
    markdown = run.stdout
    title = next(l[2:] for l in markdown.splitlines() if l.startswith("# "))
    strip = lambda s: re.sub(r"[`*]", "", s).strip()
    results = [strip(l[2:]) for l in markdown.split("## Résultats", 1)[1].split("\n## ", 1)[0].splitlines() if l.startswith("- ")]
    if not any("€" in r for r in results):
        raise Failure(f"unexpected markdown report:\n{markdown[:800]}")
    return {"lines": [title, *results]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("scenario", choices=["no-server", "server-fails", "full"])
    parser.add_argument("--vsix", required=True, type=Path)
    parser.add_argument("--repo", required=True, type=Path, help="the repository's root (policies/ is copied from it)")
    parser.add_argument("--node", required=True, help="Node 24, which code-server runs on")
    parser.add_argument("--code-server", required=True, help="code-server's out/node/entry.js")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--care", help="a care binary, to compute the expected report (full)")
    parser.add_argument("--out", required=True, type=Path, help="where the screenshots go")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    tmp = Path(tempfile.mkdtemp(prefix=f"care-e2e-{args.scenario}-"))
    # PATH without any `care`: the server must come from the extension.
    env_path = os.pathsep.join(p for p in os.environ.get("PATH", "").split(os.pathsep) if p and not (Path(p) / "care").exists())
    server = CodeServer(args, args.vsix.resolve(), env_path, tmp)
    policy_copy = server.workspace / POLICY
    shutil.copytree(args.repo / "policies" / POLICY, policy_copy)
    lines = (policy_copy / BROKEN_FILE).read_text().splitlines(keepends=True)
    garbage_line = next(i for i, l in enumerate(lines) if l.startswith("amend objective")) + 1
    lines.insert(garbage_line - 1, GARBAGE + "\n\n")
    (policy_copy / BROKEN_FILE).write_text("".join(lines))

    report: dict[str, object] = {}
    if args.scenario == "full":
        report = expected_report(args.care, args.repo / "policies")
        expected_file = policy_copy / "tests" / f"{WRONG_FIXTURE}.expected.json"
        expected = json.loads(expected_file.read_text())
        right = expected["grant"]
        wrong = f"{float(right) + 0.01:.2f}"
        expected["grant"] = wrong
        expected_file.write_text(json.dumps(expected, indent=2, ensure_ascii=False) + "\n")
        report["wrong_expected"], report["wrong_actual"] = wrong, right
    started = time.monotonic()
    try:
        url = server.start()
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=args.chromium, args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page(viewport={"width": 1500, "height": 900}, locale="fr-FR")
            page.set_default_timeout(STEP_TIMEOUT_MS)
            page.goto(url)
            page.wait_for_selector(".monaco-workbench", timeout=STEP_TIMEOUT_MS)
            wb = Workbench(page, args.out, args.scenario)
            try:
                if args.scenario == "no-server":
                    scenario_no_server(wb)
                elif args.scenario == "server-fails":
                    scenario_server_fails(wb, server.extension_dir())
                else:
                    scenario_full(wb, server.workspace, garbage_line, report)
            except Exception:
                page.screenshot(path=str(args.out / f"{args.scenario}-failure.png"))
                log(f"notifications: {wb.notifications()}")
                log(f"status bar: {wb.status_bar()}")
                raise
            finally:
                browser.close()
    except Failure as e:
        log(f"FAILED ({args.scenario}): {e}")
        log(f"code-server log: {tmp / 'code-server.log'}")
        return 1
    finally:
        server.stop()
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    log(f"{args.scenario}: passed in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
