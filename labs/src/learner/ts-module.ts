/**
 * A learner's TypeScript file: typechecked with the compiler API (strict,
 * one file and what it imports), then loaded with tsx, freshly on every
 * check so edits are seen. Compiler errors come back as `file:line:col`;
 * a module or function that throws or hangs becomes a LabInputError, never
 * a crash of the runner.
 */
import { statSync } from 'node:fs';
import { relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import type ts from 'typescript';
import { LabInputError } from './input-error.js';
import type { LabFiles } from './lab-files.js';

/** How long one call into learner code may take. */
export const LEARNER_CALL_LIMIT_MS = 5000;
const MAX_REPORTED_ERRORS = 5;

type Ts = typeof ts;

/** The compiler is big: it is loaded on the first TypeScript check only. */
let compiler: Promise<Ts> | undefined;
const loadCompiler = (): Promise<Ts> => {
  compiler ??= import('typescript').then((m) => m.default);
  return compiler;
};

function compilerOptions(t: Ts): ts.CompilerOptions {
  return {
    strict: true,
    noEmit: true,
    target: t.ScriptTarget.ES2023,
    module: t.ModuleKind.NodeNext,
    moduleResolution: t.ModuleResolutionKind.NodeNext,
    lib: ['lib.es2023.d.ts'],
    types: [],
    skipLibCheck: true,
    forceConsistentCasingInFileNames: true,
  };
}

/** The only globals beyond the language: lab code gets time and I/O from its arguments, and may log. */
const GLOBALS_FILE = '/__irsa-lab__/globals.d.ts';
const GLOBALS = `declare var console: {
  log(...data: unknown[]): void;
  info(...data: unknown[]): void;
  warn(...data: unknown[]): void;
  error(...data: unknown[]): void;
  debug(...data: unknown[]): void;
};
`;

/** Library and dependency declarations parse once per process; only the learner's own files are re-read. */
const sourceCache = new Map<string, ts.SourceFile>();

function cachingHost(t: Ts, options: ts.CompilerOptions, learnerDir: string): ts.CompilerHost {
  const host = t.createCompilerHost(options, true);
  const original = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === GLOBALS_FILE || fileExists(name);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    if (fileName === GLOBALS_FILE) return t.createSourceFile(fileName, GLOBALS, languageVersion);
    const own = !relative(learnerDir, fileName).startsWith('..');
    const cached = own ? undefined : sourceCache.get(fileName);
    if (cached) return cached;
    const file = original(fileName, languageVersion, onError, shouldCreate);
    if (file && !own) sourceCache.set(fileName, file);
    return file;
  };
  return host;
}

function diagnosticLine(
  t: Ts,
  d: ts.Diagnostic,
  files: LabFiles,
): { line?: number; column?: number; file: string; text: string } {
  const text = t.flattenDiagnosticMessageText(d.messageText, '\n  ');
  if (!d.file || d.start === undefined) return { file: '(compiler)', text };
  const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
  const rel = relative(files.dir, d.file.fileName);
  return { file: rel.startsWith('..') ? d.file.fileName : rel, line: line + 1, column: character + 1, text };
}

/**
 * Typecheck `name` of the lab folder with strict options.
 * @throws LabInputError TYPECHECK at the first error, the next few in `more`.
 */
export async function typecheckLearnerFile(files: LabFiles, name: string): Promise<void> {
  const path = files.path(name);
  files.read(name); // FILE_MISSING before the compiler sees it
  const t = await loadCompiler();
  const options = compilerOptions(t);
  const program = t.createProgram([path, GLOBALS_FILE], options, cachingHost(t, options, files.dir));
  const diagnostics = t.getPreEmitDiagnostics(program).filter((d) => d.category === t.DiagnosticCategory.Error);
  const [first, ...rest] = diagnostics.map((d) => diagnosticLine(t, d, files));
  if (!first) return;
  const more = rest
    .slice(0, MAX_REPORTED_ERRORS - 1)
    .map((d) => `${d.file}${d.line ? `:${d.line}:${d.column}` : ''}: ${d.text}`);
  if (rest.length >= MAX_REPORTED_ERRORS) more.push(`... and ${rest.length - MAX_REPORTED_ERRORS + 1} more errors`);
  throw new LabInputError(
    'TYPECHECK',
    { file: first.file, ...(first.line ? { line: first.line, column: first.column } : {}) },
    first.text,
    more,
  );
}

