// Ranking: BM25 per field over the plan's terms, corpus-learned expansions, then priors (usage,
// kind vs. query intent, exact names, deprecation). Scores live in one reusable Float32Array.
import type { DeclKind, SearchFilters } from '../types';
import { DECL_KINDS } from '../types';
import type { NameGuess, PlanTerm, QueryPlan } from './query';
import { FIELD_COUNT, FIELD_DOC, FIELD_NAME, SearchIndex } from './searchIndex';
import { compactKey, stem } from './tokenize';
import { internalMask } from './libraries';

/** Tunable weights, one place. General mechanisms only: nothing here names a declaration. */
export const RANK_PARAMS = {
  /** Fields: name, signature, docstring, module, members, definition body (text queries only: a body describes what a definition is). */
  fieldWeight: { text: [2, 1.3, 5, 0.5, 6, 0.5], name: [3, 1, 0.5, 0, 0, 0], goal: [1, 1, 1, 0, 0, 1] } as Record<string, number[]>,
  k1: [1.2, 1.2, 1.2, 1.2, 1.2, 1.2],
  b: [0.5, 0.75, 0.3, 0.3, 0.1, 0.5],
  // Priors are in units of the best lexical score of the query (which is scaled to 1).
  usage: 0.04,
  kind: 0.2,
  exactLast: 0.8,
  exactFull: 1.0,
  /** A query written in a notation of the library, whole (`⌊x⌋`): the declaration the notation unfolds to gains this
   *  much, more than an exact name (DeclStore.byNotation): `𝓝` alone is in thousands of statements, and the classes
   *  using it most come first by their words (`RegularSpace` at 1.1 of the best lexical score, `nhds` at 1.06 with 1). */
  notation: 1.5,
  suffixName: 0.5,
  /** A name asked for that no declaration has (`Real.exp_po`, `sqrt_nonn`: typed so far): the declarations whose names it
   *  begins, when at most PREFIX_NAMES_MAX do. Benchmark 6c, names typed but for their last two characters: the name in
   *  the first 3 for 136 → 196 of 197 (190 at 0.5); no dev figure moves (dev names are whole). */
  prefixName: 1.0,
  /** A text query and a name the docs give a declaration (a bold phrase) are close when they share this share of their
   *  words (Jaccard; the exact phrase boosts fully, a close one by its share). Dev: famous R@10 .810 → .835 (folds
   *  .822/.799 → .845/.826), Undergrad nDCG@10 .374 → .379 (.389/.360 → .393/.364), MathlibQR .538 → .541 (.523/.551 →
   *  .523/.556); at 0.5 famous gains more but an Undergrad and a MathlibQR fold lose; 0.67 and 0.75 gain less. */
  nearPhraseShare: 0.6,
  /** A name the naming convention gives the query's statement (`Continuous.add` for "sum of continuous functions"). */
  nameGuess: 0.3,
  /** "a differentiable function is continuous": the name `Differentiable.continuous` guessed this strongly (× nameGuess);
   *  "the exponential function is positive": `exp_pos`, `pos_exp`. A fresh set of 28 sentences of my own (none a dev
   *  query) nDCG@10 .205 → .327 at 2, .348 at 3; dev MathlibQR .583 → .584 (folds .569/.594 → .569/.596: one natural
   *  query first), every other figure the same. */
  impliedProperty: 3,
  /** "the norm of a sum is at most the sum of the norms": `norm_add_le` guessed this strongly (× nameGuess), as strongly
   *  as impliedProperty. Of 12 such sentences of my own, 4 → 11 in the first 10; a fresh six-style set .447 → .456;
   *  dev the same (no dev query says one). */
  distributedOver: 3,
  /** Words that are themselves common in names are not expanded from docstrings. */
  expandMaxNameDf: 50,
  /** Long names are demoted by this × log2(1 + the name's terms): a name with Mathlib's average 8 terms loses what the
   *  earlier linear 0.03 per term took from it, a longer one less than linearly (the specific theorems people look for
   *  by name of result have long names). Dev MathlibQR nDCG@10 .531 → .537 (folds .518/.542 → .523/.548), famous R@10
   *  .762 → .780 (folds .806/.722 → .806/.757), Undergrad .368 → .366 (.389/.346 → .385/.346), a docstring sample
   *  (`--only docs`, 1,351 declarations) .141 → .156 (both folds); .065–.085 all within .003 of these. */
  nameLength: 0.075,
  deprecated: 0.15,
  private: 0.1,
  /** Declarations outside the package's default library (Mathlib's Archive, Counterexamples): not importable premises. */
  outsideLibrary: 0.3,
  /** Tactic code, `Internal` namespaces and auxiliary lemmas (see internalMask), except in name searches. */
  internal: 0.3,
  /** Asked from a line of a file (`from` + `line`): what the file declares above that line gains this much — a
   *  proof's premises are often the lemmas just proved beside it (dev goal→premises R@10 .434 → .459, both folds). */
  sameFile: 0.3,
  /** Goal queries asked from a line: the declaration just above it gains this much more, the r-th nearest this / (1 + r)
   *  (the ten nearest). Dev goal → premises R@10 .469 → .475, folds .497/.442 → .503/.448, MRR@10 .346 → .375.
   *  0.3 → 0.6, checked on two library samples of ~2,300 theorems each as well (`--only lib`): dev R@10 .493 → .497
   *  (folds .512/.473 → .515/.481), MRR@10 .378 → .386; samples R@10 .449 → .454 and .446 → .448 (each fold up),
   *  MRR@10 .378 → .401 and .387 → .416. At 0.9 and more, dev R@10 falls. */
  justAbove: 0.6,
  /** Goal queries: premises the file already imports (ReProver's accessible premises) gain this much (in units of the
   *  best lexical score). A hint, not a wall: in a file importing only `Mathlib.Topology.Order`, the goal `Continuous
   *  fun x => f x + g x` has `Continuous.add` (not imported) at rank 15 at 0.5, at 3 at 0.3; dev goal→premises R@10
   *  .470 at 0.5, .469 at 0.3 (folds .497/.444 → .497/.442: noise), .448 at 0. */
  inScope: 0.3,
  /** Goal states and pasted theorems: MaSh's prior, log(1 + how many library proofs use the premise), counting only
   *  the proofs their place could know (Learner.usesBefore), × this. Dev goal → premises R@10 .497 → .515 (folds .515/.481
   *  → .537/.494), library samples (`--only lib`) seed 0 .449 → .459 (.441/.458 → .457/.462) and seed 1, 1 in 50,
   *  .453 → .466 (.466/.440 → .485/.447); MRR@10 unchanged. 0.04: .512 / .458 / .462; 0.06: .511 / .462 / .471. A
   *  theorem pasted from nowhere counts every proof but, where the library states it already, those its place could
   *  not know (Learner.statedPlaces): library samples asked so (`--only lib`, second line) R@10 .309 → .321 (folds
   *  .323/.295 → .339/.304) and, seed 1, .323 → .332 (.322/.323 → .331/.333), MRR@10 .250 → .238 and .241 → .230 (a
   *  list of premises is what such a query wants); MathlibMPR unchanged (.236). */
  proofUses: 0.05,
  /** Goal and pasted-theorem queries: weight of the terms of the bodies of the definitions the conclusion names
   *  (Engine.unfoldTerms; 0.4, as a hypothesis). Dev MathlibMPR group-R@10 .212 → .265 (folds .193/.237 → .268/.260;
   *  snippet .203 → .265), goal → premises .490 → .489 (folds .511/.470 → .506/.473). */
  unfold: 0.4,
  /** Goal queries: a lemma whose conclusion has the goal's shape (see Engine.rankWithShape) gains this much. */
  shapeMatch: 0.3,
  /** Goal queries asked from a line: weight of the words of the name of the theorem being proved there, namespaces
   *  included (Engine.theoremNameTerms). Dev goal → premises R@10 .519 → .541 (folds .547/.493 → .561/.521), of which
   *  the namespaces' words .532 → .541; library sample .459 → .469 (folds .457/.462 → .468/.470); 0.3: .538 / .466,
   *  0.8: .540 / .472. A theorem pasted from nowhere (`theorem foo_add …`) gives its name too: library samples asked
   *  so (`--only lib`, second line; 1,140 and 1,121 theorems) R@10 .298 → .309 (folds .310/.287 → .323/.295) and
   *  .314 → .323 (.314/.314 → .322/.323), MRR@10 .241 → .250 and .233 → .241; MathlibMPR unchanged (.236). Its name
   *  in the namespaces the snippet opens (`namespace A` … `theorem foo`: `A.foo`), the samples asked so: .323 → .337
   *  (folds .332/.314 → .342/.333) and .334 → .352 (.336/.332 → .359/.345), MRR@10 .268 → .281 and .268 → .274. */
  theoremNameWords: 0.5,
  /** A statement asked for (backticked Lean, a LaTeX formula, a pattern): a lemma concluding it up to variable names
   *  (Engine.rankWithShape) gains this much more. MathlibQR .543 → .547 (folds .527/.556 → .528/.561); for goals (a
   *  goal wants premises) 0.05 changed nothing and 0.15 cost goal → premises .004. */
  conclusionMatch: 0.2,
  /** Goals and statements: a lemma concluding just that (up to variable names), one of the few that do (so found
   *  whatever its words: `sq_nonneg` for `0 ≤ x ^ 2`, which no term found before), gains this much more. 0.2: MathlibQR
   *  .547 → .548 (folds .528/.561 → .533/.561), library sample .469 → .470, goal → premises .541 → .539 (.561/.521 →
   *  .559/.520: lemmas restating the theorem for other types; MRR .402 → .403); 0.3: goal → premises .538. */
  sameConclusion: 0.2,
  /** A statement asked with its hypotheses (`0 < a → 0 < a⁻¹`): a lemma concluding it that assumes just those, in
   *  any order (Engine.rankWithShape, statement.ts statementKey), gains this much more. MathlibQR .570 → .574 (folds
   *  .558/.580 → .567/.580; lean style .787 → .797, latex .468 → .478); benchmark check line (theorems asked as
   *  `hypothesis → conclusion`) first 10 for 90 → 93, first for 75 → 80 (81 at 0.4 and 1; QR the same). */
  sameStatement: 0.2,
  /** A statement about particular numbers (`|(-3) * 5| = |-3| * |5|`): a lemma concluding the general statement it is an
   *  instance of (statement.ts numeralsAsVariables: `|a * b| = |a| * |b|`), one of the few, gains this much. A fresh set
   *  of 40 such instances (none a dev query): nDCG@10 .095 → .148; every dev figure the same (no dev query states one). */
  generalConclusion: 0.5,
  /** A type asked for (`(α → β) → List α → List β`): a declaration of just that type, one of the few (Engine.rankWithShape,
   *  statement.ts typeChainOf), gains this much. Benchmark check line (definitions asked by their type): 60 without, 81
   *  at 0.5, 83 at 1 and 1.5; only 1.5 puts the definition first for a type whose words are all noise (`α → β → α`). */
  typeMatch: 1.5,
  /** An equation defining a function (`f x = log x / log b`): a definition whose body is its right side gains this
   *  much (Engine.rankWithShape, definingSide). Benchmark check line (definitions asked as `f x = <body>`): 39 without,
   *  67 at 0.4, 73 at 0.7, 75 at 1 (as many as asked by the body alone); MathlibQR .553 → .555 at each (folds .538 /
   *  .566 → .542 / .566: one query). */
  definedBy: 1,
  /** A question of two or more words and nothing else (no Lean, no LaTeX): a declaration gains this × how well its
   *  module's doc (all its `/-!` blocks) matches the words, as a share of the best-matching module's
   *  (SearchIndex.moduleDocScores) — what its file is about, where its own name and docstring are silent (the cluster
   *  hypothesis). Dev, against 0: MathlibQR .566 → .570 (folds .552/.578 → .558/.580), Undergrad .382 → .394
   *  (.398/.365 → .406/.381), famous R@10 .836 → .850 (.845/.828 → .860/.841), docstring sample .162 → .169 (seed 0);
   *  goal → premises and MPR unchanged (goals and statements are not words). 0.2 / 0.25: QR .574 / .572, Undergrad
   *  .396 / .400, famous .850 / .854 — within noise of 0.15, which is the least and the one that keeps famous's folds
   *  within .03 (.019 against .034 / .041). With Lean or LaTeX questions too it cost the lean and LaTeX styles (.787 →
   *  .775, .462 → .446). */
  moduleDoc: 0.15,
  /** Terms in more than this share of declarations (and at least commonTermMinDf) only re-score. */
  commonTermShare: 0.03,
  commonTermMinDf: 3000,
  /** Once the candidates number more than `manyCandidatesShare` of the library, a term found in more than
   *  `commonAmongManyShare` of it (~1,100 declarations of Mathlib) only re-scores them too. A goal's many hypotheses
   *  find ~24,000 candidates, of which ~770 come near the top k; a document that only such a term would add does not
   *  reach it. Dev goals (306 from their line, 859 miniF2F/ProofNet) 4.6–5.2 → 3.2–4.1 ms each (interleaved runs);
   *  goal → premises R@10 .515 → .519 (folds .537/.494 → .547/.493), library samples unchanged (seed 0: .459; seed 1,
   *  2,201 theorems: .466), the other sets unchanged (text queries seldom find so many). A lower share costs recall:
   *  0.02 / 0.03 / 0.04 gave .499 / .510 / .517 (3.3 / 3.7 / 3.8 ms). */
  manyCandidatesShare: 0.05,
  commonAmongManyShare: 0.004,
  /** …and never below these counts (a small project's library: the rule is for tens of thousands of candidates). */
  manyCandidatesMin: 5000,
  commonAmongManyMinDf: 500,
  /** Terms found in more than this share of declarations have their frequencies held by declaration (Ranker.denseTf):
   *  the same scores, read faster (miniF2F and ProofNet goals: median 2.96 → 2.58 ms over five paired runs). */
  denseTfShare: 1 / 8,
  /** A learned expansion found in more declarations than this only re-scores those the query's own terms found. */
  expansionLateDf: 2000,
  /** Declarations sampled per term when learning its associations (bounded work per new term). */
  expansionSample: 800,
  expandWordToName: 0.6,
  /** A learned expansion must come from docstrings in at least this many modules: one file's pairing is its author's
   *  vocabulary, not the library's ("distributes" → `eckmann`, `hilton`, from one file's docstrings, put that file
   *  first for any question with the word). Dev Undergrad nDCG@10 .401 → .409 (folds .413/.388 → .423/.394),
   *  MathlibQR .580 → .581 (.567/.590 → .569/.591), famous R@10 .858 → .865 (.860/.855 → .876/.855; nDCG .684/.698 →
   *  .706/.689), docstring sample .173 → .171 (asks a docstring, whose own file's words point back to it); 2 and 4:
   *  Undergrad .407 and .408, MathlibQR .579 and .581, famous .861 and .850. */
  expansionMinModules: 3,
  /** Weight of another form of a query word found in the index (suffix stripped). */
  wordVariant: 0.5,
  /** A text query's word as names shorten it (`Ranker.shortenings`: "derivative" → `deriv`, "constant" → `const`),
   *  searched in names with this share of the word's weight (it was in exact-name keys only). Dev MathlibQR .575 → .580
   *  (folds .566/.583 → .567/.590), Undergrad .398 → .401 (.411/.385 → .413/.388), docstring sample .170 → .171,
   *  famous unchanged (.858); at 0.5 QR and Undergrad the same but famous .854 (fold 1 −.007: "segments" → `Seg`). */
  shortenedWord: 0.3,
  variantMaxNameDf: 5,
  variantMinNameDf: 20,
  /** Whether a query's words in another form that names use make exact keys too (see shortenedKeys). */
  variantKeys: true,
  /** Whether the exact keys of one or two words also name the predicate `IsX` (see shortenedKeys). */
  isKeys: true,
  /** Per-mode overrides of the priors above (goal queries want premises: long names are normal there). */
  modes: {
    goal: { nameLength: 0, kind: 0, usage: 0 },
    name: {},
    /** Words look for a formalization wherever it is (Mathlib's Archive proves many of the famous theorems); only a
     *  proof's premises must be importable. Dev famous R@10 .780 → .795 (folds .806/.757 → .822/.771), docstring sample
     *  .156 → .158 (both folds), the rest unchanged. Not for a case with specific numbers (QueryPlan.specificNumbers),
     *  which asks for the general lemma: it keeps the default. */
    text: { outsideLibrary: 0 },
  } as Record<string, Partial<Record<ModeParam, number>>>,
};

