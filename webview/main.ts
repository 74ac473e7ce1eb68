// The LeanScout panel. Receives typed messages (src/shared/protocol.ts) from the extension and renders
// them with DOM APIs only (textContent, never innerHTML). data-testid hooks are listed in protocol.ts.
import {
  provideVSCodeDesignSystem,
  vsCodeButton,
  vsCodeTextField,
  vsCodeDropdown,
  vsCodeOption,
  vsCodeProgressRing,
  vsCodeDivider,
} from '@vscode/webview-ui-toolkit';
import type { DeclKind } from '../src/core/types';
import {
  goalKey,
  isExtensionToWebview,
  type ExtensionToWebview,
  type GoalView,
  type IndexStatus,
  type InsertAction,
  type PanelHit,
  type PanelState,
  type TacticCandidate,
  type WebviewToExtension,
} from '../src/shared/protocol';
import { insertionText } from '../src/shared/insertion';
import { h, clear, append } from './dom';
import { renderDocstring } from './markdown';

provideVSCodeDesignSystem().register(
  vsCodeButton(), vsCodeTextField(), vsCodeDropdown(), vsCodeOption(), vsCodeProgressRing(), vsCodeDivider(),
);

interface VsCodeApi {
  postMessage(msg: WebviewToExtension): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;
const vscode = acquireVsCodeApi();
const send = (msg: WebviewToExtension) => vscode.postMessage(msg);

const KINDS: DeclKind[] = ['theorem', 'def', 'abbrev', 'instance', 'class', 'structure', 'inductive', 'axiom', 'opaque', 'alias', 'field', 'constructor'];
const ACTION_LABEL: Record<InsertAction, string> = { exact: 'exact', apply: 'apply', rw: 'rw', simp: 'simp', name: 'name' };

// ------------------------------------------------------------------ state
const state = {
  panel: { kind: 'ready', message: '' } as PanelState,
  index: { state: 'idle' } as IndexStatus,
  goal: undefined as GoalView | undefined,
  answeredKey: undefined as string | undefined,
  premises: { hits: [] as PanelHit[], ms: 0, message: undefined as string | undefined, key: '' },
  search: { requestId: 0, shown: 0, hits: [] as PanelHit[], ms: 0, message: undefined as string | undefined, query: '' },
  tactics: undefined as Extract<ExtensionToWebview, { type: 'tactics' }> | undefined,
  informal: undefined as Extract<ExtensionToWebview, { type: 'informal' }> | undefined,
};

// ------------------------------------------------------------------ layout
const app = document.getElementById('app')!;
clear(app);

const stateLine = h('div', { class: 'panel-state', 'data-testid': 'panel-state', 'data-state': 'ready', role: 'status', 'aria-live': 'polite' });
const indexLine = h('div', { class: 'index-status', 'data-testid': 'index-status' });
const header = h('header', { class: 'header' }, indexLine, stateLine);

const goalMeta = h('span', { class: 'meta', 'data-testid': 'goal-meta' });
const goalBody = h('div', { class: 'goal-body' });
const goalSection = section('Goal', goalMeta, h('div', { 'data-testid': 'goal', class: 'goal' }, goalBody));
const goalEl = goalSection.querySelector('[data-testid="goal"]') as HTMLElement;

const tacticsRun = h('vscode-button', { appearance: 'secondary', 'data-testid': 'tactics-run', title: 'Suggest tactics for the goal (checked in Lean)' }, 'Suggest tactics');
tacticsRun.addEventListener('click', () => send({ type: 'suggestTactics' }));
const tacticsMeta = h('span', { class: 'meta' });
const tacticsList = h('div', { class: 'list', role: 'listbox', 'aria-label': 'Tactic suggestions' });
const tacticsSection = section('Tactics', tacticsMeta, h('div', { 'data-testid': 'tactics' }, h('div', { class: 'toolbar' }, tacticsRun), tacticsList));

const premisesMeta = h('span', { class: 'meta' });
const premisesList = h('div', { class: 'list', 'data-testid': 'premises', role: 'listbox', 'aria-label': 'Premises for this goal' });
const premisesSection = section('Premises for this goal', premisesMeta, premisesList);

const searchInput = h('vscode-text-field', { 'data-testid': 'search-input', placeholder: 'words, LaTeX, names, patterns like _ + _ ≤ _, or paste a goal', class: 'search-input', 'aria-label': 'Search declarations' }) as HTMLElement & { value: string };
const kindSelect = h('vscode-dropdown', { 'data-testid': 'search-kind', 'aria-label': 'Kind', class: 'kind-filter' }, h('vscode-option', { value: '' }, 'any kind'), ...KINDS.map((k) => h('vscode-option', { value: k }, k))) as HTMLElement & { value: string };
const moduleInput = h('vscode-text-field', { 'data-testid': 'search-module', placeholder: 'module prefix (Mathlib.Topology)', class: 'filter', 'aria-label': 'Module prefix' }) as HTMLElement & { value: string };
const namespaceInput = h('vscode-text-field', { 'data-testid': 'search-namespace', placeholder: 'namespace prefix (Finset)', class: 'filter', 'aria-label': 'Namespace prefix' }) as HTMLElement & { value: string };
const searchMeta = h('span', { class: 'meta' });
const searchList = h('div', { class: 'list', 'data-testid': 'search-results', role: 'listbox', 'aria-label': 'Search results' });
const searchSection = section('Search', searchMeta, h('div', { class: 'search-box' }, searchInput, h('div', { class: 'filters' }, kindSelect, moduleInput, namespaceInput)), searchList);

const informalMeta = h('span', { class: 'meta' });
const informalText = h('div', { class: 'informal-text', 'data-testid': 'informal-text' });
const informalSection = section('Informal', informalMeta, h('div', { 'data-testid': 'informal' }, informalText));

// The search box sits above the (long) premise list so that it is always in reach; empty, it takes two lines.
append(app, header, goalSection, tacticsSection, searchSection, premisesSection, informalSection);

function section(title: string, meta: HTMLElement, ...body: HTMLElement[]): HTMLElement {
  const content = h('div', { class: 'section-body' }, ...body);
  const toggle = h('button', { class: 'section-title', 'aria-expanded': 'true' }, h('span', { class: 'chevron', 'aria-hidden': 'true' }, '▾'), title);
  toggle.addEventListener('click', () => {
    const open = toggle.getAttribute('aria-expanded') !== 'true';
    toggle.setAttribute('aria-expanded', String(open));
    content.hidden = !open;
  });
  return h('section', { class: 'section' }, h('div', { class: 'section-head' }, toggle, meta), content);
}

// ------------------------------------------------------------------ rendering
function renderHeader(): void {
  const i = state.index;
  clear(indexLine);
  const text =
    i.state === 'ready' ? `index: ${(i.declarations ?? 0).toLocaleString('en-US')} declarations · ready`
      : i.state === 'building' ? `index building ${i.percent ?? 0}%${i.message ? ` (${i.message})` : ''} — premises appear when it is ready`
        : i.state === 'error' ? `index error: ${i.message ?? 'unknown'}`
          : i.message ?? 'index: built on first use';
  // (no spinning ring while building: the percentage moves, and a ring animated the panel through the whole build)
  append(indexLine, h('span', { class: `index-${i.state}` }, text));
  if (i.embeddings) append(indexLine, h('span', { class: 'index-embeddings', 'data-testid': 'index-embeddings' }, ` · ${i.embeddings}`));
  if (i.learning) append(indexLine, h('span', { class: 'index-learning', 'data-testid': 'index-learning' }, ` · ${i.learning}`));
  if (i.skipped?.length) {
    append(indexLine, h('span', { class: 'index-skipped', 'data-testid': 'index-skipped', title: i.skipped.join('\n') }, ` · ${i.skipped.length} file${i.skipped.length === 1 ? '' : 's'} not indexed`));
  }
  if (i.state === 'error') {
    const retry = h('button', { class: 'link', 'data-testid': 'index-rebuild' }, 'Rebuild');
    retry.addEventListener('click', () => send({ type: 'rebuildIndex' }));
    const showLog = h('button', { class: 'link' }, 'Show log');
    showLog.addEventListener('click', () => send({ type: 'showLog' }));
    append(indexLine, ' ', retry, ' ', showLog);
  }
  const p = state.panel;
  // The most useful thing to say: the panel state if there is a problem, else the index progress.
  const kind = p.kind !== 'ready' ? p.kind : i.state === 'building' ? 'indexBuilding' : i.state === 'error' ? 'indexError' : 'ready';
  stateLine.setAttribute('data-state', kind);
  stateLine.textContent =
    p.kind !== 'ready' ? p.message
      : i.state === 'building' ? `Index building ${i.percent ?? 0}% — search works when it is ready.`
        : i.state === 'error' ? (i.message ?? 'The index failed. Run "LeanScout: Rebuild Index".')
          : '';
  stateLine.hidden = stateLine.textContent === '';
}

function renderGoal(): void {
  const g = state.goal;
  clear(goalBody);
  goalEl.setAttribute('data-state', g?.state ?? 'none');
  goalEl.setAttribute('data-version', g?.version !== undefined ? String(g.version) : '');
  goalEl.setAttribute('data-source', g?.source ?? '');
  goalEl.classList.toggle('stale', g?.state === 'pending');
  const meta: string[] = [];
  if (g?.source) meta.push(g.source === 'lean4-extension' ? 'from Lean' : 'from Lean (own client)');
  if (g?.ms !== undefined && g.state !== 'pending') meta.push(`${g.ms} ms`);
  if (g?.state === 'pending') meta.push(g.message ?? 'asking Lean…');
  goalMeta.textContent = meta.join(' · ');
  if (g?.note) append(goalBody, h('p', { class: 'note', 'data-testid': 'goal-note' }, g.note));
  if (!g || g.state === 'none') {
    append(goalBody, h('p', { class: 'empty' }, g?.message ?? 'No goal at the cursor. Open a Lean file and put the cursor inside a proof.'));
    return;
  }
  if (g.state === 'error') {
    append(goalBody, h('p', { class: 'error' }, g.message ?? 'Lean could not give the goal.'));
    return;
  }
  if (g.state === 'noGoals') {
    append(goalBody, h('p', { class: 'done' }, 'No goals — this proof is complete here.'));
    return;
  }
  if (g.state === 'term' && g.message) append(goalBody, h('p', { class: 'note' }, g.message));
  if (g.goals.length > 1) append(goalBody, h('p', { class: 'note' }, `${g.goals.length} goals`));
  g.goals.forEach((text, i) => {
    if (i > 0) append(goalBody, h('vscode-divider', { role: 'separator' }));
    append(goalBody, h('pre', { class: 'goal-item', 'data-testid': 'goal-item' }, text));
  });
}

function renderHitList(list: HTMLElement, hits: PanelHit[], testid: 'premise' | 'search-result', empty: string | undefined): void {
  const focusedName = (document.activeElement as HTMLElement | null)?.closest?.('[data-name]')?.getAttribute('data-name');
  clear(list);
  if (hits.length === 0) {
    if (empty) append(list, h('p', { class: 'empty' }, empty));
    return;
  }
  const frag = document.createDocumentFragment();
  for (const hit of hits) frag.appendChild(hitRow(hit, testid));
  list.appendChild(frag);
  if (focusedName && list.contains(document.activeElement) === false) {
    const again = [...list.querySelectorAll<HTMLElement>('[data-name]')].find((r) => r.dataset.name === focusedName);
    again?.focus({ preventScroll: true });
  }
}

function hitRow(hit: PanelHit, testid: 'premise' | 'search-result'): HTMLElement {
  const d = hit.decl;
  const scope = hit.inScope === true ? h('span', { class: 'scope in', 'data-testid': 'result-scope' }, 'in scope')
    : hit.inScope === false ? h('span', { class: 'scope out', 'data-testid': 'result-scope' }, `needs import ${d.module}`) : null;
  const deprecated = d.deprecated
    ? h('span', { class: 'deprecated', 'data-testid': 'result-deprecated' }, d.deprecated.replacement ? `deprecated: use ${d.deprecated.replacement}` : 'deprecated')
    : null;
  const actions = h('div', { class: 'actions' });
  const order: InsertAction[] = [hit.suggested, ...(['exact', 'apply', 'rw', 'simp', 'name'] as InsertAction[]).filter((a) => a !== hit.suggested)];
  for (const a of order) {
    actions.appendChild(button(ACTION_LABEL[a], `insert-${a}`, `Insert “${insertionText(a, d.name)}” at the cursor`, () => send({ type: 'insert', action: a, name: d.name }), a === hit.suggested));
  }
  actions.appendChild(button('go to', 'goto-definition', `Open ${d.file}:${d.line} (g)`, () => goTo(hit)));
  actions.appendChild(button('copy', 'copy-name', 'Copy the name (c)', () => send({ type: 'copy', text: d.name })));
  if (hit.inScope === false) {
    const add = button('add import', 'add-import', `Add "import ${d.module}" after the last import (i)`, () => send({ type: 'addImport', module: d.module }));
    add.classList.add('needed'); // always visible: the hit cannot be used without it
    actions.appendChild(add);
  }
  actions.appendChild(button('informalize', 'informalize', 'Explain in words', () => send({ type: 'informalize', name: d.name })));

  // The suggested insertion in the row's first line; the other actions when the row has the focus.
  // Where the suggestion is only the name (instances, fields, types), "go to" is the more useful first action.
  const quick = hit.suggested === 'name'
    ? button('go to', 'goto-quick', `Open ${d.file}:${d.line} (g)`, () => goTo(hit), true)
    : button(ACTION_LABEL[hit.suggested], 'insert-quick', `Insert “${insertionText(hit.suggested, d.name)}” at the cursor (Enter)`, () => send({ type: 'insert', action: hit.suggested, name: d.name }), true);
  quick.classList.add('quick');
  const row = h('div', {
    class: `row${d.deprecated ? ' is-deprecated' : ''}`,
    'data-testid': testid,
    'data-name': d.name,
    tabindex: 0,
    role: 'option',
    title: `${d.kind} ${d.name} — Enter: ${hit.suggested}, g: go to, c: copy${hit.inScope === false ? ', i: import' : ''}`,
  },
  h('div', { class: 'row-head' },
    h('span', { class: 'name', 'data-testid': 'result-name' }, d.name),
    h('span', { class: 'kind' }, d.kind),
    scope, deprecated,
    quick),
  h('pre', { class: 'signature', 'data-testid': 'result-signature' }, shownSignature(d.name, d.signature)),
  d.doc ? h('div', { class: 'doc', 'data-testid': 'result-doc' }, renderDocstring(d.doc)) : null,
  h('div', { class: 'module', 'data-testid': 'result-module' }, `${d.module}${d.pkg ? ` (${d.pkg})` : ''}`),
  actions);
  row.addEventListener('keydown', (e) => onRowKey(e, row, hit));
  return row;
}

/** A field's or constructor's signature is its type alone (`: ∀ γ : Γ, …`): shown as `name : type`. */
function shownSignature(name: string, signature: string): string {
  return signature.trimStart().startsWith(':') ? `${name.slice(name.lastIndexOf('.') + 1)} ${signature.trimStart()}` : signature;
}

function button(label: string, testid: string, title: string, onClick: () => void, primary = false): HTMLElement {
  // Plain buttons in rows (40 rows × 9 actions): cheaper to render than web components; styled with theme colours.
  const b = h('button', { class: `action${primary ? ' primary' : ''}`, 'data-testid': testid, title, type: 'button' }, label);
  b.addEventListener('click', (e) => {
    e.stopPropagation();
    onClick();
  });
  return b;
}

function goTo(hit: PanelHit): void {
  send({ type: 'goToDefinition', decl: { name: hit.decl.name, module: hit.decl.module, file: hit.decl.file, line: hit.decl.line } });
}

function onRowKey(e: KeyboardEvent, row: HTMLElement, hit: PanelHit): void {
  if (e.target !== row) return; // keys inside buttons do what buttons do
  const move = (dir: 1 | -1) => {
    const rows = [...document.querySelectorAll<HTMLElement>('.row, .tactic')].filter((r) => r.offsetParent !== null);
    const i = rows.indexOf(row);
    rows[Math.max(0, Math.min(rows.length - 1, i + dir))]?.focus();
  };
  switch (e.key) {
    case 'ArrowDown': move(1); break;
    case 'ArrowUp': move(-1); break;
    case 'Enter': send({ type: 'insert', action: hit.suggested, name: hit.decl.name }); break;
    case 'g': goTo(hit); break;
    case 'c': send({ type: 'copy', text: hit.decl.name }); break;
    case 'i': if (hit.inScope === false) send({ type: 'addImport', module: hit.decl.module }); break;
    default: return;
  }
  e.preventDefault();
}

function renderPremises(): void {
  const p = state.premises;
  const g = state.goal;
  premisesMeta.textContent = p.hits.length ? `${p.hits.length} · ${p.ms} ms` : '';
  const empty = p.message ?? (g && (g.state === 'goals' || g.state === 'term') ? 'Looking for premises…' : 'Premises appear here for the goal at the cursor.');
  renderHitList(premisesList, p.hits, 'premise', empty);
}

function renderSearch(): void {
  const s = state.search;
  searchMeta.textContent = s.query ? `${s.hits.length} · ${s.ms} ms` : '';
  renderHitList(searchList, s.hits, 'search-result', s.query ? (s.message ?? 'No results.') : undefined);
}

const STATUS_MARK: Record<TacticCandidate['status'], string> = { closes: '✓', progress: '→', fails: '✗', unchecked: '·' };
const STATUS_TEXT: Record<TacticCandidate['status'], string> = { closes: 'closes the goal', progress: 'makes progress', fails: 'fails', unchecked: 'not checked' };

function renderTactics(): void {
  const t = state.tactics;
  clear(tacticsList);
  tacticsMeta.textContent = t ? [t.source, t.state === 'running' ? 'running…' : ''].filter(Boolean).join(' · ') : '';
  tacticsRun.toggleAttribute('disabled', t?.state === 'running');
  if (!t) return;
  tacticsList.setAttribute('data-state', t.state);
  if (t.state === 'running') append(tacticsList, h('div', { class: 'note' }, h('vscode-progress-ring', { class: 'ring' }), t.message ?? 'Asking for tactics…'));
  if (t.state === 'error') append(tacticsList, h('p', { class: 'error' }, t.message ?? 'Tactic suggestions failed.'));
  else if (t.message && t.state !== 'running') append(tacticsList, h('p', { class: 'note' }, t.message));
  if (t.state === 'done' && t.candidates.length === 0) append(tacticsList, h('p', { class: 'empty' }, 'No tactic found that works here.'));
  for (const c of t.candidates) {
    const remaining = c.status === 'progress' && c.remainingGoals ? `${c.remainingGoals.length} goal${c.remainingGoals.length === 1 ? '' : 's'} remain` : STATUS_TEXT[c.status];
    const insert = button('insert', 'insert-tactic', `Insert “${c.tactic}” at the cursor`, () => send({ type: 'insertTactic', tactic: c.tactic }), c.status === 'closes');
    const row = h('div', {
      class: `tactic status-${c.status}`,
      'data-testid': 'tactic',
      'data-status': c.status,
      'data-tactic': c.tactic,
      tabindex: 0,
      role: 'option',
      title: c.error ?? (c.remainingGoals?.join('\n\n') || `${c.source}: ${STATUS_TEXT[c.status]}`),
    },
    h('span', { class: 'mark', 'aria-hidden': 'true' }, STATUS_MARK[c.status]),
    h('span', { class: 'tactic-text' }, c.tactic),
    h('span', { class: 'meta tactic-meta' }, `${remaining} · ${c.source}`),
    insert);
    row.addEventListener('keydown', (e) => {
      if (e.target !== row) return;
      if (e.key === 'Enter') send({ type: 'insertTactic', tactic: c.tactic });
      else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        const rows = [...document.querySelectorAll<HTMLElement>('.row, .tactic')].filter((r) => r.offsetParent !== null);
        const i = rows.indexOf(row);
        rows[Math.max(0, Math.min(rows.length - 1, i + (e.key === 'ArrowDown' ? 1 : -1)))]?.focus();
      } else return;
      e.preventDefault();
    });
    tacticsList.appendChild(row);
  }
}

