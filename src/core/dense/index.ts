// The optional dense stage: embeddings beside the lexical index, fused into its ranking, and model reranking.
export { buildDenseIndex, corpusKey, DenseIndex, type DenseBuildOptions, type DenseBuildResult, type DenseCorpus, type DenseHit } from './denseIndex';
export { corpusFromDeclStore, corpusFromStoredIndex, embeddingText, MAX_EMBED_CHARS } from './corpus';
export { DEFAULT_DENSE_TOP_N, DEFAULT_DENSE_WEIGHT, fuseScores } from './fuse';
export { parseRerankAnswer, rerank, rerankPrompt, type RerankOptions, type RerankResult } from './rerank';
export { denseFilePath, journalFilePath, readIndexKey, DENSE_FORMAT_VERSION } from './denseFile';
export { denseExtraScores, forgetDenseIndexes, loadDenseCached, rememberDenseIndex, type DenseQueryOptions, type DenseQueryResult } from './queryScores';
