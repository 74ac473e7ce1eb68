// A small structural reader for declaration signatures as the index stores them
// (`{α : Type*} [Foo α] (a b : α) (h : P a) : a + b = b + a`): binders, hypotheses, conclusion.
// One reader serves search, tactics and informalization: it lives in ../statement.ts.
export { splitTopLevel, parseSignature, topRelation, headSymbol, type BinderKind, type Binder, type SignatureShape } from '../statement';
