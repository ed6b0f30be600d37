/**
 * readDocument: each kind of mistake in a user's document becomes one
 * problem with its path as segments, the right code, key or value, and the
 * one wording of that mistake (the text is asserted: it is what every
 * validator shows, so it is the point here).
 */
import { type DocumentProblem, firstInDocument, maxBytes, readDocument } from '@irsa-lab/core/document';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

function problems(schema: z.ZodType, value: unknown): readonly DocumentProblem[] {
  const read = readDocument(schema, value);
  if (read.ok) throw new Error('expected problems');
  return read.problems;
}

const only = (schema: z.ZodType, value: unknown) => {
  const [first, ...rest] = problems(schema, value);
  expect(rest).toEqual([]);
  return first;
};

describe('readDocument', () => {
  it('gives the output of a good document', () => {
    expect(readDocument(z.strictObject({ a: z.string() }), { a: 'x' })).toEqual({ ok: true, value: { a: 'x' } });
  });

  it('a missing field: at its own path, named', () => {
    expect(only(z.strictObject({ spec: z.strictObject({ name: z.string() }) }), { spec: {} })).toEqual({
      code: 'missing-field',
      path: ['spec', 'name'],
      at: 'value',
      message: 'missing required field "name"',
    });
  });

  it('a wrong type: what was expected and what was written, with the quote hint for text', () => {
    const schema = z.strictObject({
      n: z.string(),
      b: z.boolean(),
      l: z.array(z.string()),
      m: z.record(z.string(), z.string()),
    });
    expect(problems(schema, { n: 3600, b: 'yes', l: {}, m: [] }).map((p) => [p.code, p.path, p.message])).toEqual([
      ['wrong-type', ['n'], 'expected a string, got 3600 (quote it: "3600")'],
      ['wrong-type', ['b'], 'expected true or false, got "yes"'],
      ['wrong-type', ['l'], 'expected a list, got a mapping'],
      ['wrong-type', ['m'], 'expected a mapping, got a list'],
    ]);
  });

  it('an unknown field: at its key, naming the known ones', () => {
    expect(only(z.strictObject({ name: z.string().optional(), labels: z.string().optional() }), { colour: 1 })).toEqual(
      {
        code: 'unknown-field',
        path: ['colour'],
        at: 'key',
        message: 'unknown field "colour" (known: name, labels)',
      },
    );
  });

  it('a whole number out of range or of the wrong type: the same words with the range', () => {
    const schema = z.strictObject({ hops: z.int().min(1).max(64) });
    for (const hops of [0, 65, 1.5, 'two']) {
      const p = only(schema, { hops });
      expect(p?.message).toBe(`expected a whole number from 1 to 64, got ${JSON.stringify(hops)}`);
      expect(p?.code).toBe(typeof hops === 'number' && Number.isInteger(hops) ? 'out-of-range' : 'wrong-type');
    }
    expect(only(z.strictObject({ n: z.int() }), { n: 'x' })?.message).toBe('expected a whole number, got "x"');
  });

  it('a value outside its set, by enum or by discriminator', () => {
    expect(only(z.strictObject({ t: z.enum(['optional', 'required']) }), { t: 'maybe' })?.message).toBe(
      'expected one of "optional", "required", got "maybe"',
    );
    const rule = z.discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('allow') }),
      z.strictObject({ kind: z.literal('deny') }),
    ]);
    expect(only(z.array(rule), [{ kind: 'drop' }])).toEqual({
      code: 'not-one-of',
      path: [0, 'kind'],
      at: 'value',
      message: 'expected one of "allow", "deny", got "drop"',
    });
  });

  it('too many items, too long, a bad pattern described, an empty string', () => {
    const schema = z.strictObject({
      ids: z.array(z.string()).max(2).optional(),
      body: maxBytes(4).optional(),
      bucket: z
        .string()
        .regex(/^[a-z]+$/)
        .describe('a bucket name')
        .optional(),
      name: z.string().min(1).optional(),
    });
    expect(
      problems(schema, { ids: ['a', 'b', 'c'], body: 'ééé', bucket: 'B', name: '' }).map((p) => [p.code, p.message]),
    ).toEqual([
      ['too-many', 'at most 2 items, got 3'],
      ['too-long', 'at most 4 bytes, got 6'],
      ['bad-pattern', 'expected a bucket name, got "B"'],
      ['too-short', 'expected a non-empty string, got ""'],
    ]);
  });

  it('an int or a string: both expectations', () => {
    expect(only(z.union([z.int(), z.string()]), true)?.message).toBe('expected a whole number or a string, got true');
  });

  it('a bad key of a mapping: at the key', () => {
    const schema = z.record(z.string().regex(/^\w+$/).describe('a policy name'), z.unknown());
    expect(only(schema, { 'no spaces': 1 })).toMatchObject({ path: ['no spaces'], at: 'key', code: 'bad-pattern' });
  });
});

describe('firstInDocument', () => {
  it('picks the problem written first, zod order breaking ties', () => {
    const list: DocumentProblem[] = [
      { code: 'invalid', path: ['b'], at: 'value', message: 'b' },
      { code: 'invalid', path: ['a'], at: 'value', message: 'a' },
      { code: 'invalid', path: ['a2'], at: 'value', message: 'a2' },
    ];
    const lines: Record<string, number> = { a: 2, a2: 2, b: 3 };
    expect(firstInDocument(list, (path) => ({ line: lines[String(path[0])] ?? 0, column: 1 })).message).toBe('a');
  });

  it('puts a missing field after another problem at the same place (its parent)', () => {
    const list: DocumentProblem[] = [
      { code: 'missing-field', path: ['spec', 'trustPolicy'], at: 'value', message: 'missing' },
      { code: 'unknown-field', path: ['spec', 'trustpolicy'], at: 'key', message: 'unknown' },
    ];
    expect(firstInDocument(list, () => ({ line: 6, column: 3 })).message).toBe('unknown');
  });

  it('puts a missing field after every other problem inside its parent', () => {
    const list: DocumentProblem[] = [
      { code: 'missing-field', path: ['labs', 0, 'folder'], at: 'value', message: 'missing' },
      { code: 'bad-pattern', path: ['labs', 0, 'name'], at: 'value', message: 'name' },
      { code: 'wrong-type', path: ['other'], at: 'value', message: 'later' },
    ];
    const lines: Record<string, number> = { folder: 2, name: 2, other: 9 };
    const at = (path: readonly (string | number)[]) => ({
      line: lines[String(path.at(-1))] ?? 0,
      column: path.at(-1) === 'folder' ? 5 : 11,
    });
    expect(firstInDocument(list, at).message).toBe('name');
  });
});
