/**
 * info.yaml: the fourteen labs load, in order, each with its folders, files,
 * hint and checks; a broken info.yaml names its line; labs are found by
 * number or name, with the closest names for a typo. The workshop world's
 * constants (issuer URL in every README) match the seeded world.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLUSTER_NAME, closestLabs, findLab, ISSUER_ID, ISSUER_URL, parseInfo, WORKSHOP_SEED } from '@irsa-lab/labs';
import { createWorld } from '@irsa-lab/world';
import { describe, expect, it } from 'vitest';
import { LABS, LABS_ROOT } from './helpers.js';

describe('info.yaml', () => {
  it('holds the fourteen labs of the catalogue, in order, each with existing folders and files', () => {
    expect(LABS.map((l) => l.name)).toEqual([
      'register-oidc-provider',
      'scoped-trust-policy',
      'annotate-service-account',
      'least-privilege-s3',
      'lock-down-imds',
      'fix-permissive-trust',
      'jwks-caching-validator',
      'refresh-cached-token',
      'cross-account',
      'fix-audience',
      'pod-identity-trust',
      'pod-identity-association',
      'pod-identity-abac',
      'pod-identity-migration',
    ]);
    for (const lab of LABS) {
      for (const f of lab.files)
        expect(existsSync(join(LABS_ROOT, 'exercises', lab.folder, f)), `${lab.folder}/${f}`).toBe(true);
      expect(lab.hint.length).toBeGreaterThan(40);
      expect(lab.checks.length).toBeGreaterThan(40);
    }
  });

  it('a broken info.yaml names the line and what was expected', () => {
    expect(() => parseInfo('labs:\n  - name: a\n    folder: 01-a\n    files: [x]\n    hint: h\n')).toThrow(
      /^info\.yaml:2:\d+: labs\[0\]\.checks: missing required field "checks"/,
    );
    expect(() => parseInfo('labs:\n  - name: Bad Name\n')).toThrow(
      /^info\.yaml:2:\d+: labs\[0\]\.name: expected kebab-case/,
    );
    expect(() =>
      parseInfo('labs:\n  - name: a\n    folder: 02-a\n    files: [x]\n    hint: h\n    checks: c\n'),
    ).toThrow(/^info\.yaml:3:\d+: labs\[0\]\.folder: expected "01-a" \(number, then name\), got "02-a"/);
    expect(() => parseInfo('labs: [\n')).toThrow(/^info\.yaml:\d+:\d+: YAML syntax error/);
    expect(() => parseInfo('labs:\n  - name: a\n    colour: red\n')).toThrow(
      /^info\.yaml:3:\d+: labs\[0\]\.colour: unknown field/,
    );
  });

  it('finds labs by number, name or folder, and suggests the closest names', () => {
    expect(findLab(LABS, '03')?.name).toBe('annotate-service-account');
    expect(findLab(LABS, 'cross-account')?.number).toBe(9);
    expect(findLab(LABS, '10-fix-audience')?.number).toBe(10);
    expect(findLab(LABS, 'audience')).toBeUndefined();
    expect(closestLabs(LABS, 'audience').map((l) => l.name)).toEqual(['fix-audience']);
    expect(closestLabs(LABS, 'least-privlege-s3')[0]?.name).toBe('least-privilege-s3');
  });
});

describe('the workshop world', () => {
  it('has the issuer the READMEs and solutions name', async () => {
    const world = await createWorld({ seed: WORKSHOP_SEED, clusterName: CLUSTER_NAME });
    expect(world.issuer.issuerUrl).toBe(ISSUER_URL);
    for (const lab of LABS) {
      for (const dir of ['exercises', 'solutions']) {
        const files = [...lab.files, ...(dir === 'exercises' ? ['README.md'] : [])];
        for (const f of files) {
          const text = readFileSync(join(LABS_ROOT, dir, lab.folder, f), 'utf8');
          for (const id of text.matchAll(/\/id\/([0-9A-F]{32})/g))
            expect(id[1], `${dir}/${lab.folder}/${f}`).toBe(ISSUER_ID);
        }
      }
    }
  });
});
