/**
 * The same thing said for the same mistake everywhere a user writes a
 * document (core/src/document/wording.ts): one missing name, one wrong type and one unknown field, each made in a
 * Kubernetes manifest, a world file and a lab input (info.yaml), give the
 * same message (the wording is the point here, so the text is asserted),
 * each error composed once as `file:line[:column]: field: message` and
 * carrying the field's path as segments.
 */
import { isSimError } from '@irsa-lab/core';
import { isLabInputError, parseInfo } from '@irsa-lab/labs';
import { createWorld, loadWorld } from '@irsa-lab/world';
import { describe, expect, it } from 'vitest';

interface Seen {
  readonly text: string;
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly field: string | undefined;
  readonly path: unknown;
}

async function manifest(text: string): Promise<Seen> {
  const world = await createWorld({ seed: 1 });
  const err = await world.apply(text, 'm.yaml').then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isSimError(err)) throw new Error(`expected a SimError, got ${String(err)}`);
  const { line, column, field, path } = err.detail;
  return { text: err.message, line, column, field, path };
}

async function worldFile(text: string): Promise<Seen> {
  const err = await loadWorld(`apiVersion: irsa-lab.dev/v1\n${text}`, 'w.yaml', { seed: 1 }).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isSimError(err)) throw new Error(`expected a SimError, got ${String(err)}`);
  const { line, column, field, path } = err.detail;
  return { text: err.message, line, column, field, path };
}

const LAB = '    folder: 01-a\n    files: [x]\n    hint: h\n    checks: c\n';

function labInput(entry: string): Seen {
  let err: unknown;
  try {
    parseInfo(`labs:\n  - ${entry}`);
  } catch (e) {
    err = e;
  }
  if (!isLabInputError(err)) throw new Error(`expected a LabInputError, got ${String(err)}`);
  const { line, column } = err.position;
  return { text: err.message, line, column, field: undefined, path: err.path };
}

/** What every format says after `file:line[:column]: field: `. */
function says(seen: Seen, file: string, field: string): string {
  const where = seen.column !== undefined && file === 'info.yaml' ? `${seen.line}:${seen.column}` : `${seen.line}`;
  const prefix = `${file}:${where}: ${field}: `;
  expect(seen.text.startsWith(prefix), `${seen.text} starts with ${prefix}`).toBe(true);
  return seen.text.slice(prefix.length);
}

describe('the same mistake says the same thing in a manifest, a world file and a lab input', () => {
  it('a missing required name', async () => {
    const m = await manifest('apiVersion: v1\nkind: Namespace\nmetadata:\n  labels: {}\n');
    const w = await worldFile(
      'kind: Cluster\nmetadata:\n  colour: null\nspec:\n  region: us-west-2\n  account: "111122223333"\n',
    );
    const w2 = await worldFile('kind: Role\nmetadata: {}\nspec:\n  trustPolicy: {}\n');
    const l = labInput(LAB.trimStart());
    const expected = 'missing required field "name"';
    expect(says(m, 'm.yaml', 'metadata.name')).toBe(expected);
    expect(says(w2, 'w.yaml', 'metadata.name')).toBe(expected);
    expect(says(l, 'info.yaml', 'labs[0].name')).toBe(expected);
    expect([m.path, w2.path, l.path]).toEqual([
      ['metadata', 'name'],
      ['metadata', 'name'],
      ['labs', 0, 'name'],
    ]);
    // an unknown field next to it is met first, at its key
    expect(w.path).toEqual(['metadata', 'colour']);
  });

  it('a wrong type: a number where text is expected', async () => {
    const m = await manifest('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n  annotations:\n    team: 5\n');
    const w = await worldFile(
      'kind: PodIdentityAssociation\nspec:\n  namespace: 5\n  serviceAccount: s\n  roleArn: arn:aws:iam::111122223333:role/r\n',
    );
    const l = labInput(`name: a\n${LAB.replace('hint: h', 'hint: 5')}`);
    const expected = 'expected a string, got 5 (quote it: "5")';
    expect(says(m, 'm.yaml', 'metadata.annotations[team]')).toBe(expected);
    expect(says(w, 'w.yaml', 'spec.namespace')).toBe(expected);
    expect(says(l, 'info.yaml', 'labs[0].hint')).toBe(expected);
    expect([m.path, w.path, l.path]).toEqual([
      ['metadata', 'annotations', 'team'],
      ['spec', 'namespace'],
      ['labs', 0, 'hint'],
    ]);
  });

  it('an unknown field: named, at its key, with the fields each format knows there', async () => {
    const m = await manifest('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n  colour: blue\n');
    const w = await worldFile('kind: Role\nmetadata:\n  name: r\n  colour: blue\nspec:\n  trustPolicy: {}\n');
    const l = labInput(`name: a\n${LAB}    colour: blue\n`);
    expect(says(m, 'm.yaml', 'metadata.colour')).toBe(
      'unknown field "colour" (known: name, namespace, labels, annotations)',
    );
    expect(says(w, 'w.yaml', 'metadata.colour')).toBe('unknown field "colour" (known: name)');
    expect(says(l, 'info.yaml', 'labs[0].colour')).toBe(
      'unknown field "colour" (known: name, folder, files, hint, checks)',
    );
    expect([m.line, w.line, l.line]).toEqual([5, 5, 7]);
    expect([m.path, w.path, l.path]).toEqual([
      ['metadata', 'colour'],
      ['metadata', 'colour'],
      ['labs', 0, 'colour'],
    ]);
  });
});
