// The panel's HTML shell: a strict Content-Security-Policy (nothing by default, the one script only with
// its nonce, styles/fonts/images only from the extension), no inline script, no remote content.

export interface PanelHtmlInput {
  /** webview.cspSource */
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
  /** KaTeX's stylesheet (docstring math). */
  mathStyleUri?: string;
}

export function panelCsp(cspSource: string, nonce: string): string {
  // The toolkit's web components adopt constructed stylesheets: style-src needs 'unsafe-inline' (styles only).
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src ${cspSource} 'unsafe-inline'`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}

const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export function panelHtml(input: PanelHtmlInput): string {
  const csp = panelCsp(input.cspSource, input.nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${input.mathStyleUri ? `<link href="${attr(input.mathStyleUri)}" rel="stylesheet">
` : ''}<link href="${attr(input.styleUri)}" rel="stylesheet">
<title>LeanScout</title>
</head>
<body>
<div id="app" data-testid="panel-root"><p data-testid="panel-state" data-state="loading">Loading LeanScout…</p></div>
<script nonce="${attr(input.nonce)}" src="${attr(input.scriptUri)}"></script>
</body>
</html>`;
}
