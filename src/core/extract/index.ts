// Public API of extraction (see each module for details).
export { discoverProject, computeFingerprint, hashText, moduleNameOf, readDefaultLibRoots, EXTRACTOR_VERSION, DEFAULT_MAX_FILE_BYTES, DEFAULT_MAX_FILE_MB, maxFileBytesOf } from './project';
export type { ProjectSources, SourceFile, PackageInfo, DiscoverOptions } from './project';
export { extractFile, setDefaultNamingRules, MAX_SIGNATURE, MAX_BODY } from './scanner';
export type { ExtractFileOptions, FileExtraction, PendingTranslation, PendingAlias } from './scanner';
export { extractProject, loadNamingRules, lastNamingRules, decodeSource, scanSourceFile } from './extractProject';
export { scanInWorkers, findExtractWorkerScript, defaultExtractWorkers } from './parallel';
export type { ExtractProjectOptions, ProjectExtraction, FileRecord, FileCache, ExtractStats, ScanOutcome } from './extractProject';
export { parseIlean, readIleanFile, ileanPathFor, isInternalName } from './ilean';
export type { IleanFile, IleanDecl } from './ilean';
export { guessName, targetName, splitCase, parseGuessNameData } from './translate';
export type { NamingRules, GuessNameData } from './translate';
