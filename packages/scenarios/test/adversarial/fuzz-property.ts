/**
 * Token fuzzing: mutations of a genuine IRSA token (bytes of the
 * compact form, claims, header fields, segments) sent to STS. Property: STS
 * accepts no mutation that changes what was signed, i.e. any accepted token
 * decodes to exactly the original header and payload bytes. FUZZ_RUNS runs
 * (default 10,000), each one direct STS call on a world built once.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import { FUZZ_RUNS, type PropertyDef } from '../properties/runs.js';
import type { Arena } from './arena.js';
import { b64json, headerOf, payloadOf, segments } from './forge.js';

type Json = ReturnType<typeof JSON.parse>;
type Mutation =
  | { readonly kind: 'byte'; readonly at: number; readonly op: 'replace' | 'insert' | 'delete'; readonly ch: string }
  | { readonly kind: 'claim' | 'header'; readonly name: string; readonly value: Json | undefined }
  | { readonly kind: 'segments'; readonly op: 'swap' | 'drop-signature' | 'payload-twice' | 'extra-dot' | 'padding' };

const CLAIMS = ['iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti', 'kubernetes.io', 'azp', 'amr'];
const HEADERS = ['alg', 'kid', 'typ', 'crit', 'jku', 'jwk', 'x5u', 'x5c', 'b64', 'zip', 'cty'];
const CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ %';

const value: fc.Arbitrary<Json | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(
    'none',
    'HS256',
    'RS256',
    'sts.amazonaws.com',
    ['sts.amazonaws.com', 'x'],
    'system:serviceaccount:payments:other',
  ),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    kind: fc.constant('byte' as const),
    at: fc.nat(),
    op: fc.constantFrom<'replace' | 'insert' | 'delete'>('replace', 'insert', 'delete'),
    ch: fc.constantFrom(...CHARS),
  }),
  fc.record({
    kind: fc.constant('claim' as const),
    name: fc.oneof(fc.constantFrom(...CLAIMS), fc.string({ maxLength: 8 })),
    value,
  }),
  fc.record({
    kind: fc.constant('header' as const),
    name: fc.oneof(fc.constantFrom(...HEADERS), fc.string({ maxLength: 8 })),
    value,
  }),
  fc.record({
    kind: fc.constant('segments' as const),
    op: fc.constantFrom<'swap' | 'drop-signature' | 'payload-twice' | 'extra-dot' | 'padding'>(
      'swap',
      'drop-signature',
      'payload-twice',
      'extra-dot',
      'padding',
    ),
  }),
);

function edit(fields: Record<string, unknown>, name: string, v: Json | undefined): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...fields };
  if (v === undefined) delete copy[name];
  else copy[name] = v;
  return copy;
}

/** Apply one mutation to a compact JWS. */
export function mutate(token: string, m: Mutation): string {
  const [h, p, s] = segments(token);
  switch (m.kind) {
    case 'byte': {
      const at = m.at % (token.length + 1);
      if (m.op === 'insert') return token.slice(0, at) + m.ch + token.slice(at);
      if (m.op === 'delete') return token.slice(0, at) + token.slice(at + 1);
      return token.slice(0, at) + m.ch + token.slice(at + 1);
    }
    case 'claim':
      return `${h}.${b64json(edit(payloadOf(token), m.name, m.value))}.${s}`;
    case 'header':
      return `${b64json(edit(headerOf(token), m.name, m.value))}.${p}.${s}`;
    case 'segments':
      if (m.op === 'swap') return `${p}.${h}.${s}`;
      if (m.op === 'drop-signature') return `${h}.${p}.`;
      if (m.op === 'payload-twice') return `${h}.${p}${p}.${s}`;
      if (m.op === 'extra-dot') return `${h}..${p}.${s}`;
      return `${h}=.${p}=.${s}=`;
  }
}

/** The bytes a compact JWS's signature covers, decoded (undefined when it is not three segments). */
function signedContent(token: string): string | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const decode = (part: string) => Buffer.from(part, 'base64url').toString('hex');
  return `${decode(parts[0] ?? '')}.${decode(parts[1] ?? '')}`;
}

/** Apply mutations one after the other; a mutation that cannot parse what it edits leaves the token as it was. */
function mutateAll(token: string, ms: readonly Mutation[]): string {
  return ms.reduce((t, m) => {
    try {
      return mutate(t, m);
    } catch {
      return t;
    }
  }, token);
}

/** The fuzz property against a built arena and its genuine token (built once, in beforeAll). */
export function fuzzProperty(target: () => { a: Arena; token: string }): PropertyDef<Mutation[]> {
  return {
    title: 'accepts no mutation that changes what was signed',
    arbitrary: fc.array(mutation, { minLength: 1, maxLength: 3 }),
    numRuns: FUZZ_RUNS,
    msPerRun: 20,
    async check(ms) {
      const { a, token } = target();
      const mutated = mutateAll(token, ms);
      const out = await a.assume(mutated);
      if (out.ok) expect(signedContent(mutated)).toBe(signedContent(token));
    },
  };
}
