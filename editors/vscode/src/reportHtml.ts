// The page of a dossier's report: the French markdown of `care.evaluate`, rendered by VS Code's
// own markdown renderer, in a webview without scripts. Pure, for the unit tests.

export function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

export interface ReportPage {
  title: string;
  /** The report as HTML (VS Code's markdown renderer), or undefined to show the markdown as text. */
  bodyHtml: string | undefined;
  markdown: string;
  ok: boolean;
  /** The webview's `cspSource`, allowed for styles and images. */
  cspSource: string;
  /** A line under the title: the policy, the version, the dossier. */
  subtitle: string;
}

const STYLE = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground);
  background: var(--vscode-editor-background); line-height: 1.5; padding: 0 1.5em 2em; max-width: 60em; }
h1 { font-size: 1.6em; border-bottom: 1px solid var(--vscode-panel-border); padding-bottom: .3em; }
h2 { font-size: 1.3em; margin-top: 1.4em; }
table { border-collapse: collapse; margin: .6em 0; }
th, td { border: 1px solid var(--vscode-panel-border); padding: .25em .6em; text-align: left; vertical-align: top; }
th { background: var(--vscode-editorWidget-background); }
code { font-family: var(--vscode-editor-font-family); background: var(--vscode-textCodeBlock-background); padding: 0 .2em; border-radius: 3px; }
blockquote { border-left: 3px solid var(--vscode-textBlockQuote-border); margin: .5em 0; padding: 0 1em; color: var(--vscode-descriptionForeground); }
.subtitle { color: var(--vscode-descriptionForeground); margin-top: -.6em; }
.error { border-left: 4px solid var(--vscode-errorForeground); padding-left: 1em; }
pre { white-space: pre-wrap; font-family: var(--vscode-editor-font-family); }
`;

export function reportHtml(page: ReportPage): string {
  const csp = [
    "default-src 'none'",
    `style-src ${page.cspSource} 'unsafe-inline'`,
    `img-src ${page.cspSource} data:`,
  ].join("; ");
  const body = page.bodyHtml ?? `<pre>${escapeHtml(page.markdown)}</pre>`;
  return `<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp.replaceAll("\"", "")}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<p class="subtitle">${escapeHtml(page.subtitle)}</p>
<main class="care-report${page.ok ? "" : " error"}">
${body}
</main>
</body>
</html>
`;
}