type ModeParam = 'usage' | 'kind' | 'nameLength' | 'outsideLibrary';

function param(name: ModeParam, mode: string): number {
  return RANK_PARAMS.modes[mode]?.[name] ?? RANK_PARAMS[name];
}

/** Kinds that a query describing a notion wants (types, classes, functions). */
const DEFINITION_KINDS = new Set<DeclKind>(['class', 'structure', 'inductive', 'def', 'abbrev', 'opaque']);
const KIND_IS_DEFINITION = DECL_KINDS.map((k) => (DEFINITION_KINDS.has(k) ? 1 : 0));
const KIND_IS_THEOREM = DECL_KINDS.map((k) => (k === 'theorem' || k === 'alias' ? 1 : 0));

export interface RankedHit {
  id: number;
  score: number;
}

export interface RankOptions extends SearchFilters {
  k: number;
  /** Declarations to leave out (replaced by a newer version of their file). */
  removed?: Uint8Array;
  /** Declarations to score whatever terms find them (statements of the query's shape). */
  candidates?: ArrayLike<number>;
  /** Extra candidate scores to fuse (e.g. a dense stage): added to the lexical score. */
  extraScores?: Map<number, number>;
  /** Per module index: 1 when the querying file imports it (goal queries prefer those premises). */
  inScope?: Uint8Array;
  /** A prior that is costly to compute (the shape of a lemma's conclusion), between 0 and `max`: computed only for
   *  documents that can still reach the top k with it, so the top k is the same as if every document had it. */
  lateBoost?: { max: number; of: (d: number) => number };
  /** Goal queries asked from a place: how much the library's proofs use each declaration (log scale; Learner.usesBefore),
   *  weighted by RANK_PARAMS.proofUses. */
  proofUses?: { of: (d: number) => number; bound: Float32Array };
  /** Declarations of this module at or after this (1-based) line are left out (see SearchRequest.usableBeforeLine). */
  cutoff?: { moduleIdx: number; line: number };
}

