/**
 * The ordered lab metadata (`info.yaml`, rustlings' info.toml): for each lab
 * its name, folder, the files the learner edits, a hint and one sentence of
 * what is checked. Read strictly; a problem names info.yaml's line.
 */
import { readFileSync } from 'node:fs';
import { FieldReader } from './learner/fields.js';
import { parseYaml } from './learner/parsed-doc.js';

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

const NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const FILE = /^[A-Za-z0-9._-]+$/;
/** More labs than this in one file is a mistake. */
export const MAX_LABS = 99;

/** Parse info.yaml text. @throws LabInputError naming `file` and the line. */
export function parseInfo(text: string, file = 'info.yaml'): LabInfo[] {
  const reader: FieldReader = new FieldReader(parseYaml(text, file));
  reader.obj([], ['labs']);
  const list = reader.get(['labs']);
  if (!Array.isArray(list) || list.length === 0) reader.fail(['labs'], 'expected a non-empty list of labs');
  if (list.length > MAX_LABS) reader.fail(['labs'], `at most ${MAX_LABS} labs`);
  const labs = list.map((_, i): LabInfo => {
    const at = ['labs', i];
    reader.obj(at, ['name', 'folder', 'files', 'hint', 'checks']);
    const name = reader.str([...at, 'name']);
    if (!NAME.test(name)) reader.fail([...at, 'name'], 'expected kebab-case (a-z, 0-9 and -)');
    const folder = reader.str([...at, 'folder']);
    const expected = `${String(i + 1).padStart(2, '0')}-${name}`;
    if (folder !== expected) reader.fail([...at, 'folder'], `expected "${expected}" (number, then name)`);
    const files = reader.strList([...at, 'files'], 10);
    if (files.length === 0) reader.fail([...at, 'files'], 'list at least one file the learner edits');
    files.forEach((f, j) => {
      if (!FILE.test(f)) reader.fail([...at, 'files', j], 'expected a plain file name inside the lab folder');
    });
    return {
      number: i + 1,
      name,
      folder,
      files,
      hint: reader.str([...at, 'hint']).trim(),
      checks: reader.str([...at, 'checks']).trim(),
    };
  });
  const seen = new Map<string, number>();
  labs.forEach((lab, i) => {
    const before = seen.get(lab.name);
    if (before !== undefined) reader.fail(['labs', i, 'name'], `"${lab.name}" is already lab ${before}`);
    seen.set(lab.name, lab.number);
  });
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
