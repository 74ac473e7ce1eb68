import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isWebviewToExtension, isExtensionToWebview, goalKey } from '../../src/shared/protocol';
import { panelHtml } from '../../src/shared/panelHtml';

test('webview messages: valid ones pass', () => {
  const ok: unknown[] = [
    { type: 'ready' },
    { type: 'search', requestId: 3, query: 'continuous add', filters: {} },
    { type: 'search', requestId: 4, query: 'x', filters: { kinds: ['theorem', 'def'], modulePrefix: 'Mathlib.Topology', namespacePrefix: 'Finset' } },
    { type: 'insert', action: 'rw', name: 'Nat.add_comm' },
    { type: 'goToDefinition', decl: { name: 'Nat.add_comm', module: 'Init.Data.Nat', file: 'src/Init/Nat.lean', line: 12 } },
    { type: 'copy', text: 'Nat.add_comm' },
    { type: 'addImport', module: 'Mathlib.Topology.Basic' },
    { type: 'informalize', name: 'Continuous.add' },
    { type: 'suggestTactics' },
    { type: 'insertTactic', tactic: 'exact hf.add hg' },
    { type: 'rebuildIndex' },
    { type: 'showLog' },
    { type: 'rendered', goalKey: 'file:///a.lean@3:1:2' },
  ];
  for (const m of ok) assert.equal(isWebviewToExtension(m), true, JSON.stringify(m));
});

test('webview messages: malformed ones are rejected', () => {
  const bad: unknown[] = [
    null, undefined, 42, 'ready', [], {}, { type: 'nope' },
    { type: 'search', requestId: '1', query: 'x', filters: {} },
    { type: 'search', requestId: 1, query: 'x' },
    { type: 'search', requestId: 1, query: 'x', filters: { kinds: ['lemma'] } },
    { type: 'search', requestId: 1.5, query: 'x', filters: {} },
    { type: 'insert', action: 'eval', name: 'x' },
    { type: 'insert', action: 'exact', name: '   ' },
    { type: 'insert', action: 'exact' },
    { type: 'goToDefinition', decl: { name: 'x', module: 'M', file: 'a.lean', line: 0 } },
    { type: 'goToDefinition', decl: { name: 'x', module: 'M', line: 3 } },
    { type: 'addImport', module: 'Mathlib.A\nimport Evil' },
    { type: 'addImport', module: '' },
    { type: 'copy', text: 5 },
    { type: 'insertTactic', tactic: '' },
    { type: 'search', requestId: 1, query: 'x'.repeat(20_000), filters: {} },
  ];
  for (const m of bad) assert.equal(isWebviewToExtension(m), false, JSON.stringify(m)?.slice(0, 80));
});

test('extension messages: shapes the panel accepts and rejects', () => {
  assert.equal(isExtensionToWebview({ type: 'goal', goal: { state: 'goals', goals: ['⊢ True'] } }), true);
  assert.equal(isExtensionToWebview({ type: 'premises', goalKey: 'k', hits: [], ms: 1 }), true);
  assert.equal(isExtensionToWebview({ type: 'tactics', state: 'done', candidates: [] }), true);
  assert.equal(isExtensionToWebview({ type: 'informal', name: 'a', text: 'b', done: false, origin: 'model' }), true);
  assert.equal(isExtensionToWebview({ type: 'goal', goal: { state: 'goals' } }), false);
  assert.equal(isExtensionToWebview({ type: 'premises', hits: [] }), false);
  assert.equal(isExtensionToWebview({ type: 'html', html: '<img src=x onerror=alert(1)>' }), false);
  assert.equal(isExtensionToWebview(null), false);
});

test('goalKey identifies document, version and position', () => {
  const a = goalKey('file:///p/A.lean', 3, { line: 4, character: 2 });
  assert.equal(a, 'file:///p/A.lean@3:4:2');
  assert.notEqual(a, goalKey('file:///p/A.lean', 4, { line: 4, character: 2 }));
  assert.notEqual(a, goalKey('file:///p/A.lean', 3, { line: 4, character: 3 }));
});

test('panel HTML: strict CSP with a nonce, one script carrying it, nothing remote', () => {
  const html = panelHtml({ cspSource: 'https://file+.vscode-resource.vscode-cdn.net', nonce: 'abc123', scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.js', styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/panel.css' });
  const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'nonce-abc123'/);
  assert.doesNotMatch(csp, /unsafe-eval|\*|https?:\/\/(?!file\+)/);
  assert.doesNotMatch(csp.split(';').find((d) => d.includes('script-src')) ?? '', /unsafe-inline/);
  const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
  assert.equal(scripts.length, 1);
  assert.match(scripts[0][1], /nonce="abc123"/);
  assert.equal(scripts[0][2].trim(), '', 'no inline script');
  assert.match(html, /data-testid="panel-state"/);
});
