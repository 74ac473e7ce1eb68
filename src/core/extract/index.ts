// Public API of extraction (see each module for details).
export { discoverProject, computeFingerprint, hashText, moduleNameOf, EXTRACTOR_VERSION, DEFAULT_MAX_FILE_BYTES } from './project';
export type { ProjectSources, SourceFile, PackageInfo, DiscoverOptions } from './project';
export { extractFile, setDefaultNamingRules, MAX_SIGNATURE } from './scanner';
export type { ExtractFileOptions, FileExtraction, PendingTranslation, PendingAlias } from './scanner';
export { extractProject, loadNamingRules, lastNamingRules, decodeSource } from './extractProject';
export type { ExtractProjectOptions, ProjectExtraction, FileRecord, FileCache, ExtractStats } from './extractProject';
export { parseIlean, readIleanFile, ileanPathFor, isInternalName } from './ilean';
export type { IleanFile, IleanDecl } from './ilean';
export { guessName, targetName, splitCase, parseGuessNameData } from './translate';
export type { NamingRules, GuessNameData } from './translate';
