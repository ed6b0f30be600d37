/**
 * The ordered lab metadata (`info.yaml`, rustlings' info.toml): for each lab
 * its name, folder, the files the learner edits, a hint and one sentence of
 * what is checked. Read strictly; a problem names info.yaml's line.
 */
import { readFileSync } from 'node:fs';
import { expectedGot } from '@irsa-lab/core/document';
import { z } from 'zod';
import { parseYaml } from './learner/parsed-doc.js';
import { inputProblem, readInput } from './learner/read-input.js';

/** One lab, as info.yaml describes it. */
export interface LabInfo {
  /** Position in the workshop, from 1. */
  readonly number: number;
  /** kebab-case, unique: `register-oidc-provider`. */
  readonly name: string;
  /** `01-register-oidc-provider`, under exercises/ and solutions/. */
  readonly folder: string;
  /** The files the learner edits, relative to the folder. */
  readonly files: readonly string[];
  readonly hint: string;
  /** What the checker checks, in one sentence. */
  readonly checks: string;
}

/** More labs than this in one file is a mistake. */
export const MAX_LABS = 99;
/** Files a learner edits in one lab, at most. */
export const MAX_LAB_FILES = 10;

const text = z.string().min(1);
const LAB = z.strictObject({
  name: z
    .string()
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/)
    .describe('kebab-case (a-z, 0-9 and -)'),
  folder: text,
  files: z
    .array(
      z
        .string()
        .regex(/^[A-Za-z0-9._-]+$/)
        .describe('a plain file name inside the lab folder'),
    )
    .min(1)
    .max(MAX_LAB_FILES),
  hint: text,
  checks: text,
});
const INFO = z.strictObject({ labs: z.array(LAB).min(1).max(MAX_LABS) });

/** Parse info.yaml text. @throws LabInputError naming `file` and the line. */
export function parseInfo(text: string, file = 'info.yaml'): LabInfo[] {
  const doc = parseYaml(text, file);
  const labs = readInput(doc, INFO).labs.map(
    (lab, i): LabInfo => ({
      number: i + 1,
      name: lab.name,
      folder: lab.folder,
      files: lab.files,
      hint: lab.hint.trim(),
      checks: lab.checks.trim(),
    }),
  );
  const seen = new Map<string, number>();
  for (const [i, lab] of labs.entries()) {
    const expected = `${String(lab.number).padStart(2, '0')}-${lab.name}`;
    if (lab.folder !== expected) {
      throw inputProblem(doc, ['labs', i, 'folder'], expectedGot(`"${expected}" (number, then name)`, lab.folder));
    }
    const before = seen.get(lab.name);
    if (before !== undefined) throw inputProblem(doc, ['labs', i, 'name'], `"${lab.name}" is already lab ${before}`);
    seen.set(lab.name, lab.number);
  }
  return labs;
}

/** Read and parse the info.yaml at `path`. */
export function loadInfo(path: string): LabInfo[] {
  return parseInfo(readFileSync(path, 'utf8'));
}

/** Levenshtein distance, for "did you mean". */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j] ?? 0;
      row[j] = Math.min(up + 1, (row[j - 1] ?? 0) + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return row[b.length] ?? 0;
}

/** The lab a learner means by `ref`: its number (`3`, `03`), name or folder. */
export function findLab(labs: readonly LabInfo[], ref: string): LabInfo | undefined {
  const text = ref.trim().toLowerCase();
  if (/^\d+$/.test(text)) return labs.find((l) => l.number === Number(text));
  return labs.find((l) => l.name === text || l.folder === text);
}

/** Up to three lab names closest to `ref`. */
export function closestLabs(labs: readonly LabInfo[], ref: string): LabInfo[] {
  const text = ref.trim().toLowerCase();
  return labs
    .map((lab) => ({
      lab,
      d: lab.name.includes(text) && text.length >= 3 ? 0 : distance(text, lab.name),
    }))
    .filter((x) => x.d <= Math.max(3, Math.floor(x.lab.name.length / 2)))
    .sort((a, b) => a.d - b.d || a.lab.number - b.lab.number)
    .slice(0, 3)
    .map((x) => x.lab);
}
