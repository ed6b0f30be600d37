/**
 * @irsa-lab/oidc-issuer: the EKS OIDC issuer of a simulated cluster: a seeded
 * ring of RSA keys rotating every 7 days, token signing, and the discovery
 * document and JWKS served through msw handlers.
 */

export type { DiscoveryDocument, JwksDocument, PublishedJwk } from './documents.js';
export { discoveryDocument, publishedJwk } from './documents.js';
export type { KeyDrawnEvent, KeyRetiredEvent, KeyRotatedEvent } from './events.js';
export type { IssuerHandlerOptions } from './handlers.js';
export { DISCOVERY_CACHE_CONTROL, issuerHandlers, JWKS_CACHE_CONTROL } from './handlers.js';
export type { Issuer, IssuerOptions, SignOptions } from './issuer.js';
export { createIssuer, DEFAULT_ROTATION_PERIOD_MS } from './issuer.js';
export type { KeySource } from './lib/key-pool.js';
export type { KeyInfo } from './lib/key-record.js';
export { RETENTION_LEEWAY_MS } from './lib/key-record.js';
export { kidFromPublicKey } from './lib/kid.js';