let loads = 0;

/** Where in the file at `path` an error was thrown, from its stack (as a path or a file URL, maybe with a query). */
function positionInStack(err: unknown, path: string): { line: number; column: number } | undefined {
  const stack = err instanceof Error ? (err.stack ?? '') : '';
  for (const where of [pathToFileURL(path).href, path]) {
    for (const line of stack.split('\n')) {
      const at = line.indexOf(where);
      const m = at < 0 ? null : /^(?:\?[^:\s)]*)?:(\d+):(\d+)/.exec(line.slice(at + where.length));
      if (m) return { line: Number(m[1]), column: Number(m[2]) };
    }
  }
  return undefined;
}

function errorText(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return `a thrown ${typeof err}: ${String(err)}`;
}

/**
 * Typecheck and import `name` (a fresh copy: edits since the last check count).
 * @throws LabInputError TYPECHECK, or RUNTIME if evaluating the module threw.
 */
export async function loadLearnerModule(files: LabFiles, name: string): Promise<Record<string, unknown>> {
  await typecheckLearnerFile(files, name);
  const path = files.path(name);
  loads += 1;
  const url = `${pathToFileURL(path).href}?check=${loads}-${statSync(path).mtimeMs}`;
  // tsx inlines source maps; with them on, a throw in learner code points at the learner's own line
  process.setSourceMapsEnabled(true);
  try {
    const { tsImport } = await import('tsx/esm/api');
    return (await tsImport(url, { parentURL: import.meta.url, tsconfig: false })) as Record<string, unknown>;
  } catch (err) {
    const pos = positionInStack(err, path);
    throw new LabInputError('RUNTIME', { file: name, ...pos }, `loading the module threw ${errorText(err)}`);
  }
}

/**
 * Call into learner code (`what`: `verify(token)`), turning a throw into a
 * LabInputError RUNTIME and a call that does not settle within `limitMs`
 * into TIMEOUT. `expectThrow` callers use {@link settleLearner} instead.
 */
export async function callLearner<T>(
  files: LabFiles,
  name: string,
  what: string,
  call: () => T | Promise<T>,
  limitMs = LEARNER_CALL_LIMIT_MS,
): Promise<T> {
  const outcome = await settleLearner(files, name, what, call, limitMs);
  if (outcome.ok) return outcome.value;
  throw outcome.error;
}

/** The outcome of a learner call: its value, or what it threw (as the learner's error and as a LabInputError). */
export type LearnerOutcome<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly thrown: unknown; readonly error: LabInputError };

/** Like {@link callLearner}, but hands back a throw instead of raising it; a timeout still throws. */
export async function settleLearner<T>(
  files: LabFiles,
  name: string,
  what: string,
  call: () => T | Promise<T>,
  limitMs = LEARNER_CALL_LIMIT_MS,
): Promise<LearnerOutcome<T>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new LabInputError('TIMEOUT', { file: name }, `${what} did not finish within ${limitMs / 1000} s`));
    }, limitMs);
  });
  try {
    const value = await Promise.race([Promise.resolve().then(call), timeout]);
    return { ok: true, value };
  } catch (err) {
    if (err instanceof LabInputError && err.code === 'TIMEOUT') throw err;
    const pos = positionInStack(err, files.path(name));
    const error = new LabInputError('RUNTIME', { file: name, ...pos }, `${what} threw ${errorText(err)}`);
    return { ok: false, thrown: err, error };
  } finally {
    clearTimeout(timer);
  }
}
