// Docstrings as Markdown with LaTeX: parsed by markdown-it (raw HTML off) and built as DOM nodes from its tokens
// (text always as text nodes, never innerHTML); `$…$` and `$$…$$` typeset by KaTeX without `trust` (no \href,
// \url, \html…), which writes only its own markup. Corpus text is untrusted: nothing else becomes markup.
import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import katex from 'katex';

const md = new MarkdownIt({ html: false, linkify: false, typographer: false });

/** Math spans are taken out before Markdown sees them (`_` and `*` in TeX are not emphasis) and put back as
 *  placeholders from Unicode's private use area, which Markdown leaves alone. */
const OPEN = '\uE000';
const CLOSE = '\uE001';
const MATH = /\$\$([^$]+?)\$\$|\$([^$\n]+?)\$/g;

interface MathSpan {
  tex: string;
  display: boolean;
  source: string;
}

export function renderDocstring(text: string): DocumentFragment {
  const maths: MathSpan[] = [];
  const protectedText = text.replace(/[\uE000\uE001]/g, '').replace(MATH, (source, display?: string, inline?: string) => {
    maths.push({ tex: (display ?? inline ?? '').trim(), display: display !== undefined, source });
    return `${OPEN}${maths.length - 1}${CLOSE}`;
  });
  const frag = document.createDocumentFragment();
  const stack: Node[] = [frag];
  const top = () => stack[stack.length - 1];
  for (const token of md.parse(protectedText, {})) {
    if (token.type === 'inline') {
      renderInline(token.children ?? [], top(), maths);
      continue;
    }
    if (token.type === 'fence' || token.type === 'code_block') {
      const pre = document.createElement('pre');
      const code = document.createElement('code');
      code.textContent = restore(token.content, maths);
      pre.appendChild(code);
      top().appendChild(pre);
      continue;
    }
    if (token.nesting === 1) {
      const el = document.createElement(blockTag(token));
      if (token.type === 'ordered_list_open') {
        const start = Number(token.attrGet('start'));
        if (Number.isSafeInteger(start) && start > 1) el.setAttribute('start', String(start));
      }
      top().appendChild(el);
      stack.push(el);
    } else if (token.nesting === -1) {
      if (stack.length > 1) stack.pop();
    } else if (token.type === 'hr') {
      top().appendChild(document.createElement('hr'));
    }
  }
  return frag;
}

/** Block tokens map to a small set of elements; headings in a docstring become bold paragraphs. */
function blockTag(token: Token): string {
  switch (token.type) {
    case 'paragraph_open': return 'p';
    case 'bullet_list_open': return 'ul';
    case 'ordered_list_open': return 'ol';
    case 'list_item_open': return 'li';
    case 'blockquote_open': return 'blockquote';
    case 'heading_open': return 'strong';
    case 'table_open': return 'table';
    case 'thead_open': return 'thead';
    case 'tbody_open': return 'tbody';
    case 'tr_open': return 'tr';
    case 'th_open': return 'th';
    case 'td_open': return 'td';
    default: return 'div';
  }
}

function renderInline(tokens: Token[], parent: Node, maths: MathSpan[]): void {
  const stack: Node[] = [parent];
  const top = () => stack[stack.length - 1];
  for (const t of tokens) {
    switch (t.type) {
      case 'text':
        appendWithMath(top(), t.content, maths);
        break;
      case 'code_inline': {
        const code = document.createElement('code');
        code.textContent = restore(t.content, maths);
        top().appendChild(code);
        break;
      }
      case 'softbreak':
        top().appendChild(document.createTextNode(' '));
        break;
      case 'hardbreak':
        top().appendChild(document.createElement('br'));
        break;
      case 'strong_open':
      case 'em_open':
      case 's_open':
      case 'link_open': {
        // Links show their text only: a docstring cannot make the panel navigate anywhere.
        const el = document.createElement(t.type === 'strong_open' ? 'strong' : t.type === 'em_open' ? 'em' : t.type === 's_open' ? 's' : 'span');
        if (t.type === 'link_open') el.className = 'doc-link';
        top().appendChild(el);
        stack.push(el);
        break;
      }
      case 'strong_close':
      case 'em_close':
      case 's_close':
      case 'link_close':
        if (stack.length > 1) stack.pop();
        break;
      case 'image':
        appendWithMath(top(), t.content, maths); // an image shows its alt text, never loads
        break;
      default:
        if (t.content) appendWithMath(top(), t.content, maths);
    }
  }
}

const PLACEHOLDER = new RegExp(`${OPEN}(\\d+)${CLOSE}`, 'g');

function appendWithMath(parent: Node, text: string, maths: MathSpan[]): void {
  let last = 0;
  for (const m of text.matchAll(PLACEHOLDER)) {
    if (m.index > last) parent.appendChild(document.createTextNode(text.slice(last, m.index)));
    const span = maths[Number(m[1])];
    if (span) parent.appendChild(typeset(span));
    last = m.index + m[0].length;
  }
  if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
}

function typeset(span: MathSpan): HTMLElement {
  const el = document.createElement('span');
  el.className = span.display ? 'math math-display' : 'math';
  try {
    katex.render(span.tex, el, { displayMode: span.display, throwOnError: true, trust: false, strict: 'ignore', maxSize: 20, maxExpand: 200, output: 'htmlAndMathml' });
  } catch {
    // TeX that KaTeX cannot read stays as the author typed it.
    el.textContent = span.source;
    el.className = 'math math-source';
  }
  return el;
}

/** Inside code, math placeholders are the original `$…$` text again. */
function restore(text: string, maths: MathSpan[]): string {
  return text.replace(PLACEHOLDER, (_, i: string) => maths[Number(i)]?.source ?? '');
}