interface Expansion {
  term: number;
  score: number;
}

/** A name word is tied to a word of docstrings (a learned expansion, a shortening) when at least this share of the
 *  declarations whose docstrings use the word have it in their names, and this many times its share among all names. */
const TIE_MIN_SHARE = 0.08;
const TIE_MIN_LIFT = 4;

export class Ranker {
  private scores: Float32Array;
  /** Per-term scratch: weighted pseudo term frequency per document, and the documents touched. */
  private ptf: Float32Array;
  private foundBits: Uint32Array;
  private compactLengths: (Uint8Array | Uint16Array | undefined)[] = [];
  private termDocs: Uint32Array;
  private touched: Uint32Array;
  private nTouched = 0;
  private mark: Uint8Array;
  /** The last ranking, for rerank: its k best, its k, and a document's final score under its options (valid until the
   *  next ranking, which reuses the scratch arrays the score reads). */
  private lastRanking?: { top: RankedHit[]; k: number; byRank: (a: RankedHit, b: RankedHit) => number; finalScore: (d: number, added: number) => number | undefined };
  private expansionCache = new Map<number, Expansion[]>();
  /** Per (field, term) found in more than RANK_PARAMS.denseTfShare of documents: its term frequencies by document (see denseTf). */
  private denseTfs = new Map<number, Uint8Array>();
  /** Per module index: 1 when outside its package's default library (see libraries.ts); demoted. */
  outsideLibrary?: Uint8Array;
  /** Per declaration: 1 for metaprogramming and auxiliary declarations (computed on first use). */
  private internal?: Uint8Array;

  /**
   * `stats`: the index whose corpus statistics (document frequencies, lengths) score this one — an
   * overlay of re-indexed user files is ranked with the main index's statistics so scores compare.
   */
  constructor(
    readonly index: SearchIndex,
    private readonly stats?: SearchIndex,
  ) {
    this.scores = new Float32Array(index.size);
    this.ptf = new Float32Array(index.size);
    this.termDocs = new Uint32Array(index.size);
    this.mark = new Uint8Array(index.size);
    this.foundBits = new Uint32Array((index.size + 31) >>> 5);
    this.touched = new Uint32Array(index.size);
  }

  /**
   * Words of a question in words respelled as the library spells them most (British "normalised" → "normalized",
   * Mathlib's convention, where its names and docstrings say so): the same plan for either spelling. Words in
   * backticks and LaTeX commands are left as written.
   */
  commonSpelling(text: string): string {
    const uses = (word: string) => {
      const id = this.index.termIds.get(stem(word));
      let n = 0;
      if (id !== undefined) for (const f of this.index.fields) n += f.df(id);
      return n;
    };
    return text
      .split('`')
      .map((part, i) =>
        i % 2 === 1
          ? part
          : part.replace(/(?<![\\\w.'])[A-Za-z]+(?![\w.'])/g, (w) => {
              const lower = w.toLowerCase();
              const own = uses(lower);
              const better = otherSpellings(lower).find((v) => uses(v) > own);
              return better ? (w[0] === lower[0] ? better : better[0].toUpperCase() + better.slice(1)) : w;
            }),
      )
      .join('`');
  }

  /** Turn the plan into weighted (term id, field) lookups, adding learned expansions. */
  expandPlan(plan: QueryPlan): PlanTerm[] {
    const out: PlanTerm[] = plan.terms.slice();
    if (plan.mode === 'name') return out;
    const present = new Set(plan.terms.map((t) => t.term));
    // A word's other spelling, British or American ("neighbourhood", "neighborhood"), where the library uses it too:
    // the same word, weighed as such (Mathlib's docstrings use both: 162 "neighbourhood", 799 "neighborhood").
    if (plan.mode === 'text')
      for (const t of plan.terms) {
        if (t.term.includes('|')) continue;
        for (const v of otherSpellings(t.term)) {
          if (present.has(v) || !this.index.termIds.has(v)) continue;
          present.add(v);
          out.push({ ...t, term: v });
        }
      }
    /** Other forms of query words that names use ("uniquely" → `unique`), for the bigrams below. */
    const variantOf = new Map<string, string>();
    const added = new Map<string, number>();
    const addExp = (term: string, w: number, fields: number[]) => {
      if (present.has(term)) return;
      const key = `${term}#${fields.join(',')}`;
      if ((added.get(key) ?? 0) >= w) return;
      added.set(key, w);
      out.push({ term, weight: w, fields, expanded: true });
    };
    let respelled = 0;
    for (const t of plan.terms) {
      const id = this.index.termIds.get(t.term);
      // (a word only module docs use has an id but no declaration's field holds it)
      if ((id === undefined || this.index.fields.every((f) => f.df(id) === 0)) && plan.mode === 'text') {
        // A word the library never uses is most likely misspelled ("Matiyasevich" for `matiyasevic`): the library's
        // words one edit away stand in for it (for a few words: a pasted page of unknown words stays cheap).
        if (respelled++ < MAX_RESPELLED_WORDS) for (const v of this.respellings(t.term)) addExp(v, t.weight * RANK_PARAMS.wordVariant, t.fields);
        continue;
      }
      if (id === undefined || t.term.includes('|')) continue;
      if (!this.index.isSymbol(id) && plan.mode === 'text') {
        // Other forms of the word that the library uses ("uniquely" → `unique`, "separated" → `separate`),
        // only for words that names do not use themselves.
        const nameField = this.index.fields[FIELD_NAME];
        if (nameField.df(id) < RANK_PARAMS.variantMaxNameDf)
          for (const v of wordVariants(t.term)) {
            const vid = this.index.termIds.get(v);
            if (v !== t.term && vid !== undefined && nameField.df(vid) >= RANK_PARAMS.variantMinNameDf) {
              addExp(v, t.weight * RANK_PARAMS.wordVariant, t.fields);
              if (!variantOf.has(t.term)) variantOf.set(t.term, v);
            }
          }
        if (this.index.fields[FIELD_NAME].df(id) <= RANK_PARAMS.expandMaxNameDf)
          for (const e of this.learned(id)) addExp(this.index.terms[e.term], t.weight * RANK_PARAMS.expandWordToName * e.score, [1, 0, 0, 0, 0.5, 0]);
        // …and as names shorten it ("derivative" → `deriv`, "constant" → `const`), where the corpus confirms it.
        if (RANK_PARAMS.shortenedWord > 0) for (const v of this.shortenings(id)) addExp(this.index.terms[v], t.weight * RANK_PARAMS.shortenedWord, [1, 0, 0, 0, 0.5, 0]);
      }
    }
    // Adjacent words with another form ("exists uniquely" → `exists_unique`).
    if (variantOf.size)
      for (const t of plan.terms) {
        const bar = t.term.indexOf('|');
        if (bar < 0) continue;
        const a = t.term.slice(0, bar);
        const b = t.term.slice(bar + 1);
        const pair = `${variantOf.get(a) ?? a}|${variantOf.get(b) ?? b}`;
        if (pair !== t.term && this.index.termIds.has(pair)) addExp(pair, t.weight * RANK_PARAMS.wordVariant, t.fields);
      }
    // Collapse duplicates (several sources may expand to the same term): keep the strongest.
    const best = new Map<string, PlanTerm>();
    for (const t of out) {
      const key = `${t.term}#${t.fields.join(',')}`;
      const prev = best.get(key);
      if (!prev || prev.weight < t.weight) best.set(key, t);
    }
    return [...best.values()];
  }

