// Placeholder until the index/search commands land (owned by the retrieval engineer).
export async function runIndexCommand(_argv: string[]): Promise<number> {
  throw new Error('index: not implemented yet');
}
export async function runSearchCommand(_argv: string[]): Promise<number> {
  throw new Error('search: not implemented yet');
}
