// Lemmas that attributes add to the environment, read from the tagged lemma's text:
// - `@[ext]` on a theorem `N : … x = y` adds `N_iff : x = y ↔ h₁ ∧ …` (Lean's `realizeExtIffTheorem`: the name's
//   last component + `_iff`; the arguments up to `y` made implicit, the later ones, which are proofs, conjoined);
// - `@[reassoc]` on `F : f = g` between morphisms adds `F_assoc : ∀ {Z} (h : Y ⟶ Z), f ≫ h = g ≫ h`, compositions
//   right-associated and identities dropped (Mathlib/Tactic/CategoryTheory/Reassoc.lean: `categorySimp` with
//   `Category.assoc`, `Category.comp_id`, `Category.id_comp`; `≪≫` for equations between isomorphisms).
// What Lean computes from types (the codomain `Y`, the category `C`) is read where the text states it, else `_`.

import type { Declaration } from '../types';
import { afterBinderGroups, matchingBracket, mentionsOf, parseSignature, projectionOwnPart, splitTopColon, splitTopLevel, type Binder } from '../statement';

/** A binder group as Lean prints it. */
function printBinder(b: Binder, kind = b.kind): string {
  const [open, close] = kind === 'explicit' ? ['(', ')'] : kind === 'implicit' ? ['{', '}'] : kind === 'instance' ? ['[', ']'] : ['⦃', '⦄'];
  if (kind === 'instance') return `${open}${b.names.length ? `${b.names.join(' ')} : ` : ''}${b.type}${close}`;
  return `${open}${b.names.join(' ')}${b.type ? ` : ${b.type}` : ''}${close}`;
}

/** The two sides of a top-level `=` (one only). */
function equationSides(prop: string): [string, string] | undefined {
  const parts = splitTopLevel(prop, ' = ');
  return parts.length === 2 ? [parts[0].trim(), parts[1].trim()] : undefined;
}

