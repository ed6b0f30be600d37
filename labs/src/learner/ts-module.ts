/**
 * A learner's TypeScript file: typechecked with the compiler API (strict,
 * one file and what it imports), then loaded with tsx in a worker thread
 * of its own for each check (sandbox.ts), so edits are seen, an endless
 * loop can be stopped and nothing is left behind. Compiler errors come back
 * as `file:line:col`; a module or function that throws or hangs becomes a
 * LabInputError, never a crash or a freeze of the runner.
 */
import { basename, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import type ts from 'typescript';
import { LabInputError } from './input-error.js';
import type { LabFiles } from './lab-files.js';
import { LearnerSandbox, SandboxEnded } from './sandbox.js';

/**
 * How long one call into the learner's module may take before its thread is
 * terminated. The labs' calls take milliseconds; 5 s leaves room for a
 * loaded 2-core machine (and for the checker's own work the call waits on,
 * such as the simulated network), while a learner who wrote an endless loop
 * hears about it quickly.
 */
export const LEARNER_CALL_LIMIT_MS = 5000;

/**
 * How long loading the learner's module may take. Loading compiles the file
 * in its thread (tsx) and imports what it imports: about half a second on an
 * idle 2-core machine, but more than 5 s while other CPU-heavy work runs
 * beside it (measured at a load average of 27, when a 5 s limit stopped
 * correct solutions). An endless loop at the module's top level is rare;
 * waiting longer for it costs less than failing a learner's correct file.
 */
export const LEARNER_LOAD_LIMIT_MS = 30_000;
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

/** The learner modules loaded for a lab folder, each in its thread, until the check is over. */
const sandboxes = new WeakMap<LabFiles, { name: string; sandbox: LearnerSandbox }[]>();

async function stopSandboxes(files: LabFiles, name?: string): Promise<void> {
  const all = sandboxes.get(files) ?? [];
  const ending = all.filter((s) => name === undefined || s.name === name);
  sandboxes.set(
    files,
    all.filter((s) => !ending.includes(s)),
  );
  await Promise.all(ending.map((s) => s.sandbox.stop()));
}

/** End the threads of every learner module loaded for `files`: the check that loaded them is over. */
export function stopLearnerModules(files: LabFiles): Promise<void> {
  return stopSandboxes(files);
}

/**
 * Typecheck `name`, then import it in a worker thread of its own (so edits
 * since the last check count, and an endless loop can be stopped). Its
 * functions come back as async callables; call them through
 * {@link callLearner} or {@link settleLearner}, which hold the time limit.
 * @throws LabInputError TYPECHECK, RUNTIME if evaluating the module threw, TIMEOUT if it did not finish.
 */
export async function loadLearnerModule(
  files: LabFiles,
  name: string,
  limitMs = LEARNER_LOAD_LIMIT_MS,
): Promise<Record<string, unknown>> {
  await typecheckLearnerFile(files, name);
  const sandbox = new LearnerSandbox();
  sandboxes.set(files, [...(sandboxes.get(files) ?? []), { name, sandbox }]);
  await sandbox.started();
  return callLearner(files, name, 'loading the module', () => sandbox.load(files.path(name)), limitMs);
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
  limitMs = files.callLimitMs ?? LEARNER_CALL_LIMIT_MS,
): Promise<T> {
  const outcome = await settleLearner(files, name, what, call, limitMs);
  if (outcome.ok) return outcome.value;
  throw outcome.error;
}

/** The outcome of a learner call: its value, or what it threw (as the learner's error and as a LabInputError). */
export type LearnerOutcome<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly thrown: unknown; readonly error: LabInputError };

/** `validator.ts: verify(token) did not finish within 5 s, so ...`: the file, the call, the limit and the lab. */
function timeoutError(files: LabFiles, name: string, what: string, limitMs: number): LabInputError {
  return new LabInputError(
    'TIMEOUT',
    { file: name },
    `${what} did not finish within ${limitMs / 1000} s, so the check of lab ${basename(files.dir)} stopped it (a loop that never ends? a promise that never settles?)`,
  );
}

/**
 * Like {@link callLearner}, but hands back a throw instead of raising it. A
 * timeout still throws (and ends the module's thread), and so does an error
 * thrown outside any call (by a promise nobody awaited), which ended the thread.
 */
export async function settleLearner<T>(
  files: LabFiles,
  name: string,
  what: string,
  call: () => T | Promise<T>,
  limitMs = files.callLimitMs ?? LEARNER_CALL_LIMIT_MS,
): Promise<LearnerOutcome<T>> {
  let timer: NodeJS.Timeout | undefined;
  let stopping: Promise<void> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      // the thread may be spinning in a synchronous loop: only terminating it stops that
      stopping = stopSandboxes(files, name).catch(() => {});
      reject(timeoutError(files, name, what, limitMs));
    }, limitMs);
  });
  try {
    const value = await Promise.race([Promise.resolve().then(call), timeout]);
    return { ok: true, value };
  } catch (err) {
    if (stopping) {
      // whichever settled first (the timeout, or the call its stopping rejected), the thread is gone when this throws
      await stopping;
      throw timeoutError(files, name, what, limitMs);
    }
    if (err instanceof LabInputError && err.code === 'TIMEOUT') throw err;
    if (err instanceof SandboxEnded) throw endedError(files, name, what, err);
    const pos = positionInStack(err, files.path(name));
    const error = new LabInputError('RUNTIME', { file: name, ...pos }, `${what} threw ${errorText(err)}`);
    return { ok: false, thrown: err, error };
  } finally {
    clearTimeout(timer);
  }
}

/** The module's thread ended before `what` settled. */
function endedError(files: LabFiles, name: string, what: string, ended: SandboxEnded): LabInputError {
  if (ended.why === 'stopped') {
    return new LabInputError('TIMEOUT', { file: name }, `${what} could not run: the module was stopped before it`);
  }
  if (ended.why === 'exited') {
    return new LabInputError('RUNTIME', { file: name }, `${what} could not finish: the module ended its own thread`);
  }
  const pos = positionInStack(ended.uncaught, files.path(name));
  return new LabInputError(
    'RUNTIME',
    { file: name, ...pos },
    `${what} could not finish: ${errorText(ended.uncaught)} was thrown outside any call (by a promise nobody awaited?), which ended the module`,
  );
}