  /** Words of the index one edit (a letter dropped, added, changed, or two swapped) from an unknown word of 6+ letters, most used first. */
  respellings(word: string): string[] {
    if (word.length < 6 || word.length > 30 || !/^[a-z]+$/.test(word)) return [];
    const seen = new Map<string, number>();
    const consider = (w: string) => {
      if (seen.has(w)) return;
      const id = this.index.termIds.get(w);
      if (id === undefined || this.index.isSymbol(id)) return;
      seen.set(w, this.index.fields[FIELD_NAME].df(id) + this.index.fields[FIELD_DOC].df(id));
    };
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    for (let i = 0; i <= word.length; i++) {
      const head = word.slice(0, i);
      if (i < word.length) consider(head + word.slice(i + 1));
      if (i + 1 < word.length) consider(head + word[i + 1] + word[i] + word.slice(i + 2));
      for (const c of letters) {
        consider(head + c + word.slice(i));
        if (i < word.length && c !== word[i]) consider(head + c + word.slice(i + 1));
      }
    }
    return [...seen].filter(([, df]) => df > 0).sort((a, b) => b[1] - a[1]).slice(0, 2).map(([w]) => w);
  }

  /**
   * The name terms of a sample of the declarations whose docstrings use `term` (every k-th, at most about
   * expansionSample of them), each passed to `visit`; returns how many declarations were sampled (0 when fewer than 5
   * docstrings use it).
   */
  private sampleDocstringNames(term: number, visit: (nameTerm: number, module: number) => void): number {
    const post = this.index.fields[FIELD_DOC];
    return this.sampleNames(post.docs, post.offsets[term], post.offsets[term + 1], visit);
  }

  /** The name terms of every k-th declaration of `docs[start..end)` (at most about expansionSample of them), each passed
   *  to `visit` with its module; returns how many were sampled (0 when fewer than 5). */
  private sampleNames(docs: ArrayLike<number>, start: number, end: number, visit: (nameTerm: number, module: number) => void): number {
    const idx = this.index;
    if (end - start < 5) return 0;
    const step = Math.max(1, Math.floor((end - start) / RANK_PARAMS.expansionSample));
    let sampled = 0;
    for (let p = start; p < end; p += step) {
      const d = docs[p];
      sampled++;
      const module = idx.store.moduleIdx[d];
      for (let q = idx.nameFwdOffsets[d]; q < idx.nameFwdOffsets[d + 1]; q++) visit(idx.nameFwdTerms[q], module);
    }
    return sampled;
  }

  /** As sampleDocstringNames, over the declarations whose docstrings use both terms (their postings merged). */
  private sampleDocstringNamesOfBoth(a: number, b: number, visit: (nameTerm: number, module: number) => void): number {
    const post = this.index.fields[FIELD_DOC];
    const both: number[] = [];
    const endA = post.offsets[a + 1];
    const endB = post.offsets[b + 1];
    for (let i = post.offsets[a], j = post.offsets[b]; i < endA && j < endB; ) {
      const da = post.docs[i];
      const db = post.docs[j];
      if (da === db) {
        both.push(da);
        i++;
        j++;
      } else if (da < db) i++;
      else j++;
    }
    return this.sampleNames(both, 0, both.length, visit);
  }

  /**
   * Name words that shorten a word to its first letters (`const` for "constant", `deriv` for "derivative", `succ` for
   * "successor", `sq` for "square"), where the corpus confirms it: the shortening is over-represented in the names of
   * declarations whose docstrings use the word (`int` is not "integral"'s: 0.6% of them against 27% of "integer"'s).
   * Cached per term.
   */
  shortenings(term: number): number[] {
    const hit = this.shorteningCache.get(term);
    if (hit) return hit;
    const idx = this.index;
    const word = idx.terms[term];
    const out: number[] = [];
    const candidates: number[] = [];
    const nameField = idx.fields[FIELD_NAME];
    if (/^[a-z]{5,}$/.test(word))
      for (let len = 2; len <= word.length - 2; len++) {
        const id = idx.termIds.get(word.slice(0, len));
        if (id === undefined || idx.isSymbol(id) || nameField.df(id) < RANK_PARAMS.variantMinNameDf) continue;
        // Two letters (`sq` for "square", `id` for "identity", `im` for "imaginary") only where they are the name word
        // the word's docstrings tie it to most: many two-letter name words are other words' (`in`, `is`, `eq`, `tr`).
        if (len === 2 && this.learned(term)[0]?.term !== id) continue;
        candidates.push(id);
      }
    if (candidates.length) {
      const counts = new Array<number>(candidates.length).fill(0);
      const sampled = this.sampleDocstringNames(term, (t) => {
        const i = candidates.indexOf(t);
        if (i >= 0) counts[i]++;
      });
      for (let i = 0; i < candidates.length && sampled > 0; i++) {
        const share = counts[i] / sampled;
        if (counts[i] >= 3 && share >= TIE_MIN_SHARE && share / (nameField.df(candidates[i]) / idx.size) >= TIE_MIN_LIFT) out.push(candidates[i]);
      }
    }
    if (this.shorteningCache.size > 20000) this.shorteningCache.clear();
    this.shorteningCache.set(term, out);
    return out;
  }
  private shorteningCache = new Map<number, number[]>();

  /** The exact key of a text query's words with some of them as names write them: shortened ("derivative of a constant"
   *  → `derivconst`) or in another form ("continuity" → `continuous`, "compactness" → `compact`). */
  private shortenedKeys(plan: QueryPlan): string[] {
    const words = plan.exactWords;
    if (!words) return [];
    let keys = this.wordKeys(words);
    // Lean names a property's predicate `IsX` (`IsCompact`, `IsOpen`): "compactness" asks for it too.
    if (RANK_PARAMS.isKeys && words.length <= 2) keys = [...keys, ...keys.map((k) => 'is' + k)];
    return keys.filter((k) => !plan.exactKeys.includes(k));
  }

  /** Words as one name's compact key, each as typed or in a form names use (shortened, another suffix), and two
   *  adjacent words also as the one name word they make (`sqrt` for "square root": phraseForm). */
  private wordKeys(words: readonly string[]): string[] {
    // keysFrom[i]: the keys of words[i..]
    const keysFrom: string[][] = new Array(words.length + 1);
    keysFrom[words.length] = [''];
    for (let i = words.length - 1; i >= 0; i--) {
      const forms = this.wordForms(words[i]);
      const keys = forms.flatMap((f) => keysFrom[i + 1].map((k) => f + k));
      const phrase = i + 1 < words.length ? this.phraseForm(words[i], words[i + 1]) : undefined;
      if (phrase) for (const k of keysFrom[i + 2]) keys.push(phrase + k);
      keysFrom[i] = keys;
    }
    return keysFrom[0];
  }

  /** A word as typed and in the forms names use: shortened (`deriv`), another suffix (`continuous` for "continuity"). */
  private wordForms(w: string): string[] {
    const nameField = this.index.fields[FIELD_NAME];
    const id = this.index.termIds.get(w);
    const forms = [w, ...(id === undefined ? [] : this.shortenings(id).map((s) => this.index.terms[s]))];
    if (RANK_PARAMS.variantKeys)
      for (const v of wordVariants(w)) {
        const vid = this.index.termIds.get(v);
        if (vid !== undefined && !forms.includes(v) && nameField.df(vid) >= RANK_PARAMS.variantMinNameDf) forms.push(v);
      }
    return forms;
  }

