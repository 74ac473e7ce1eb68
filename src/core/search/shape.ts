// The shape of a statement: the operators of its conclusion in order, with every name, number and bracket
// left out (`a * (2 - a) ≤ 1` → `* - ≤`). A goal and a lemma that proves it by `exact`/`apply` often share it,
// and a pattern typed with holes (`_ + _ ≤ _`) is one. Read by `statement.ts` (with the normal form both sides
// are compared in); re-exported here for search.
export { conclusionOf, shapeOf } from '../statement';
