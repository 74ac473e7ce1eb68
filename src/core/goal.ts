// Parsing goal states as Lean's infoview prints them (`$/lean/plainGoal`), e.g.
//   n : ℕ
//   h₀ : 0 < n
//   ⊢ n + 0 = n
// The reader lives in `statement.ts` with the rest of statement reading (signatures, conclusions, shapes, the
// normal form); this module keeps the goal API where its users import it.
export { looksLikeGoal, splitGoals, parseGoal, parseGoals, type Goal, type Hypothesis } from './statement';