function renderInformal(): void {
  const m = state.informal;
  clear(informalText);
  informalMeta.textContent = m ? [m.origin === 'model' ? m.model ?? 'model' : m.origin, m.done ? '' : 'writing…'].filter(Boolean).join(' · ') : '';
  if (!m) {
    append(informalText, h('p', { class: 'empty' }, 'Use “informalize” on a result, or “LeanScout: Informalize this declaration” in a Lean file.'));
    return;
  }
  informalText.setAttribute('data-done', String(m.done));
  append(informalText, h('div', { class: 'informal-name' }, m.name), h('div', { class: 'informal-body' }, m.text));
  if (m.note) append(informalText, h('p', { class: 'note', 'data-testid': 'informal-note' }, m.note));
  if (m.error) append(informalText, h('p', { class: 'error' }, m.error));
}

// ------------------------------------------------------------------ search box
let searchTimer: ReturnType<typeof setTimeout> | undefined;
/**
 * A query of several lines (a pasted goal state or theorem): the one-line field would drop its line breaks, which say
 * where each hypothesis ends and the target starts. The field shows it joined; it is searched as it is until edited.
 */
let multiLine: { text: string; shown: string } | undefined;
function setQuery(text: string): void {
  const shown = text.replace(/\s*\n\s*/g, ' ').trim();
  searchInput.value = shown;
  multiLine = shown !== text.trim() ? { text: text.trim(), shown: searchInput.value } : undefined;
}
function runSearch(): void {
  if (searchTimer) clearTimeout(searchTimer);
  searchTimer = undefined;
  const shown = searchInput.value ?? '';
  if (multiLine && multiLine.shown !== shown) multiLine = undefined;
  const query = (multiLine?.text ?? shown).trim();
  state.search.query = query;
  if (!query) {
    state.search.hits = [];
    state.search.message = undefined;
    renderSearch();
    return;
  }
  const requestId = ++state.search.requestId;
  const kind = kindSelect.value as DeclKind | '';
  send({
    type: 'search',
    requestId,
    query,
    filters: { kinds: kind ? [kind] : undefined, modulePrefix: moduleInput.value?.trim() || undefined, namespacePrefix: namespaceInput.value?.trim() || undefined },
  });
}
const scheduleSearch = () => {
  if (searchTimer) clearTimeout(searchTimer);
  searchTimer = setTimeout(runSearch, 200);
};
searchInput.addEventListener('input', scheduleSearch);
// Several lines pasted: the whole query becomes that text (see multiLine).
searchInput.addEventListener('paste', (e: ClipboardEvent) => {
  const text = e.clipboardData?.getData('text/plain') ?? '';
  if (!/\n/.test(text.trim())) return;
  e.preventDefault();
  setQuery(text);
  runSearch();
});
searchInput.addEventListener('keydown', (e) => {
  if (e.key === 'Enter') runSearch();
  else if (e.key === 'ArrowDown') searchList.querySelector<HTMLElement>('.row')?.focus();
  else if (e.key === 'Escape') send({ type: 'focusEditor' }); // back to the proof
  else return;
  e.preventDefault();
});
for (const f of [moduleInput, namespaceInput]) f.addEventListener('input', scheduleSearch);
kindSelect.addEventListener('change', runSearch);
document.addEventListener('keydown', (e) => {
  if (e.key === '/' && !(e.target instanceof HTMLElement && (e.target.closest('vscode-text-field') || e.target.tagName === 'INPUT'))) {
    e.preventDefault();
    searchInput.focus();
  }
});

