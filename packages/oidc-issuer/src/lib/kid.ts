/**
 * The key id (`kid`) of an issuer key. Observed EKS kids are 40 lower-case hex
 * characters, but how EKS derives them is not documented
 * (docs/reference.md#discovery-and-keys). As a
 * documented simplification we use the SHA-1 hex digest of the public key's
 * DER SubjectPublicKeyInfo: 40 hex characters, stable for a given key.
 * (Upstream Kubernetes uses unpadded base64url of SHA-256 over the same DER.)
 */
import { createHash, createPublicKey } from 'node:crypto';

/** The public members of an RSA key, base64url (RFC 7518 §6.3.1). */
export interface RsaPublicMembers {
  readonly n: string;
  readonly e: string;
}

/** SHA-1 hex of the DER SubjectPublicKeyInfo of an RSA public key. */
export function kidFromPublicKey(members: RsaPublicMembers): string {
  const spki = createPublicKey({ key: { kty: 'RSA', n: members.n, e: members.e }, format: 'jwk' }).export({
    type: 'spki',
    format: 'der',
  });
  return createHash('sha1').update(spki).digest('hex');
}