const IDENT = /^[\p{L}_][\p{L}\p{N}_'!?₀-₉ₐ-ₜᵢ-ᵪ]*$/u;

/** A proposition as a conjunct (`last`: the final one, `∧` being right-associative), or alone after `↔`: bracketed
 *  where it binds looser than its place allows. */
function conjunct(p: string, last: boolean, alone: boolean): string {
  const t = p.trim();
  const has = (op: string) => splitTopLevel(t, ` ${op} `).length > 1;
  const binds = /^(?:[∀∃]|fun\b|λ)/u.test(t); // (its body reaches to the end)
  if (alone) return !binds && has('↔') ? `(${t})` : t;
  const loose = binds ? !last : has('→') || has('↔') || has('∨') || (!last && has('∧'));
  return loose ? `(${t})` : t;
}

/** `@[ext]` on a theorem concluding `x = y` (variables): its `_iff` lemma, or undefined when the text does not fit. */
export function extIffLemma(decl: Declaration): Declaration | undefined {
  const sig = parseSignature(decl.signature);
  if (sig.foralls.length) return undefined;
  const sides = equationSides(sig.conclusion);
  if (!sides || !IDENT.test(sides[0]) || !IDENT.test(sides[1])) return undefined;
  const y = sides[1];
  const yGroup = sig.binders.findIndex((b) => b.names.includes(y));
  // x and y from `variable` (not in the text): every binder of the text comes after them, instances aside.
  const leading = yGroup >= 0 ? sig.binders.slice(0, yGroup + 1) : sig.binders.filter((b) => b.kind === 'instance');
  const later = yGroup >= 0 ? sig.binders.slice(yGroup + 1) : sig.binders.filter((b) => b.kind !== 'instance');
  if (later.some((b) => b.kind === 'instance' || !b.type)) return undefined;
  const hypotheses = [...later.flatMap((b) => b.names.map(() => b.type)), ...sig.arrows];
  const conj = hypotheses.length ? hypotheses.map((h, i) => conjunct(h, i === hypotheses.length - 1, hypotheses.length === 1)).join(' ∧ ') : 'True';
  const binders = leading.map((b) => printBinder(b, b.kind === 'explicit' || b.kind === 'strict-implicit' ? 'implicit' : b.kind));
  const out: Declaration = {
    name: `${decl.name}_iff`,
    kind: 'theorem',
    signature: `${binders.length ? binders.join(' ') + ' ' : ''}: ${sides[0]} = ${y} ↔ ${conj}`,
    module: decl.module,
    file: decl.file,
    line: decl.line,
    pkg: decl.pkg,
    generatedFrom: decl.name,
  };
  if (decl.name.includes('.')) out.isProtected = true;
  if (decl.isPrivate) out.isPrivate = true;
  return out;
}

/** The factors of a composition at top level, `(a ≫ b) ≫ c` flattened to a, b, c. */
function factors(side: string, op: string): string[] {
  const out: string[] = [];
  for (const part of splitTopLevel(side, ` ${op} `)) {
    const t = part.trim();
    const inner = t.startsWith('(') && t.endsWith(')') && splitTopLevel(t.slice(1, -1), ` ${op} `).length > 1 && matchingClose(t) ? t.slice(1, -1) : undefined;
    if (inner) out.push(...factors(inner, op));
    else out.push(t);
  }
  return out;
}

/** Whether the bracket opening `t` closes at its end. */
function matchingClose(t: string): boolean {
  return matchingBracket(t, 0) === t.length - 1;
}

/** An identity morphism (`𝟙 X`, `𝟙 _`) or isomorphism (`Iso.refl X`): its object, else undefined. */
function identityOf(factor: string, op: string): string | undefined {
  const m = (op === '≫' ? /^𝟙\s+(.+)$/u : /^(?:Iso\.refl|CategoryTheory\.Iso\.refl)\s+(.+)$/u).exec(factor);
  return m && (IDENT.test(m[1]) || matchingClose(m[1]) || m[1] === '_') ? m[1] : undefined;
}

/** A factor that needs brackets before ` ≫ h`: a top-level operator binding looser than `≫` (`f ⊗ g`, `f + g`). */
function bracketed(factor: string): string {
  const loose = splitTopLevel(factor, ' ').some((tok) => /^[^\p{L}\p{N}_(\[{⟨'.@↑]+$/u.test(tok) && !/^[⁻¹]+$/u.test(tok));
  return loose ? `(${factor})` : factor;
}

/** Object names of a morphism type `A ⟶ B` (or `A ≅ B`). */
function endsOf(type: string | undefined): [string, string] | undefined {
  if (!type) return undefined;
  for (const arrow of [' ⟶ ', ' ≅ ']) {
    const parts = splitTopLevel(type, arrow);
    if (parts.length === 2) return [parts[0].trim(), parts[1].trim()];
  }
  return undefined;
}

/** `@[reassoc]` on a theorem concluding an equation of morphisms (or isomorphisms): its `_assoc` lemma. `variables`:
 *  the binder texts of the `variable` commands in scope (for the types of the morphisms and the category). */
export function reassocLemma(decl: Declaration, variables: readonly string[] = []): Declaration | undefined {
  const sig = parseSignature(decl.signature);
  if (sig.foralls.length) return undefined;
  const sides = equationSides(sig.conclusion);
  if (!sides) return undefined;
  const iso = sides.some((s) => splitTopLevel(s, ' ≪≫ ').length > 1) || sides.some((s) => identityOf(s, '≪≫') !== undefined);
  const op = iso ? '≪≫' : '≫';
  const types = new Map<string, string>();
  const binders: Binder[] = [];
  for (const text of variables) binders.push(...parseSignature(text).binders);
  binders.push(...sig.binders);
  for (const b of binders) for (const n of b.names) types.set(n, b.type);
  // the object the equation's morphisms end at: the last factor's codomain, where the text says it
  const codomain = (side: string): string | undefined => {
    const last = factors(side, op).pop() ?? side;
    const id = identityOf(last, op);
    if (id) return id;
    const inv = /^inv\s+([\p{L}_][\p{L}\p{N}_'₀-₉]*)$/u.exec(last);
    if (inv) return endsOf(types.get(inv[1]))?.[0];
    const proj = /^([\p{L}_][\p{L}\p{N}_'₀-₉]*)\.(hom|inv)$/u.exec(last);
    if (proj) return endsOf(types.get(proj[1]))?.[proj[2] === 'hom' ? 1 : 0];
    return IDENT.test(last) ? endsOf(types.get(last))?.[1] : undefined;
  };
  const y = codomain(sides[0]) ?? codomain(sides[1]) ?? '_';
  const category = binders.map((b) => (b.kind === 'instance' ? /^Category(?:Struct)?(?:\.\{[^}]*\})?\s+(\S+)$/.exec(b.type)?.[1] : undefined)).find(Boolean) ?? '_';
  const composed = (side: string) => {
    const fs = factors(side, op).filter((f) => identityOf(f, op) === undefined);
    return [...fs.map(bracketed), 'h'].join(` ${op} `);
  };
  const whisker = `{Z : ${category}} (h : ${y} ${iso ? '≅' : '⟶'} Z)`;
  const head = signatureHead(decl.signature);
  const premises = sig.arrows.map((a) => `${a.trim()} → `).join('');
  const statement = `${composed(sides[0])} = ${composed(sides[1])}`;
  const signature = premises ? `${head}${head ? ' ' : ''}: ${premises}∀ ${whisker}, ${statement}` : `${head}${head ? ' ' : ''}${whisker} : ${statement}`;
  const out: Declaration = {
    name: `${decl.name}_assoc`,
    kind: 'theorem',
    signature,
    module: decl.module,
    file: decl.file,
    line: decl.line,
    pkg: decl.pkg,
    generatedFrom: decl.name,
  };
  if (decl.isPrivate) out.isPrivate = true;
  if (decl.isProtected) out.isProtected = true;
  return out;
}

/** A signature's binder groups as written, before its type's `:` (all of it when no `:` follows them). */
function signatureHead(signature: string): string {
  const s = signature.trim();
  const colon = afterBinderGroups(s);
  return colon >= 0 ? s.slice(0, colon).trim() : s;
}

/** The explicit `variable`s a structure takes as parameters: those its fields or binders mention (Lean adds the
 *  section variables a declaration uses), in the order they were declared. */
function explicitVariablesUsed(variables: readonly string[], texts: readonly string[]): string[] {
  const text = texts.join(' ');
  const out: string[] = [];
  // (mentionsOf keeps each name's regex: compiling one per name per structure was 5–6 % of extraction)
  for (const v of variables) for (const b of parseSignature(v).binders) if (b.kind === 'explicit') for (const n of b.names) if (!out.includes(n) && mentionsOf(n).test(text)) out.push(n);
  return out;
}

/** A field of proofs (`h : y = y`): its type states a relation or quantifies; `ext` does not compare such fields. */
function isProofField(type: string): boolean {
  const t = type.trim();
  return /^[∀∃¬]/u.test(t) || [' = ', ' ≠ ', ' ≤ ', ' < ', ' ↔ ', ' ∈ ', ' ∉ ', ' ⊆ ', ' ∣ '].some((op) => splitTopLevel(t, op).length > 1) ||
    /^(?:[A-Z][\w.]*\.)?(?:Is[A-Z]\w*|Nonempty|Injective|Surjective|Bijective|Continuous|Monotone|Antitone|Finite|Countable)\b/.test(t);
}

/**
 * `@[ext]` on a structure `S` (Lean's `realizeExtTheorem`, then `realizeExtIffTheorem`): `S.ext : x.f = y.f → … → x = y`
 * over its data fields, and `S.ext_iff : x = y ↔ x.f = y.f ∧ …`. Parameters are implicit, proof fields left out. A parent
 * (`extends P`) is compared as `x.toP = y.toP`: Lean compares the parent's fields one by one (the same statement).
 */
export function structureExtLemmas(struct: Declaration, children: readonly Declaration[], variables: readonly string[] = []): Declaration[] {
  const head = signatureHead(struct.signature);
  const ext = /\bextends\b(.*)$/s.exec(struct.signature);
  const params = parseSignature(head.replace(/\bextends\b.*$/s, '').trim()).binders;
  const parents = new Set((ext ? splitTopLevel(ext[1], ',') : []).map((p) => p.trim().split(/\s+/)[0]?.split('.').pop() ?? '').filter(Boolean));
  const own = children.filter((c) => c.kind === 'field' && c.name.startsWith(struct.name + '.'));
  const fields = own.filter((c) => {
    const short = c.name.slice(struct.name.length + 1);
    // (a field with binders is compared whole, `x.app = y.app`, unless what it states is a proof)
    const type = fieldParts(projectionOwnPart(c.signature)).type;
    return (parents.has(short.replace(/^to/, '')) && short.startsWith('to')) || !isProofField(type);
  });
  const explicitNames = params.filter((b) => b.kind === 'explicit').flatMap((b) => b.names);
  const used = explicitVariablesUsed(variables, [head, ...own.map((c) => projectionOwnPart(c.signature))]);
  const type = [struct.name.split('.').pop()!, ...used, ...explicitNames].join(' ');
  const implicitParams = params.map((b) => printBinder(b, b.kind === 'instance' ? 'instance' : 'implicit'));
  const binders = [...implicitParams, `{x y : ${type}}`].join(' ');
  const equalities = fields.map((f) => {
    const short = f.name.slice(struct.name.length + 1);
    return `x.${short} = y.${short}`;
  });
  const base = { kind: 'theorem' as const, module: struct.module, file: struct.file, line: struct.line, pkg: struct.pkg, generatedFrom: struct.name, isProtected: true };
  // (Lean tags the `ext` lemma it generates `@[ext]`, not its `ext_iff`)
  const extDecl: Declaration = { ...base, name: `${struct.name}.ext`, attrs: ['ext'], signature: `${binders} : ${[...equalities, 'x = y'].join(' → ')}` };
  const iffDecl: Declaration = { ...base, name: `${struct.name}.ext_iff`, signature: `${binders} : x = y ↔ ${equalities.length ? equalities.join(' ∧ ') : 'True'}` };
  if (struct.isPrivate) {
    extDecl.isPrivate = true;
    iffDecl.isPrivate = true;
  }
  return [extDecl, iffDecl];
}

/**
 * `@[mk_iff]` on a structure or class of proofs (Mathlib/Tactic/MkIffOfInductiveProp.lean): `foo_iff : Foo ps ↔ f₁ ∧ …`
 * over its fields (a parent's projection is one conjunct), named `name` when the attribute gives one (in `namespace`),
 * else the structure's name decapitalized + `_iff`. Inductive propositions (a disjunction of constructors) are not read.
 */
export function structureMkIffLemma(struct: Declaration, children: readonly Declaration[], name?: string, namespace = '', variables: readonly string[] = []): Declaration {
  const head = signatureHead(struct.signature).replace(/\bextends\b.*$/s, '').trim();
  const params = parseSignature(head).binders;
  const short = struct.name.split('.').pop()!;
  const fields = children.filter((c) => c.kind === 'field' && c.name.startsWith(struct.name + '.')).map((c) => fieldType(projectionOwnPart(c.signature)));
  const used = explicitVariablesUsed(variables, [head, ...fields]);
  const applied = [short, ...used, ...params.filter((b) => b.kind === 'explicit').flatMap((b) => b.names)].join(' ');
  const conj = fields.length ? fields.map((f, i) => conjunct(f, i === fields.length - 1, false)).join(' ∧ ') : 'True';
  const prefix = struct.name.slice(0, struct.name.length - short.length);
  const target = name ? (namespace ? `${namespace}.${name}` : name) : `${prefix}${short[0].toLowerCase()}${short.slice(1)}_iff`;
  const out: Declaration = {
    name: target,
    kind: 'theorem',
    signature: `${head ? head + ' ' : ''}: ${applied} ↔ ${conj}`,
    module: struct.module,
    file: struct.file,
    line: struct.line,
    pkg: struct.pkg,
    generatedFrom: struct.name,
  };
  if (struct.isPrivate) out.isPrivate = true;
  return out;
}

/** A field's binders and type: `x y : T` → `(x y)` and `T`; `(a : B) : T` → `(a : B)` and `T`; `: T` → none and `T`. */
export function fieldParts(sig: string): { binders: string; type: string } {
  if (!sig.includes(':')) return { binders: '', type: sig.trim() };
  const { binders: head, type } = splitTopColon(sig);
  if (!head) return { binders: '', type };
  // bare names become a group of their own, as Lean states them (`(x y)`)
  const out: string[] = [];
  let bare: string[] = [];
  const flush = () => {
    if (bare.length) out.push(`(${bare.join(' ')})`);
    bare = [];
  };
  for (let i = 0; i < head.length; ) {
    if (/\s/.test(head[i])) {
      i++;
      continue;
    }
    if ('({[⦃'.includes(head[i])) {
      const close = matchingBracket(head, i);
      if (close < 0) return { binders: head, type };
      flush();
      out.push(head.slice(i, close + 1));
      i = close + 1;
      continue;
    }
    let j = i;
    while (j < head.length && !/\s/.test(head[j]) && !'({[⦃'.includes(head[j])) j++;
    bare.push(head.slice(i, j));
    i = j;
  }
  flush();
  return { binders: out.join(' '), type };
}

/** A field's statement as a type: `(x y) : T` → `∀ (x y), T`, `: T` → `T`. */
function fieldType(signature: string): string {
  const { binders, type } = fieldParts(signature);
  return binders ? `∀ ${binders}, ${type}` : type;
}

/**
 * What Lean states a projection with before the field's own binders: the structure's parameters, implicit, and the
 * structure itself (`Rev.map_add_rev : {f : ℕ → ℕ} (self : Rev f) (x y : ℕ) : …`; a class's `[self : Monoid M]`).
 * `fieldTexts`: the fields' statements, for the section variables the structure takes.
 */
export function projectionHead(struct: Declaration, fieldTexts: readonly string[], variables: readonly string[] = []): string {
  const head = signatureHead(struct.signature).replace(/\bextends\b.*$/s, '').trim();
  const params = parseSignature(head).binders;
  const used = explicitVariablesUsed(variables, [head, ...fieldTexts]);
  const applied = [struct.name.split('.').pop()!, ...used, ...params.filter((b) => b.kind === 'explicit').flatMap((b) => b.names)].join(' ');
  const implicit = params.map((b) => printBinder(b, b.kind === 'instance' ? 'instance' : 'implicit'));
  return [...implicit, struct.kind === 'class' ? `[self : ${applied}]` : `(self : ${applied})`].join(' ');
}