// ------------------------------------------------------------------ messages
window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const msg = event.data;
  if (!isExtensionToWebview(msg)) return;
  switch (msg.type) {
    case 'panelState':
      state.panel = msg.state;
      renderHeader();
      break;
    case 'indexStatus':
      state.index = msg.status;
      renderHeader();
      break;
    case 'goal': {
      const g = msg.goal;
      // A pending request keeps the last answer on screen (dimmed) instead of flashing empty.
      state.goal = g.state === 'pending' && state.goal && state.goal.state !== 'none' ? { ...state.goal, state: 'pending', message: g.message } : g;
      if (g.state !== 'pending') {
        state.answeredKey = g.uri && g.version !== undefined && g.position ? goalKey(g.uri, g.version, g.position) : undefined;
        if (g.state !== 'goals' && g.state !== 'term') state.premises = { hits: [], ms: 0, message: undefined, key: '' };
      }
      renderGoal();
      if (g.state !== 'pending') renderPremises();
      break;
    }
    case 'premises':
      if (msg.goalKey !== state.answeredKey) return; // for an older goal: never shown as current
      state.premises = { hits: msg.hits, ms: msg.ms, message: msg.message, key: msg.goalKey };
      renderPremises();
      requestAnimationFrame(() => send({ type: 'rendered', goalKey: msg.goalKey }));
      break;
    case 'searchResults':
      if (msg.requestId !== state.search.requestId) return; // a newer search is on its way
      Object.assign(state.search, { hits: msg.hits, ms: msg.ms, message: msg.message, shown: msg.requestId });
      renderSearch();
      break;
    case 'focusSearch':
      if (msg.query !== undefined) {
        setQuery(msg.query);
        runSearch();
      }
      searchInput.focus();
      break;
    case 'tactics':
      state.tactics = msg;
      renderTactics();
      break;
    case 'informal':
      state.informal = msg;
      renderInformal();
      break;
    case 'notice':
      stateLine.hidden = false;
      stateLine.textContent = msg.message;
      stateLine.setAttribute('data-state', msg.level === 'error' ? 'notice-error' : 'notice');
      break;
    case 'refreshSearch':
      if (state.search.query) runSearch();
      break;
  }
});

renderHeader();
renderGoal();
renderPremises();
renderTactics();
renderInformal();
send({ type: 'ready' });
