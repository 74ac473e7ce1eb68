// Placeholder until the model commands land (owned by the models engineer).
export async function runSuggestCommand(_argv: string[]): Promise<number> {
  throw new Error('suggest: not implemented yet');
}
export async function runInformalizeCommand(_argv: string[]): Promise<number> {
  throw new Error('informalize: not implemented yet');
}
