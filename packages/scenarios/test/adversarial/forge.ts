/**
 * Token surgery for the adversarial suites: split and join compact JWS,
 * base64url JSON, sign with any header and any key (by hand, not jose),
 * and small edits (replace the payload, flip a signature bit). Nothing
 * here validates anything: it builds what an attacker would send.
 */
import { createHmac } from 'node:crypto';
import type { CryptoKey } from 'jose';

const encoder = new TextEncoder();

/** base64url of bytes, without padding. */
export function b64url(bytes: Uint8Array | string): string {
  return Buffer.from(typeof bytes === 'string' ? encoder.encode(bytes) : bytes).toString('base64url');
}

/** base64url of a JSON value. */
export function b64json(value: unknown): string {
  return b64url(JSON.stringify(value));
}

/** The three segments of a compact JWS. */
export function segments(token: string): [string, string, string] {
  const [header = '', payload = '', signature = ''] = token.split('.');
  return [header, payload, signature];
}

/** The decoded payload of a compact JWS (no verification). */
export function payloadOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(segments(token)[1], 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** The decoded protected header of a compact JWS. */
export function headerOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(segments(token)[0], 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** A JWS whose header and payload are replaced but whose signature is kept. */
export function withParts(token: string, parts: { header?: unknown; payload?: unknown; signature?: string }): string {
  const [h, p, s] = segments(token);
  return [
    parts.header === undefined ? h : b64json(parts.header),
    parts.payload === undefined ? p : b64json(parts.payload),
    parts.signature ?? s,
  ].join('.');
}

/**
 * Sign `payload` under exactly `header`, by hand (WebCrypto for RS256, HMAC
 * for HS256), so headers jose would refuse to produce (odd crit lists, alg
 * confusion) can still carry a signature that is genuine for `key`.
 */
export async function signRaw(
  header: Record<string, unknown>,
  payload: unknown,
  key: CryptoKey | Uint8Array,
  how: 'RS256' | 'HS256' = 'RS256',
): Promise<string> {
  const input = `${b64json(header)}.${b64json(payload)}`;
  if (how === 'HS256') {
    const mac = createHmac('sha256', Buffer.from(key as Uint8Array))
      .update(input)
      .digest();
    return `${input}.${b64url(mac)}`;
  }
  const signature = await crypto.subtle.sign('RSASSA-PKCS1-v1_5', key as CryptoKey, encoder.encode(input));
  return `${input}.${b64url(new Uint8Array(signature))}`;
}

/** Flip one bit of the signature's first byte. */
export function flipSignatureBit(token: string): string {
  const [h, p, s] = segments(token);
  const bytes = Buffer.from(s, 'base64url');
  bytes[0] = (bytes[0] ?? 0) ^ 1;
  return `${h}.${p}.${bytes.toString('base64url')}`;
}