  /** The one name word two words make ("square root" → `sqrt`, "characteristic polynomial" → `charpoly`, "minimal
   *  polynomial" → `minpoly`): the name word the docstrings using both tie them to most (learnedPair), where it spells
   *  the two words shortened (its letters in order among theirs, some of each). */
  private phraseForm(a: string, b: string): string | undefined {
    const ia = this.index.termIds.get(a);
    const ib = this.index.termIds.get(b);
    if (ia === undefined || ib === undefined || ia === ib || this.index.isSymbol(ia) || this.index.isSymbol(ib)) return undefined;
    const top = this.learnedPair(ia, ib)[0];
    if (!top) return undefined;
    const form = this.index.terms[top.term];
    // (letters of both words, the first word's first: not `deriv` for "derivative point", nor for "polynomial derivative")
    const spells = form[0] === a[0] && isSubsequence(form, a + b) && !isSubsequence(form, a) && !isSubsequence(form, b);
    return spells && /^[a-z]+$/.test(form) ? form : undefined;
  }

  /**
   * What the corpus pairs with a word: the name words most over-represented among declarations whose docstrings have
   * it (`join` → `sup`). Cached per term.
   */
  learned(term: number): Expansion[] {
    const hit = this.expansionCache.get(term);
    if (hit) return hit;
    const result = this.tiesOf([term], (visit) => this.sampleDocstringNames(term, visit));
    if (this.expansionCache.size > 20000) this.expansionCache.clear();
    this.expansionCache.set(term, result);
    return result;
  }

  /** What the corpus pairs with two words said together ("characteristic polynomial" → `charpoly`, "square root" →
   *  `sqrt`), as `learned` for one word: the docstrings that use both. Cached per pair. */
  learnedPair(a: number, b: number): Expansion[] {
    const key = `${a},${b}`;
    const hit = this.pairExpansionCache.get(key);
    if (hit) return hit;
    const result = this.tiesOf([a, b], (visit) => this.sampleDocstringNamesOfBoth(a, b, visit));
    if (this.pairExpansionCache.size > 20000) this.pairExpansionCache.clear();
    this.pairExpansionCache.set(key, result);
    return result;
  }
  private pairExpansionCache = new Map<string, Expansion[]>();

  /** The name words most over-represented among a sample of declarations (`sample` visits their name terms and
   *  modules, returns how many it sampled), but `own`: at most three, the strongest scored 1. */
  private tiesOf(own: number[], sample: (visit: (nameTerm: number, module: number) => void) => number): Expansion[] {
    const idx = this.index;
    const result: Expansion[] = [];
    const counts = new Map<number, number>();
    const modulesOf = new Map<number, Set<number>>();
    const sampled = sample((t, m) => {
      if (own.includes(t)) return;
      counts.set(t, (counts.get(t) ?? 0) + 1);
      let ms = modulesOf.get(t);
      if (!ms) modulesOf.set(t, (ms = new Set()));
      ms.add(m);
    });
    if (sampled > 0) {
      const n = idx.size;
      const targetField = idx.fields[FIELD_NAME];
      for (const [t, c] of counts) {
        if (c < 3 || idx.terms[t].includes('|')) continue;
        if (modulesOf.get(t)!.size < RANK_PARAMS.expansionMinModules) continue;
        const p = c / sampled;
        if (p < TIE_MIN_SHARE) continue;
        const base = targetField.df(t) / n;
        const lift = p / Math.max(base, 1e-6);
        if (lift < TIE_MIN_LIFT) continue;
        result.push({ term: t, score: p * Math.min(1, Math.log(lift) / 5) });
      }
      result.sort((x, y) => y.score - x.score);
      result.length = Math.min(result.length, 3);
      const top = result[0]?.score ?? 1;
      for (const r of result) r.score = r.score / top; // relative strength, strongest = 1
      if (result.length) result[0].score = Math.min(1, result[0].score);
    }
    return result;
  }

  /** The usage prior's range and the longest name (in terms) over the index, for the bounds below. */
  private ranges?: { usageMax: number; usageMin: number; nameLenMax: number };
  /** log2(1 + n) by a name's number of terms n (names have a few dozen at most). */
  private readonly nameLengthCosts = Float64Array.from({ length: 64 }, (_, n) => Math.log2(1 + n));

  private nameLengthCost(terms: number): number {
    return terms < 64 ? this.nameLengthCosts[terms] : Math.log2(1 + terms);
  }

  private rangesOf(): { usageMax: number; usageMin: number; nameLenMax: number } {
    if (!this.ranges) {
      const idx = this.index;
      let hi = 0, lo = 0, len = 0;
      for (let d = 0; d < idx.size; d++) {
        const u = idx.usage[d];
        if (u > hi) hi = u;
        if (u < lo) lo = u;
        const l = idx.nameFwdOffsets[d + 1] - idx.nameFwdOffsets[d];
        if (l > len) len = l;
      }
      this.ranges = { usageMax: hi, usageMin: lo, nameLenMax: len };
    }
    return this.ranges;
  }

  /** The usage prior's largest value (usage is the one prior read first: see the candidates' loop in `rank`). */
  private usageBound(usageW: number): number {
    const { usageMax, usageMin } = this.rangesOf();
    return Math.max(0, usageW * usageMax, usageW * usageMin);
  }

  /**
   * An upper bound on what the priors but usage can add to a document's scaled lexical score, with a margin far
   * above floating-point rounding so that skipping by it never changes which documents make the top k.
   */
  private priorBound(kindFactor: number, nameLengthW: number, outsideW: number): number {
    let bound = 0;
    let kindMax = 0;
    for (let kd = 0; kd < KIND_IS_DEFINITION.length; kd++) kindMax = Math.max(kindMax, kindFactor * (KIND_IS_DEFINITION[kd] - KIND_IS_THEOREM[kd]));
    bound += kindMax;
    bound += Math.max(0, -nameLengthW * this.nameLengthCost(this.rangesOf().nameLenMax));
    bound += Math.max(0, -RANK_PARAMS.deprecated) + Math.max(0, -RANK_PARAMS.private) + Math.max(0, -outsideW) + Math.max(0, -RANK_PARAMS.internal);
    return bound + 1e-6;
  }

  /** A field's document lengths as bytes where they all fit (all but the members field, in Mathlib): the posting
   *  loops read one per posting at random, and half the bytes stay in cache better (goal searches ~6% faster). */
  private docLengths(f: number): Uint8Array | Uint16Array {
    let lens = this.compactLengths[f];
    if (!lens) {
      const wide = this.index.fields[f].docLen;
      this.compactLengths[f] = lens = wide.every((len) => len < 256) ? Uint8Array.from(wide) : wide;
    }
    return lens;
  }

  /**
   * The term frequencies of a very common term (`=`, `→` in signatures) by document, so that re-scoring the
   * candidates reads one byte per candidate instead of scanning a list several times longer than them. Built on first
   * use; the ten such (field, term) pairs of Mathlib take 2.8 MB.
   */
  private denseTf(f: number, id: number): Uint8Array | undefined {
    const post = this.index.fields[f];
    const start = post.offsets[id];
    const end = post.offsets[id + 1];
    if (end - start <= this.index.size * RANK_PARAMS.denseTfShare) return undefined;
    const key = id * FIELD_COUNT + f;
    let tf = this.denseTfs.get(key);
    if (!tf) {
      tf = new Uint8Array(this.index.size);
      for (let p = start; p < end; p++) tf[post.docs[p]] = post.tfs[p];
      this.denseTfs.set(key, tf);
    }
    return tf;
  }

