/**
 * AWS Signature Version 4 verification, shared by STS (GetCallerIdentity)
 * and the small S3: header parsing, X-Amz-Date and clock skew, credential
 * scope, session token, payload hash and the signature itself.
 */

export type { ParsedAuth, SigV4Credential, SigV4FailureReason, SigV4Result, VerifySigV4Options } from './sigv4.js';
export { formatAmzDate, parseAmzDate } from './sigv4.js';
export { verifySigV4 } from './verify-sigv4.js';
