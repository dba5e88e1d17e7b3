import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { escapeHtml, reportHtml } from "../../src/reportHtml.ts";

describe("the report page", () => {
  const page = {
    title: "Rapport — ESSMS-2026-0001",
    bodyHtml: "<h1>Rapport</h1><p>Subvention : 9 400,00 €</p>",
    markdown: "# Rapport",
    ok: true,
    cspSource: "vscode-webview://abc",
    subtitle: "version 2026-04-15 · p1.json",
  };

  it("holds the rendered report, in French, under a strict content policy without scripts", () => {
    const html = reportHtml(page);
    assert.match(html, /<html lang="fr">/);
    assert.match(html, /<h1>Rapport<\/h1><p>Subvention : 9 400,00 €<\/p>/);
    assert.match(html, /default-src 'none'; style-src vscode-webview:\/\/abc 'unsafe-inline'; img-src vscode-webview:\/\/abc data:/);
    assert.doesNotMatch(html, /script-src/);
    assert.match(html, /version 2026-04-15 · p1.json/);
  });

  it("escapes the title, the subtitle and a report shown as text", () => {
    const html = reportHtml({ ...page, title: "<b>x</b>", subtitle: "a & b", bodyHtml: undefined, markdown: "<script>alert(1)</script>" });
    assert.match(html, /<title>&lt;b&gt;x&lt;\/b&gt;<\/title>/);
    assert.match(html, /a &amp; b/);
    assert.match(html, /<pre>&lt;script&gt;alert\(1\)&lt;\/script&gt;<\/pre>/);
    assert.doesNotMatch(html, /<script>/);
  });

  it("marks a refusal", () => {
    assert.match(reportHtml({ ...page, ok: false }), /class="care-report error"/);
    assert.equal(escapeHtml(`"'`), "&quot;&#39;");
  });
});