  rank(plan: QueryPlan, opts: RankOptions, expanded?: PlanTerm[]): RankedHit[] {
    const idx = this.index;
    const store = idx.store;
    const n = idx.size;
    const scores = this.scores;
    const mark = this.mark;
    const touched = this.touched;
    this.nTouched = 0;
    this.lastRanking = undefined;
    // The candidates again, as bits: a common term's long posting list is checked against them (35 KB stay in cache).
    const found = this.foundBits;
    found.fill(0);
    const touch = (d: number) => {
      if (!mark[d]) {
        mark[d] = 1;
        scores[d] = 0;
        touched[this.nTouched++] = d;
        found[d >>> 5] |= 1 << (d & 31);
      }
    };
    const fw = RANK_PARAMS.fieldWeight[plan.mode] ?? RANK_PARAMS.fieldWeight.text;
    const terms = expanded ?? this.expandPlan(plan);
    const statsIdx = this.stats ?? idx;
    const statsN = statsIdx.size;
    // BM25F: a term's frequencies are weighted and length-normalized per field, summed, then saturated
    // once — a word found in name, signature and docstring counts once, so covering more of the
    // query's words beats repeating one.
    const ptf = this.ptf;
    const termDocs = this.termDocs;
    const k1 = RANK_PARAMS.k1[0];
    // Rare terms first. A very common term (`=`, `le`) found in a large share of the library only
    // re-scores documents that rarer terms already found — the same ranking at the top, a fraction of
    // the work (unless nothing rarer matched at all).
    const lateDf = Math.max(RANK_PARAMS.commonTermMinDf, n * RANK_PARAMS.commonTermShare);
    const manyCandidates = Math.max(RANK_PARAMS.manyCandidatesMin, n * RANK_PARAMS.manyCandidatesShare);
    const lateDfAmongMany = Math.max(RANK_PARAMS.commonAmongManyMinDf, n * RANK_PARAMS.commonAmongManyShare);
    const planned: { t: PlanTerm; id: number; maxDf: number }[] = [];
    for (const t of terms) {
      const id = idx.termIds.get(t.term);
      if (id === undefined) continue;
      let maxDf = 0;
      for (let f = 0; f < FIELD_COUNT; f++) if (fw[f] * (t.fields[f] ?? 0) > 0) maxDf = Math.max(maxDf, idx.fields[f].df(id));
      if (maxDf > 0) planned.push({ t, id, maxDf });
    }
    planned.sort((a, b) => a.maxDf - b.maxDf);
    // Names the naming convention guesses are candidates from the start, so that common terms score them too.
    const guessed = new Map<number, number>();
    const guess = (d: number, weight: number) => guessed.set(d, Math.max(guessed.get(d) ?? 0, RANK_PARAMS.nameGuess * weight));
    const guesses: NameGuess[] = [...(plan.nameGuesses ?? [])];
    // "a differentiable function is continuous": `Differentiable.continuous`, the words in the forms names give them.
    const implied = RANK_PARAMS.impliedProperty > 0 ? plan.impliedProperty : undefined;
    if (implied) {
      const namespaces = this.wordKeys(implied.from).flatMap((k) => [k, 'is' + k]);
      for (const last of this.wordKeys(implied.to).flatMap((k) => [k, 'is' + k])) guesses.push({ namespaces, last, weight: RANK_PARAMS.impliedProperty });
    }
    for (const g of guesses) {
      for (const d of idx.byLastKey(g.last)) {
        const nm = store.names[d];
        const end = nm.lastIndexOf('.');
        if (end <= 0) continue;
        if (g.namespaces.includes(compactKey(nm.slice(nm.lastIndexOf('.', end - 1) + 1, end)))) guess(d, g.weight);
      }
      // …or the property as the result's, after the operation (`div_nonneg`, `mul_pos`), each property on its own
      for (const p of g.properties ?? []) for (const key of this.wordKeys([p])) for (const d of idx.byLastKey(g.last + key)) guess(d, g.weight);
    }
    // …or, said of one object, its name and the property's, as relations and predicates name them (`exp_pos`: "the
    // exponential function is positive"; `continuous_exp`: "the exponential function is continuous").
    if (implied)
      for (const key of [...this.wordKeys([...implied.from, ...implied.to]), ...this.wordKeys([...implied.to, ...implied.from])])
        for (const d of idx.byLastKey(key)) guess(d, RANK_PARAMS.impliedProperty);
    // "the norm of a sum is at most the sum of the norms": `norm_add_le`, the function's word in the forms names give it.
    const distributed = RANK_PARAMS.distributedOver > 0 ? plan.distributedOver : undefined;
    if (distributed)
      // (a function of two words as names write both or the last: "square root" → `sqrt_mul`, "Bochner integral" → `integral_add`)
      for (const key of new Set([...this.wordKeys(distributed.outer.split(' ')), ...this.wordKeys([distributed.outer.split(' ').pop()!])]))
        for (const d of idx.byLastKey(distributed.before + key + distributed.after)) guess(d, RANK_PARAMS.distributedOver);
    // "the card of a subset is at most the card of the set": `card_le_card`, the function's word in its name forms.
    const compared = RANK_PARAMS.distributedOver > 0 ? plan.comparedBy : undefined;
    if (compared)
      for (const key of this.wordKeys(compared.outer.split(' '))) for (const d of idx.byLastKey(key + compared.relation + key)) guess(d, RANK_PARAMS.distributedOver);
    // Exact names: the defining declaration of "lattice" is `Lattice`, of `Continuous.add` that name.
    const exactBoost = new Map<number, number>();
    const boost = (d: number, v: number) => exactBoost.set(d, Math.max(exactBoost.get(d) ?? 0, v));
    // Also with the words shortened as names shorten them ("derivative of a constant" → `deriv_const`).
    for (const key of [...plan.exactKeys, ...this.shortenedKeys(plan)]) {
      if (!key) continue;
      for (const d of idx.byLastKey(key)) boost(d, RANK_PARAMS.exactLast);
    }
    for (const a of plan.acronyms ?? []) {
      for (const d of idx.byLastKey(a.key)) if (spellsOut(`${store.doc(d)}\n${store.moduleDoc(store.moduleIdx[d])}`, a.words)) boost(d, RANK_PARAMS.exactLast);
    }
    // A name asked for (an identifier inside words names an ingredient, not the answer: no boost).
    if (plan.mode === 'name')
      for (const ident of plan.identifiers) {
        const full = idx.byFullName(ident);
        if (full >= 0) boost(full, RANK_PARAMS.exactFull);
        const suffixed = idx.bySuffix(ident);
        for (const d of suffixed) boost(d, RANK_PARAMS.suffixName);
        // A name being typed (`Continuous.ad`, `sqrt_nonn`: the panel searches on each keystroke), that is no name yet:
        // the names it begins (with a namespace, the full name; without, the last part's).
        if (full < 0 && !suffixed.length && RANK_PARAMS.prefixName > 0 && ident.length >= 4) {
          const begun = ident.includes('.') ? idx.byPrefix(ident, PREFIX_NAMES_MAX) : idx.byLastKeyPrefix(compactKey(ident), PREFIX_NAMES_MAX);
          for (const d of begun) boost(d, RANK_PARAMS.prefixName);
        }
      }
    for (const [d, v] of guessed) boost(d, v);
    // What the library's docs call a declaration ("Pythagorean theorem"), asked as such: like its exact name.
    if (plan.mode === 'text') for (const d of store.byPhrase(plan.normalized)) boost(d, RANK_PARAMS.exactFull);
    // …or by a name close to it ("Sylow's theorem" for **Sylow's first theorem**), in proportion to the words shared.
    if (plan.mode === 'text') for (const [d, share] of store.byNearPhrase(plan.normalized, RANK_PARAMS.nearPhraseShare)) boost(d, RANK_PARAMS.exactFull * share);
    for (const d of guessed.keys()) touch(d);
    // Exact-name boosts are sparse: flagged (4) so that only their documents' bounds count them (see the loop below).
    // Candidates from the start, like the guesses: a name that is the query's words (`deriv_const` for "derivative of a
    // constant") is scored by them however common they are, not found too late for common terms to score it.
    for (const d of exactBoost.keys()) {
      touch(d);
      mark[d] |= 4;
    }
    if (opts.candidates) for (let i = 0; i < opts.candidates.length; i++) touch(opts.candidates[i]);
    const preTouched = this.nTouched;
    for (const { t, id } of planned) {
      let nTermDocs = 0;
      let maxDf = 0;
      let updateOnly = false;
      for (let f = 0; f < FIELD_COUNT; f++) {
        // A plan written for fewer fields leaves the rest out.
        const w = fw[f] * (t.fields[f] ?? 0);
        if (!(w > 0)) continue;
        const post = idx.fields[f];
        const start = post.offsets[id];
        const end = post.offsets[id + 1];
        if (end === start) continue;
        let df = end - start;
        let avgLen = post.avgLen;
        if (this.stats) {
          const sid = this.stats.termIds.get(t.term);
          df = Math.max(df, sid === undefined ? 0 : this.stats.fields[f].df(sid));
          avgLen = this.stats.fields[f].avgLen;
        }
        if (df > maxDf) maxDf = df;
        if ((df > lateDf || (t.expanded && df > RANK_PARAMS.expansionLateDf)) && this.nTouched > preTouched) updateOnly = true;
        if (df > lateDfAmongMany && this.nTouched > manyCandidates) updateOnly = true;
        const b = RANK_PARAMS.b[f];
        const base = 1 - b;
        const lenScale = b / avgLen;
        const docs = post.docs;
        const tfs = post.tfs;
        const lens = this.docLengths(f);
        if (updateOnly && this.nTouched * 16 < end - start) {
          // Few candidates, a long list: look each candidate up (documents ascend within a term).
          for (let i = 0; i < this.nTouched; i++) {
            const d = touched[i];
            const p = findDoc(docs, start, end, d);
            if (p < 0) continue;
            if (ptf[d] === 0) termDocs[nTermDocs++] = d;
            ptf[d] += (w * tfs[p]) / (base + lenScale * lens[d]);
          }
          continue;
        }
        const dense = updateOnly && this.nTouched * 2 < end - start ? this.denseTf(f, id) : undefined;
        if (dense) {
          for (let i = 0; i < this.nTouched; i++) {
            const d = touched[i];
            const tf = dense[d];
            if (tf === 0) continue;
            if (ptf[d] === 0) termDocs[nTermDocs++] = d;
            ptf[d] += (w * tf) / (base + lenScale * lens[d]);
          }
          continue;
        }
        if (updateOnly) {
          for (let p = start; p < end; p++) {
            const d = docs[p];
            if (!((found[d >>> 5] >>> (d & 31)) & 1)) continue;
            if (ptf[d] === 0) termDocs[nTermDocs++] = d;
            ptf[d] += (w * tfs[p]) / (base + lenScale * lens[d]);
          }
          continue;
        }
        for (let p = start; p < end; p++) {
          const d = docs[p];
          if (ptf[d] === 0) termDocs[nTermDocs++] = d;
          ptf[d] += (w * tfs[p]) / (base + lenScale * lens[d]);
        }
      }
      if (nTermDocs === 0) continue;
      const idf = Math.log(1 + (statsN - maxDf + 0.5) / (maxDf + 0.5));
      const wi = t.weight * idf * (k1 + 1);
      for (let i = 0; i < nTermDocs; i++) {
        const d = termDocs[i];
        const x = ptf[d];
        ptf[d] = 0;
        if (!mark[d]) {
          mark[d] = 1;
          scores[d] = 0;
          touched[this.nTouched++] = d;
          found[d >>> 5] |= 1 << (d & 31);
        }
        scores[d] += (wi * x) / (x + k1);
      }
    }
    // Extra scores are sparse too: flagged (2) likewise.
    if (opts.extraScores)
      for (const d of opts.extraScores.keys())
        if (d < n) {
          touch(d);
          mark[d] |= 2;
        }

    // Lexical scores are scaled so the best candidate has 1: priors then mean the same for every query.
    let maxScore = 0;
    for (let i = 0; i < this.nTouched; i++) if (scores[touched[i]] > maxScore) maxScore = scores[touched[i]];
    const scale = maxScore > 0 ? 1 / maxScore : 1;

    // Priors and filters over the candidates, keeping the best k.
    const kindSign = (plan.notion - 0.5) * 2;
    const usageW = param('usage', plan.mode);
    const kindW = param('kind', plan.mode);
    const nameLengthW = param('nameLength', plan.mode);
    const kinds = opts.kinds && opts.kinds.length ? new Set(opts.kinds.map((k) => DECL_KINDS.indexOf(k))) : undefined;
    const modulePrefix = opts.modulePrefix?.trim() || undefined;
    const nsPrefix = opts.namespacePrefix?.trim().replace(/\.$/, '') || undefined;
    const k = Math.max(1, opts.k);
    const outside = this.outsideLibrary;
    const outsideW = plan.specificNumbers ? RANK_PARAMS.outsideLibrary : param('outsideLibrary', plan.mode);
    const internal = plan.mode === 'name' ? undefined : (this.internal ??= internalMask(store.names));
    const top: RankedHit[] = [];
    let worst = -Infinity;
    // Once k candidates are held, a document whose lexical score plus the largest possible priors
    // cannot beat the worst of them is skipped without computing its priors (same top k, less work).
    const inScope = opts.inScope;
    const proofUses = opts.proofUses;
    const proofUsesW = proofUses ? Math.max(0, RANK_PARAMS.proofUses) : 0;
    const usesBound = proofUses?.bound;
    const placeFreeBound = this.priorBound(kindW * kindSign, nameLengthW, outsideW) + (opts.lateBoost ? Math.max(0, opts.lateBoost.max) : 0);
    const usageBound = this.usageBound(usageW);
    const inScopeBonus = Math.max(0, RANK_PARAMS.inScope);
    const sameFileBonus = Math.max(0, RANK_PARAMS.sameFile);
    const byPlace = inScope !== undefined || opts.cutoff !== undefined;
    const restBound = placeFreeBound + (inScope ? inScopeBonus : 0) + (opts.cutoff ? sameFileBonus : 0);
    const priorBound = restBound + usageBound;
    const late = opts.lateBoost;
    const cutoff = opts.cutoff;
    const names = store.names;
    /** A candidate's score before the late boost, from its scaled lexical score, usage prior, extra score and exact-name
     *  boost; undefined where a filter leaves it out. */
    const scoreOf = (d: number, lexical: number, usage: number, extra: number, eb: number): number | undefined => {
      if (opts.removed && opts.removed[d]) return undefined;
      if (cutoff && store.moduleIdx[d] === cutoff.moduleIdx && store.lines[d] >= cutoff.line) return undefined;
      const kind = store.kinds[d];
      if (kinds && !kinds.has(kind)) return undefined;
      if (modulePrefix && !moduleMatches(store.moduleName(d), modulePrefix)) return undefined;
      if (nsPrefix && !namespaceMatches(store.names[d], nsPrefix)) return undefined;
      let s = lexical;
      s += usage;
      if (proofUses) s += proofUsesW * proofUses.of(d);
      s += kindW * kindSign * (KIND_IS_DEFINITION[kind] - KIND_IS_THEOREM[kind]);
      s -= nameLengthW * this.nameLengthCost(idx.nameFwdOffsets[d + 1] - idx.nameFwdOffsets[d]);
      if (store.isDeprecated(d)) s -= RANK_PARAMS.deprecated;
      if (store.isPrivate(d)) s -= RANK_PARAMS.private;
      if (outside && outside[store.moduleIdx[d]]) s -= outsideW;
      // An auxiliary lemma is at home in its own file: a proof there may well use it.
      if (internal && internal[d] && !(cutoff && store.moduleIdx[d] === cutoff.moduleIdx)) s -= RANK_PARAMS.internal;
      if (inScope && inScope[store.moduleIdx[d]]) s += RANK_PARAMS.inScope;
      if (cutoff && store.moduleIdx[d] === cutoff.moduleIdx) s += RANK_PARAMS.sameFile;
      if (eb) s += eb;
      if (extra) s += extra;
      return s;
    };
    const byRank = (a: RankedHit, b: RankedHit) => b.score - a.score || names[a.id].length - names[b.id].length || a.id - b.id;
    // With a late boost (costly per document), the k best scores without it come first: the k-th of them bounds the
    // k-th final score from below, so only documents within the boost's reach of it are asked for the boost.
    const early: number[] = [];
    const lateCandidates: RankedHit[] = [];
    let earlyWorst = -Infinity;
    const keepEarly = (s: number) => {
      keepBest(early, s, k, (a, b) => b - a);
      if (early.length === k) earlyWorst = early[k - 1];
    };
    const insert = (hit: RankedHit) => {
      keepBest(top, hit, k, byRank);
      if (top.length === k) worst = top[k - 1].score;
    };
    for (let i = 0; i < this.nTouched; i++) {
      const d = touched[i];
      const flags = mark[d];
      mark[d] = 0;
      const extra = flags & 2 ? opts.extraScores!.get(d) ?? 0 : 0;
      const eb = flags & 4 ? exactBoost.get(d) ?? 0 : 0;
      // (the proofs' uses of a declaration, bounded by its uses in the whole library, count as lexical for skipping)
      const lexical = scores[d] * scale + Math.max(0, extra) + Math.max(0, eb) + (usesBound ? proofUsesW * usesBound[d] : 0);
      if (top.length === k && lexical + priorBound <= worst) continue;
      if (late && early.length === k && lexical + priorBound < earlyWorst) continue;
      // Usage is read first and bounds the rest: most of a text query's candidates stop here (its largest value, in
      // the bound above, is far above most declarations').
      const usage = usageW !== 0 ? usageW * idx.usage[d] : 0;
      if (top.length === k && lexical + usage + restBound <= worst) continue;
      if (late && early.length === k && lexical + usage + restBound < earlyWorst) continue;
      if (byPlace) {
        // The bonuses for where a declaration lives bound only those that live there (most are outside the asking file).
        const m = store.moduleIdx[d];
        const own = placeFreeBound + (inScope && inScope[m] ? inScopeBonus : 0) + (cutoff && m === cutoff.moduleIdx ? sameFileBonus : 0);
        if (top.length === k && lexical + usage + own <= worst) continue;
        if (late && early.length === k && lexical + usage + own < earlyWorst) continue;
      }
      const s = scoreOf(d, scores[d] * scale, usage, extra, eb);
      if (s === undefined) continue;
      if (late) {
        keepEarly(s);
        if (early.length === k && s + late.max < earlyWorst) continue;
        lateCandidates.push({ id: d, score: s });
        continue;
      }
      // One total order (score, then the shorter name, then the id) for keeping and for sorting: ties are broken the
      // same way whatever k is, so the first n results are the same for every k ≥ n.
      insert({ id: d, score: s });
    }
    if (late) {
      for (const c of lateCandidates) {
        if (early.length === k && c.score + late.max < earlyWorst) continue;
        if (top.length === k && c.score + late.max < worst) continue;
        insert({ id: c.id, score: c.score + late.of(c.id) });
      }
    }
    this.nTouched = 0;
    top.sort(byRank);
    // For rerank: a document's final score with `added` on its extra score, as the loop above computes it (its lexical
    // score is in `scores` where the found bits say this ranking touched it, else 0).
    const finalScore = (d: number, added: number): number | undefined => {
      const lexical = (found[d >>> 5] >>> (d & 31)) & 1 ? scores[d] * scale : 0;
      const extra = (opts.extraScores?.get(d) ?? 0) + added;
      const s = scoreOf(d, lexical, usageW !== 0 ? usageW * idx.usage[d] : 0, extra, exactBoost.get(d) ?? 0);
      return s === undefined || !late ? s : s + late.of(d);
    };
    this.lastRanking = { top: top.slice(), k, byRank, finalScore };
    return top;
  }

