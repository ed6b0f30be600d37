/**
 * @irsa-lab/core/document: one way to check a document a user wrote (world
 * files, Kubernetes manifests, lab inputs) with zod, and one wording of each
 * mistake. A subpath of its own, so that what imports `@irsa-lab/core` does
 * not load zod.
 */
export type { DocumentPath, PathSegment } from './path.js';
export { fieldText } from './path.js';
export type { DocumentProblem, DocumentResult, ProblemParams } from './read-document.js';
export { firstInDocument, readDocument } from './read-document.js';
export { maxBytes } from './schemas.js';
export type { ProblemCode } from './wording.js';
export {
  describeValue,
  expectedGot,
  missingField,
  notOneOf,
  tooFew,
  tooLong,
  tooMany,
  unknownField,
} from './wording.js';
