/**
 * Reset keeps a backup of what the learner wrote and restores the pristine
 * files; without a known pristine copy it changes nothing. The progress file
 * is read, written and updated; a broken one is a fresh start.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  EMPTY_PROGRESS,
  labsPaths,
  pristineLab,
  ResetError,
  readProgress,
  recordCheck,
  resetLab,
  updateProgress,
  withCurrent,
  writeProgress,
} from '@irsa-lab/labs';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { lab } from './helpers.js';

const NOW_MS = Date.UTC(2026, 0, 5, 9, 30);

function learnerTree() {
  const root = mkdtempSync(join(tmpdir(), 'reset-test-'));
  onTestFinished(() => rmSync(root, { recursive: true, force: true }));
  const paths = labsPaths(root);
  const dir = join(paths.exercises, lab(2).folder);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'trust.json'), '{ "my": "work in progress" }\n');
  writeFileSync(join(dir, 'notes.md'), 'my notes\n');
  return { paths, dir };
}

describe('resetLab', () => {
  it('backs up what the learner wrote, then restores the pristine files', () => {
    const { paths, dir } = learnerTree();
    const pristine = {
      source: 'git HEAD' as const,
      files: new Map([
        ['trust.json', Buffer.from('{ "pristine": true } // TODO\n')],
        ['README.md', Buffer.from('# readme\n')],
      ]),
    };
    const result = resetLab(paths, lab(2), NOW_MS, pristine);
    expect(result.backupDir).toBe(join(paths.backups, lab(2).folder, '2026-01-05T09-30-00-000Z'));
    expect(readFileSync(join(result.backupDir ?? '', 'trust.json'), 'utf8')).toBe('{ "my": "work in progress" }\n');
    expect(readFileSync(join(result.backupDir ?? '', 'notes.md'), 'utf8')).toBe('my notes\n');
    expect(readFileSync(join(dir, 'trust.json'), 'utf8')).toContain('"pristine"');
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toBe('# readme\n');
    expect(existsSync(join(dir, 'notes.md'))).toBe(true);
    expect([...result.restored].sort()).toEqual(['README.md', 'trust.json']);
  });

  it('two resets keep two backups', () => {
    const { paths } = learnerTree();
    const pristine = { source: 'git HEAD' as const, files: new Map([['trust.json', Buffer.from('x')]]) };
    resetLab(paths, lab(2), NOW_MS, pristine);
    resetLab(paths, lab(2), NOW_MS + 1000, pristine);
    expect(readdirSync(join(paths.backups, lab(2).folder))).toHaveLength(2);
  });

  it('refuses, changing nothing, when no pristine copy is known (not committed)', () => {
    const { paths, dir } = learnerTree();
    expect(pristineLab(dir).source).toBe('working tree');
    expect(() => resetLab(paths, lab(2), NOW_MS)).toThrow(ResetError);
    expect(readFileSync(join(dir, 'trust.json'), 'utf8')).toBe('{ "my": "work in progress" }\n');
    expect(existsSync(paths.backups)).toBe(false);
  });
});

describe('progress file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'progress-test-'));
  const path = join(dir, '.progress.json');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is empty when absent, and round-trips', () => {
    expect(readProgress(path)).toEqual(EMPTY_PROGRESS);
    writeProgress(path, withCurrent(recordCheck(EMPTY_PROGRESS, 'scoped-trust-policy', true), 'cross-account'));
    expect(readProgress(path)).toEqual({ done: ['scoped-trust-policy'], current: 'cross-account' });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ version: 1 });
  });

  it('a failed check takes a lab off the done list; a pass adds it once', () => {
    const p = recordCheck(recordCheck({ done: ['a', 'b'] }, 'a', false), 'b', true);
    expect(p.done).toEqual(['b']);
  });

  it('an update keeps what another program wrote since this one read the file', () => {
    writeProgress(path, { done: ['register-oidc-provider'], current: 'register-oidc-provider' });
    // the runner started here; then `labs check 2` passed lab 2 in another terminal
    updateProgress(path, (p) => recordCheck(p, 'scoped-trust-policy', true));
    // the runner's own change: lab 1 checked again, and failed
    const after = updateProgress(path, (p) => recordCheck(p, 'register-oidc-provider', false));
    expect(after).toEqual({ done: ['scoped-trust-policy'], current: 'register-oidc-provider' });
    expect(readProgress(path)).toEqual(after);
  });

  it('an update that changes nothing leaves the file as it was, byte for byte', () => {
    const text = '{"done":["b","a"],\n  "current": "a", "note": "mine"}\n';
    writeFileSync(path, text);
    expect(updateProgress(path, (p) => withCurrent(recordCheck(p, 'a', true), 'a'))).toEqual({
      done: ['b', 'a'],
      current: 'a',
    });
    expect(readFileSync(path, 'utf8')).toBe(text);
    updateProgress(path, (p) => recordCheck(p, 'c', true));
    expect(readProgress(path)).toEqual({ done: ['a', 'b', 'c'], current: 'a' });
  });

  it('a broken file is a fresh start', () => {
    writeFileSync(path, '{ not json');
    expect(readProgress(path)).toEqual(EMPTY_PROGRESS);
    writeFileSync(path, '{ "done": ["x", 3, "x"], "current": 7 }');
    expect(readProgress(path)).toEqual({ done: ['x'] });
  });
});