  /**
   * The last ranking again, `added` (each ≥ 0) added to its extra scores (Engine.search: what the proofs of the best
   * hits use): the k best, as rank would give them, for k up to the last ranking's. No term is read again and only the
   * added documents are scored: every other document keeps its score, so one outside the last k best stays behind all
   * of them.
   */
  rerank(added: ReadonlyMap<number, number>, k: number): RankedHit[] {
    const last = this.lastRanking;
    if (!last || k > last.k) throw new Error('rerank needs a ranking just before it, of at least k');
    const hits = last.top.filter((h) => !added.has(h.id));
    for (const [d, u] of added) {
      if (!(u >= 0)) throw new Error('rerank adds scores of 0 or more');
      if (!(d < this.index.size)) continue;
      const score = last.finalScore(d, u);
      if (score !== undefined) hits.push({ id: d, score });
    }
    hits.sort(last.byRank);
    hits.length = Math.min(hits.length, k);
    return hits;
  }
}

/** Puts `item` into `list`, the best `k` by `cmp` (best first): unsorted until full, then sorted and kept so. */
function keepBest<T>(list: T[], item: T, k: number, cmp: (a: T, b: T) => number): void {
  if (list.length < k) {
    list.push(item);
    if (list.length === k) list.sort(cmp);
    return;
  }
  if (cmp(item, list[k - 1]) >= 0) return;
  let j = k - 1;
  while (j > 0 && cmp(item, list[j - 1]) < 0) {
    list[j] = list[j - 1];
    j--;
  }
  list[j] = item;
}

