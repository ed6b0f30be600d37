/**
 * Id makers: every identifier the simulated systems hand out (Kubernetes
 * UIDs, JWT jti, AWS unique ids, access keys, EKS cluster ids, request ids),
 * drawn from the seeded Rng so a seed reproduces them.
 */
import type { Rng } from './rng.js';

const HEX = '0123456789abcdef';
/** AWS unique ids use upper-case letters and digits 2-7 after their four-letter prefix. */
const AWS_ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** Two lower-case hex digits of each byte value. */
const BYTE_HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Prefixes of AWS unique ids (IAM "Unique identifiers"). */
export type AwsIdPrefix = 'AROA' | 'ASIA' | 'AKIA' | 'AIDA' | 'AIPA';

export class IdMaker {
  constructor(private readonly rng: Rng) {}

  /** RFC 4122 version-4 UUID (Kubernetes UIDs, JWT jti, request ids). */
  uuid(): string {
    const b = this.rng.bytes(16);
    b[6] = ((b[6] as number) & 0x0f) | 0x40;
    b[8] = ((b[8] as number) & 0x3f) | 0x80;
    const x = (from: number, to: number) => {
      let s = '';
      for (let i = from; i < to; i++) s += BYTE_HEX[b[i] as number];
      return s;
    };
    return [x(0, 4), x(4, 6), x(6, 8), x(8, 10), x(10, 16)].join('-');
  }

  /** An AWS unique id: prefix + 16 characters, 20 in all (AROA... for roles, ASIA... for session keys). */
  awsId(prefix: AwsIdPrefix): string {
    return prefix + this.rng.chars(AWS_ID_ALPHABET, 16);
  }

  /** A 40-character secret access key. */
  secretAccessKey(): string {
    return this.rng.chars(BASE64, 40);
  }

  /** An opaque session token (the real ones are long base64 blobs). */
  sessionToken(): string {
    return `IQoJb3JpZ2luX2Vj${this.rng.chars(BASE64, 300)}`;
  }

  /** An EKS OIDC issuer id: 32 upper-case hex characters. */
  clusterId(): string {
    return this.rng.chars(HEX, 32).toUpperCase();
  }

  /** An EC2 instance id, i-0 followed by 16 hex characters. */
  instanceId(): string {
    return `i-0${this.rng.chars(HEX, 16)}`;
  }

  /** Lower-case hex string of `length` characters. */
  hex(length: number): string {
    return this.rng.chars(HEX, length);
  }
}
