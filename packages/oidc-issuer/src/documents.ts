/**
 * The two documents the EKS issuer serves: the OpenID discovery document and
 * the JWKS at `<issuer>/keys`, with the field sets and orders of
 * docs/reference.md#discovery-and-keys.
 */

/** A published key, fields in the order EKS shows them; only public members. */
export interface PublishedJwk {
  readonly kty: 'RSA';
  readonly kid: string;
  readonly use: 'sig';
  readonly alg: 'RS256';
  readonly n: string;
  readonly e: string;
}

/** The JWKS served at `<issuer>/keys`. */
export interface JwksDocument {
  readonly keys: PublishedJwk[];
}

/** The discovery document served at `<issuer>/.well-known/openid-configuration`. */
export interface DiscoveryDocument {
  readonly issuer: string;
  readonly jwks_uri: string;
  readonly authorization_endpoint: 'urn:kubernetes:programmatic_authorization';
  readonly response_types_supported: string[];
  readonly subject_types_supported: string[];
  readonly claims_supported: string[];
  readonly id_token_signing_alg_values_supported: string[];
}

/** A key's public JWK, built member by member so no private member can leak. */
export function publishedJwk(key: { readonly kid: string; readonly n: string; readonly e: string }): PublishedJwk {
  return { kty: 'RSA', kid: key.kid, use: 'sig', alg: 'RS256', n: key.n, e: key.e };
}

/** The EKS discovery document (fresh arrays each call, so callers cannot change the issuer's answer). */
export function discoveryDocument(issuerUrl: string, jwksUri: string): DiscoveryDocument {
  return {
    issuer: issuerUrl,
    jwks_uri: jwksUri,
    authorization_endpoint: 'urn:kubernetes:programmatic_authorization',
    response_types_supported: ['id_token'],
    subject_types_supported: ['public'],
    claims_supported: ['sub', 'iss'],
    id_token_signing_alg_values_supported: ['RS256'],
  };
}