/** Unknown words of one query looked up for a respelling. */
const MAX_RESPELLED_WORDS = 8;
/** A name being typed begins at most this many names for them to be boosted (`Nat.` begins thousands: says nothing). */
const PREFIX_NAMES_MAX = 64;

const VARIANT_SUFFIXES = ['ally', 'ly', 'ed', 'ing', 'es', 'ion', 'ation', 'ity', 'icity', 'ness', 'ive', 'al', 'ic'];

/** Candidate base forms of an English word, by stripping one common suffix (checked against the index). */
export function wordVariants(word: string): string[] {
  if (word.length < 5 || !/^[a-z]+$/.test(word)) return [];
  const out: string[] = [];
  for (const suf of VARIANT_SUFFIXES) {
    if (!word.endsWith(suf)) continue;
    const base = word.slice(0, -suf.length);
    if (base.length < 4) continue;
    out.push(base, base + 'e');
    // doubled final consonant: "mapped" → map
    if (base.length >= 4 && base[base.length - 1] === base[base.length - 2]) out.push(base.slice(0, -1));
    if (suf === 'ally') out.push(base + 'al');
    if (suf === 'ity') out.push(base + 'ous');
    // "differentiability" → differentiable, "measurability" → measurable
    if (suf === 'ity' && /[ai]bil$/.test(base)) out.push(base.slice(0, -2) + 'le');
  }
  return out;
}

/** British and American spellings of a word (stemmed as the index stems it): -our/-or, -ise/-ize, -yse/-yze,
 *  -tre/-ter and -bre/-ber, -ogue/-og. Only those the index has are used. */
export function otherSpellings(word: string): string[] {
  if (word.length < 5 || !/^[a-z]+$/.test(word)) return [];
  const out: string[] = [];
  const swap = (re: RegExp, to: string) => {
    if (re.test(word)) out.push(word.replace(re, to));
  };
  swap(/^([a-z]{3,})our(hood|ing|ed|ful|able|ite)?$/, '$1or$2');
  swap(/^([a-z]{3,})or(hood|ing|ed|ful|able|ite)?$/, '$1our$2');
  swap(/^([a-z]{3,})is(e|ed|es|ing|ation|ations|able|ability|er|ers)$/, '$1iz$2');
  swap(/^([a-z]{3,})iz(e|ed|es|ing|ation|ations|able|ability|er|ers)$/, '$1is$2');
  swap(/^([a-z]{2,})ys(e|ed|es|ing)$/, '$1yz$2');
  swap(/^([a-z]{2,})yz(e|ed|es|ing)$/, '$1ys$2');
  swap(/^([a-z]{2,}[bt])re$/, '$1er');
  swap(/^([a-z]{2,}[bt])red$/, '$1ered');
  swap(/^([a-z]{2,}[bt])er$/, '$1re');
  swap(/^([a-z]{2,}[bt])ered$/, '$1red');
  swap(/^([a-z]{3,})ogue$/, '$1og');
  swap(/^([a-z]{3,})og$/, '$1ogue');
  return out.filter((v) => v !== word);
}

/** Whether docstrings spell out an acronym's words (`DFA`: "Deterministic Finite Automata" in its module's
 *  docstring; a word's ending may differ): an acronym is trusted only where the library says what it stands for. */
function spellsOut(docs: string, words: string[]): boolean {
  const text = docs.toLowerCase();
  return words.every((w) => text.includes(w.length > 5 ? w.slice(0, w.length - 2) : w));
}

/** Position of document `d` in `docs[start..end)` (ascending), or -1. */
export function findDoc(docs: Uint32Array, start: number, end: number, d: number): number {
  let lo = start;
  let hi = end - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = docs[mid];
    if (v === d) return mid;
    if (v < d) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

export function moduleMatches(module: string, prefix: string): boolean {
  return module === prefix || module.startsWith(prefix.endsWith('.') ? prefix : prefix + '.');
}

export function namespaceMatches(name: string, prefix: string): boolean {
  return name.startsWith(prefix + '.');
}

/** Whether `short`'s letters appear in order in `long` (`sqrt` in "squareroot"). */
function isSubsequence(short: string, long: string): boolean {
  let j = 0;
  for (let i = 0; i < long.length && j < short.length; i++) if (long[i] === short[j]) j++;
  return j === short.length;
}
