/**
 * The app bundle patches its dependencies for first-frame time
 * (scripts/startup-patches.mjs). Each patched module is bundled beside its
 * unpatched original, and both must give the same answers.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const appDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');

interface Patch {
  name: string;
  find: string;
  count: number;
}
interface PatchesModule {
  PATCHES: Patch[];
  applyPatch(patch: Patch, source: string, path: string): string;
  startupPatches(patches?: Patch[]): Plugin;
}
const patchesModule = (): Promise<PatchesModule> =>
  import(pathToFileURL(join(appDir, 'scripts/startup-patches.mjs')).href);

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'irsa-patches-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Bundles `source` (resolved from apps/irsa-lab) to a file, with or without the patches, and imports it. */
async function bundled<T>(name: string, source: string, patched: boolean | Patch[], target?: string): Promise<T> {
  const { startupPatches } = await patchesModule();
  const kind = patched === true ? 'patched' : patched === false ? 'original' : `some-${patched.length}`;
  const outfile = join(work, `${name}-${kind}.mjs`);
  await build({
    stdin: { contents: source, resolveDir: appDir, loader: 'js' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile,
    logLevel: 'silent',
    // as the app's bundle has (scripts/bundle.mjs), for CommonJS dependencies that require Node's modules
    banner: { js: "import{createRequire as __cr}from'module';const require=__cr(import.meta.url);" },
    ...(target ? { target } : {}),
    plugins: patched === false ? [] : [startupPatches(patched === true ? undefined : patched)],
  });
  return import(pathToFileURL(outfile).href);
}

type Width = (s: string) => number;

// about 2 s on an idle machine; the limits leave room for a loaded CI machine
const LIMITS = { timeout: 60_000 };

describe('string-width emoji pre-check', LIMITS, () => {
  let original: Width;
  let patched: Width;
  beforeAll(async () => {
    const source = "export { default } from 'string-width';";
    original = (await bundled<{ default: Width }>('string-width', source, false)).default;
    patched = (await bundled<{ default: Width }>('string-width', source, true)).default;
  }, LIMITS.timeout);

  test('every code point of planes 0, 1 and 14 has the same width', () => {
    const differ: string[] = [];
    const ranges: [number, number][] = [
      [0x20, 0xd7ff],
      [0xe000, 0x1ffff],
      [0xe0000, 0xe01ef],
    ];
    for (const [from, to] of ranges) {
      for (let cp = from; cp <= to; cp++) {
        const s = String.fromCodePoint(cp);
        if (patched(s) !== original(s)) differ.push(cp.toString(16));
      }
    }
    expect(differ).toEqual([]);
  });

  test('emoji with variation selectors, modifiers and in running text have the same width', () => {
    const emoji = /\p{Emoji}/u;
    const samples: string[] = [];
    for (let cp = 0x20; cp <= 0x1ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const c = String.fromCodePoint(cp);
      if (!emoji.test(c)) continue;
      samples.push(`${c}\uFE0F`, `${c}\uFE0E`, `${c}\u{1F3FD}`, `${c}\uFE0F\u20E3`, `a ${c} b`, `${c}\u200D${c}`);
    }
    samples.push(
      '🇺🇸',
      '🇺',
      '#️⃣',
      '#⃣',
      '🏴󠁧󠁢󠁳󠁣󠁴󠁿',
      '👩‍💻',
      '🏳️‍🌈',
      '🏳‍🌈',
      '❤️‍🔥',
      '👁️‍🗨️',
      '⛹🏻‍♀️',
      '☝🏻',
      'irsa-lab ▸ scenarios ─── ▶ happy-path … · ↑↓',
      '\u001b[1m▶\u001b[22m 🙂',
    );
    const differ = samples.filter((s) => patched(s) !== original(s));
    expect(samples.length).toBeGreaterThan(5000);
    expect(differ).toEqual([]);
  });

  test('the patch changed the module (it skips the emoji regex for plain symbols)', async () => {
    const { PATCHES } = await patchesModule();
    const patch = PATCHES.find((p) => p.name === 'string-width-emoji-precheck');
    expect(patch).toBeDefined();
    // widths of text-default symbols and real emoji, as the terminal shows them
    expect([patched('▶'), patched('─'), patched('🙂'), patched('▶️')]).toEqual([1, 1, 2, 2]);
  });
});

describe('string-width: the emoji regex is built when first needed', LIMITS, () => {
  test('loading the patched module builds no RGI_Emoji regex; plain symbols never do; the first emoji does, once', async () => {
    // bundled for node20 as the app is: esbuild writes /v regexes as new RegExp(...), so each build is seen here
    const built: string[] = [];
    const RealRegExp = globalThis.RegExp;
    globalThis.RegExp = new Proxy(RealRegExp, {
      construct(target, args, newTarget) {
        if (String(args[0]).includes('RGI_Emoji')) built.push(String(args[0]));
        return Reflect.construct(target, args, newTarget);
      },
    });
    try {
      const source = "export { default } from 'string-width';";
      await bundled<{ default: Width }>('string-width-node20', source, false, 'node20');
      const byOriginalLoad = built.length;
      const patched = (await bundled<{ default: Width }>('string-width-node20', source, true, 'node20')).default;
      const byPatchedLoad = built.length - byOriginalLoad;
      expect([patched('irsa-lab ▸ scenarios ─── ▶ happy-path … · ↑↓'), built.length - byOriginalLoad]).toEqual([44, 0]);
      expect([patched('🙂'), patched('👩‍💻'), built.length - byOriginalLoad]).toEqual([2, 2, 1]);
      // the original builds it as it loads: the check above could see a build
      expect([byOriginalLoad, byPatchedLoad]).toEqual([1, 0]);
    } finally {
      globalThis.RegExp = RealRegExp;
    }
  });
});

/** The code points a patch's `simpleGraphemes` regex accepts, read from the patch itself. */
async function simpleCodePoints(patchName: string): Promise<string[]> {
  const { PATCHES } = await patchesModule();
  const patch = PATCHES.find((p) => p.name === patchName) as (Patch & { replace: string }) | undefined;
  const pattern = /const simpleGraphemes = \/(.+)\/;/.exec(patch?.replace ?? '')?.[1];
  if (pattern === undefined) throw new Error(`${patchName} has no simpleGraphemes regex`);
  const regex = new RegExp(pattern);
  const found: string[] = [];
  for (let cp = 0; cp <= 0xffff; cp++) {
    const c = String.fromCharCode(cp);
    if (regex.test(c)) found.push(c);
  }
  return found;
}

/**
 * How `c` segments beside a character of every Grapheme_Cluster_Break
 * class, before and after it. Two characters with the same signature are of
 * the same class as far as the segmentation rules can tell.
 */
const graphemeSegmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const PROBES = [
  'a',
  '\u0301',
  '\u200D',
  '\u0903',
  '\u0600',
  '\u0001',
  '\r',
  '\n',
  '\u1100',
  '\u1161',
  '\u11A8',
  '\uAC00',
  '\uAC01',
  '🇺',
  '©',
];
const signature = (c: string) =>
  JSON.stringify(
    [...PROBES, c].map((p) => [
      [...graphemeSegmenter.segment(p + c)].length,
      [...graphemeSegmenter.segment(c + p)].length,
    ]),
  );

describe('string-width: strings of simple graphemes are measured a code point at a time', LIMITS, () => {
  type Options = { ambiguousIsNarrow?: boolean };
  type WidthWith = (s: string, options?: Options) => number;
  let original: WidthWith;
  let patched: WidthWith;
  let simple: string[];
  beforeAll(async () => {
    const source = "export { default } from 'string-width';";
    original = (await bundled<{ default: WidthWith }>('string-width', source, false)).default;
    patched = (await bundled<{ default: WidthWith }>('string-width', source, true)).default;
    simple = await simpleCodePoints('string-width-simple-graphemes-table');
  }, LIMITS.timeout);

  test("every simple code point segments as 'a' does (Grapheme_Cluster_Break Other), so nothing joins them", () => {
    expect(simple.length).toBeGreaterThan(2500);
    const other = signature('a');
    const differ = simple.filter((c) => signature(c) !== other);
    expect(differ.map((c) => c.charCodeAt(0).toString(16))).toEqual([]);
    // the check tells classes apart: a combining mark, a control, a jamo, CR and a regional indicator do not pass
    expect(['\u0301', '\u0001', '\u1100', '\r', '🇺'].filter((c) => signature(c) === other)).toEqual([]);
  });

  test('strings of simple code points, and mixed with others, have the same width, with either ambiguousIsNarrow', () => {
    const others = [
      '\u0301',
      '\u200D',
      '\uFE0F',
      '\u001b[1m',
      '\u001b[22m',
      '🙂',
      '👩‍💻',
      '\u1100\u1161',
      '🇺🇸',
      '\t',
      'e\u0301',
    ];
    const samples: string[] = [];
    for (const c of simple) samples.push(c + c, `a${c}b`, `${c}\u0301${c}`, `${c}\uFE0F `);
    // and strings of simple code points with others mixed in (fast-check prints the seed of a failure)
    const mixed = fc.array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...simple) }, fc.constantFrom(...others)), {
      minLength: 1,
      maxLength: 30,
    });
    samples.push(
      ...fc.sample(
        mixed.map((parts) => parts.join('')),
        { numRuns: 3000, seed: 11 },
      ),
    );
    samples.push(
      '─'.repeat(120),
      'irsa-lab ▸ scenarios',
      ` ▶ happy-path ${'x'.repeat(80)}…`,
      'type to filter · ↑↓ select',
    );
    const differ: string[] = [];
    for (const s of samples) {
      for (const options of [{}, { ambiguousIsNarrow: false }]) {
        if (patched(s, options) !== original(s, options))
          differ.push(`${JSON.stringify(s)} ${JSON.stringify(options)}`);
      }
    }
    expect(differ).toEqual([]);
    // ambiguous-width box drawing: narrow by default, wide when asked
    expect([patched('─'.repeat(10)), patched('─'.repeat(10), { ambiguousIsNarrow: false })]).toEqual([10, 20]);
  });

  test('a simple string is never segmented, nor is one code unit; the original segments each', () => {
    const calls = { count: 0 };
    const proto = Intl.Segmenter.prototype;
    const realSegment = proto.segment;
    proto.segment = function (this: Intl.Segmenter, input: string) {
      calls.count++;
      return realSegment.call(this, input);
    };
    try {
      const line = '─┬─ ▶ … · ↑↓ '.repeat(10);
      expect([patched(line), patched('▶'), patched('ŕ')]).toEqual([130, 1, 1]);
      const byPatched = calls.count;
      original(line);
      original('▶');
      const byOriginal = calls.count - byPatched;
      // and what is not simple still is: a combining mark
      expect(patched('e\u0301─')).toBe(2);
      expect([byPatched, byOriginal, calls.count - byPatched - byOriginal]).toEqual([0, 2, 1]);
    } finally {
      proto.segment = realSegment;
    }
  });
});

describe('Intl.Segmenter is built on first use, and text of simple graphemes never needs one', LIMITS, () => {
  type Text = {
    stringWidth(s: string): number;
    wrapAnsi(s: string, columns: number, options?: { hard?: boolean }): string;
    sliceAnsi(s: string, from: number, to?: number): string;
    tokenize(s: string): unknown[];
  };
  const source = `export { default as stringWidth } from 'string-width';
export { default as wrapAnsi } from 'wrap-ansi';
export { default as sliceAnsi } from 'slice-ansi';
export { tokenize } from '@alcalzone/ansi-tokenize';`;

  test('loading builds none; measuring and tokenizing a frame of simple text builds none; other text builds them', async () => {
    let built = 0;
    const intl = Intl as { Segmenter: typeof Intl.Segmenter }; // writable at run time, read-only in the types
    const RealSegmenter = intl.Segmenter;
    intl.Segmenter = new Proxy(RealSegmenter, {
      construct(target, args, newTarget) {
        built++;
        return Reflect.construct(target, args, newTarget);
      },
    });
    try {
      await bundled<Text>('text', source, false);
      const byOriginal = built;
      const patched = await bundled<Text>('text', source, true);
      const byPatchedLoad = built - byOriginal;
      const frame = [
        '\u001b[1mirsa-lab ▸ scenarios\u001b[22m',
        `\u001b[2m${'─'.repeat(120)}\u001b[22m`,
        ' ▶ happy-path  Set up…',
        'a',
      ];
      for (const line of frame) {
        patched.stringWidth(line);
        patched.tokenize(line);
        for (const c of line) patched.stringWidth(c);
      }
      const bySimpleText = built - byOriginal - byPatchedLoad;
      patched.stringWidth('e\u0301');
      patched.tokenize('👩‍💻');
      patched.wrapAnsi('wrap this ▶▶▶▶▶▶▶▶ text', 6, { hard: true }); // wrap-ansi 10 segments only words it splits
      patched.sliceAnsi('▶ slice', 1, 4);
      // string-width 8, ansi-tokenize, wrap-ansi and slice-ansi, each once
      expect([byOriginal, byPatchedLoad, bySimpleText, built - byOriginal - byPatchedLoad]).toEqual([4, 0, 0, 4]);
    } finally {
      intl.Segmenter = RealSegmenter;
    }
  });

  test('tokenize, wrap-ansi and slice-ansi answer as the originals', async () => {
    const original = await bundled<Text>('text', source, false);
    const patched = await bundled<Text>('text', source, true);
    const pieces = [
      'a',
      'b',
      ' ',
      '─',
      '▶',
      '…',
      '·',
      'é',
      '\u0301',
      '\r\n',
      '\n',
      '\r',
      '\t',
      '🙂',
      '👩‍💻',
      '🇺🇸',
      '\u1100\u1161',
      '\uFE0F',
      '\u00AD',
      '\u001b[1m',
      '\u001b[22m',
      '\u001b[38;5;208m',
      '\u001b]8;;https://example.com\u0007',
      '\u001b]8;;\u0007',
      '\u009B31m',
      '\u0007',
    ];
    // mostly simple text, as Ink's frames are, with the others mixed in
    const text = fc
      .array(fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...pieces.slice(0, 7)) }, fc.constantFrom(...pieces)), {
        maxLength: 20,
      })
      .map((parts) => parts.join(''));
    const texts = ['', '\r\n', ...fc.sample(text, { numRuns: 2000, seed: 3 })];
    expect(texts.filter((t) => t.includes('\r\n')).length).toBeGreaterThan(20);
    const differ: string[] = [];
    for (const text of texts) {
      if (JSON.stringify(patched.tokenize(text)) !== JSON.stringify(original.tokenize(text)))
        differ.push(`tokenize ${JSON.stringify(text)}`);
      if (patched.wrapAnsi(text, 5, { hard: true }) !== original.wrapAnsi(text, 5, { hard: true }))
        differ.push(`wrap ${JSON.stringify(text)}`);
      if (patched.sliceAnsi(text, 1, 6) !== original.sliceAnsi(text, 1, 6))
        differ.push(`slice ${JSON.stringify(text)}`);
    }
    expect(differ).toEqual([]);
  });

  test("ansi-tokenize's simple code points segment as 'a', a control or LF does, so each is a grapheme of its own", async () => {
    const simple = await simpleCodePoints('ansi-tokenize-lazy-segmenter');
    expect(simple.length).toBeGreaterThan(2500);
    const allowed = new Set([signature('a'), signature('\u0001'), signature('\n')]);
    const differ = simple.filter((c) => !allowed.has(signature(c)));
    expect(differ.map((c) => c.charCodeAt(0).toString(16))).toEqual([]);
    // CR joins a following LF, so it is left out
    expect(simple.includes('\r')).toBe(false);
    expect(allowed.has(signature('\r'))).toBe(false);
  });
});

describe("Node's assert and child_process modules are loaded only when needed", LIMITS, () => {
  /** Runs `bundle` in a new Node (Node's modules are loaded once per process) and reports what it loaded when. */
  function probe(bundle: string) {
    const script = `
const loaded = () => ['assert', 'child_process'].filter((name) => process.moduleLoadList.includes('NativeModule ' + name));
const m = await import(${JSON.stringify(pathToFileURL(bundle).href)});
const atImport = loaded();
const remove = m.onExit(() => {});
const afterOnExit = loaded();
let failure;
try { m.onExit('not a function'); } catch (error) { failure = [error.name, error.code, error.message]; }
console.log(JSON.stringify({ atImport, afterOnExit, remove: typeof remove, failure, size: m.terminalSize() }));`;
    const env = { ...process.env };
    delete env.COLUMNS;
    delete env.LINES;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env });
    expect(run.stderr).toBe('');
    return JSON.parse(run.stdout);
  }

  test('signal-exit checks its callback and terminal-size measures as the originals, without loading them up front', async () => {
    const source =
      "export { default as onExit } from 'signal-exit'; export { default as terminalSize } from 'terminal-size';";
    await bundled('node-modules', source, false);
    await bundled('node-modules', source, true);
    const original = probe(join(work, 'node-modules-original.mjs'));
    const patched = probe(join(work, 'node-modules-patched.mjs'));
    expect([original.atImport, patched.atImport, patched.afterOnExit]).toEqual([['assert', 'child_process'], [], []]);
    expect(patched.failure).toEqual([
      'AssertionError',
      'ERR_ASSERTION',
      'a callback must be provided for exit handler',
    ]);
    expect({ ...patched, atImport: [], afterOnExit: [] }).toEqual({ ...original, atImport: [], afterOnExit: [] });
    expect(patched.size).toEqual({ columns: expect.any(Number), rows: expect.any(Number) });
  });
});

describe('Yoga without fetch', LIMITS, () => {
  test('the patched Yoga never calls fetch nor atob and lays out like the original', async () => {
    const calls: string[] = [];
    const realFetch = globalThis.fetch;
    const realAtob = globalThis.atob;
    globalThis.fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
      calls.push(String(input).slice(0, 40));
      return realFetch(input, init);
    }) as typeof fetch;
    globalThis.atob = (data: string) => {
      calls.push(`atob ${data.length}`);
      return realAtob(data);
    };
    try {
      const source = `import Yoga from 'yoga-layout';
export function layout() {
  const root = Yoga.Node.create();
  root.setWidth(120);
  root.setFlexDirection(Yoga.FLEX_DIRECTION_ROW);
  const a = Yoga.Node.create();
  a.setFlexGrow(1);
  const b = Yoga.Node.create();
  b.setWidth(30);
  root.insertChild(a, 0);
  root.insertChild(b, 1);
  root.calculateLayout(undefined, undefined, Yoga.DIRECTION_LTR);
  return [a.getComputedLayout(), b.getComputedLayout()];
}`;
      type Layout = { layout(): unknown };
      const original = await bundled<Layout>('yoga', source, false);
      const fetchedByOriginal = calls.length;
      const patched = await bundled<Layout>('yoga', source, true);
      const byPatched = calls.length - fetchedByOriginal;
      // the original fetches the data: URL (undici decodes it); its fallback, without the decode patch, takes atob
      const { PATCHES } = await patchesModule();
      await bundled<Layout>(
        'yoga',
        source,
        PATCHES.filter((p) => p.name !== 'yoga-decode-with-buffer'),
      );
      expect(fetchedByOriginal).toBe(1);
      expect(calls[0]).toMatch(/^data:application\/octet-stream;base64,/);
      expect(byPatched).toBe(0);
      expect(calls.slice(fetchedByOriginal)).toEqual([expect.stringMatching(/^atob \d{5,}$/)]);
      expect(patched.layout()).toEqual(original.layout());
      expect(patched.layout()).toEqual([
        expect.objectContaining({ left: 0, width: 90 }),
        expect.objectContaining({ left: 90, width: 30 }),
      ]);
    } finally {
      globalThis.fetch = realFetch;
      globalThis.atob = realAtob;
    }
  });
});

describe('ansi-tokenize: no codes between cells of the same style', LIMITS, () => {
  type Code = { code: string; endCode: string };
  type Tokenizer = {
    diffAnsiCodes(from: Code[], to: Code[]): Code[];
    tokenize(text: string): unknown[];
    styledCharsFromTokens(tokens: unknown[]): { styles: Code[] }[];
    styledCharsToString(chars: { styles: Code[] }[]): string;
    ansiCodesToString(codes: Code[]): string;
  };
  const source =
    "export { diffAnsiCodes, tokenize, styledCharsFromTokens, styledCharsToString, ansiCodesToString } from '@alcalzone/ansi-tokenize';";

  test('diffAnsiCodes answers as the original for every pair of styles Ink meets', async () => {
    const original = await bundled<Tokenizer>('ansi-tokenize', source, false);
    const patched = await bundled<Tokenizer>('ansi-tokenize', source, true);
    // styles as Ink's output sees them: each character's reduced codes, from text with nested SGR codes
    const sgr = ['1', '2', '3', '4', '7', '22', '23', '24', '27', '31', '32', '36', '39', '90', '41', '49', '0'];
    const pool = new Map<string, Code[]>();
    let seed = 7;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let i = 0; i < 120; i++) {
      let text = '';
      for (let j = 0; j < 12; j++) text += `\u001b[${sgr[next(sgr.length)]}m${'ab'[next(2)]}`;
      for (const { styles } of original.styledCharsFromTokens(original.tokenize(text))) {
        pool.set(JSON.stringify(styles), styles);
      }
    }
    const styles = [...pool.values()];
    expect(styles.length).toBeGreaterThan(40);
    const differ: string[] = [];
    for (const from of styles) {
      // the same style as a separate copy, as two cells carry it
      const same = from.map((c) => ({ ...c }));
      for (const to of [...styles, same]) {
        const want = JSON.stringify(original.diffAnsiCodes(from, to));
        if (JSON.stringify(patched.diffAnsiCodes(from, to)) !== want)
          differ.push(`${JSON.stringify(from)} -> ${JSON.stringify(to)}`);
      }
      expect(patched.diffAnsiCodes(from, same)).toEqual([]);
    }
    expect(differ).toEqual([]);
  });
  test('lines of styled cells turn back into the same text as with the original', async () => {
    const original = await bundled<Tokenizer>('ansi-tokenize', source, false);
    const patched = await bundled<Tokenizer>('ansi-tokenize', source, true);
    const sgr = ['1', '2', '22', '36', '39', '0', '38;5;208', '48;2;1;2;3', '7', '27'];
    let seed = 5;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const lines = ['', 'plain ─── text', '\u001b[1mbold\u001b[22m and \u001b[2m─ dim\u001b[22m'];
    for (let i = 0; i < 300; i++) {
      let text = '';
      for (let j = 0; j < 10; j++) {
        const code = next(3) === 0 ? `\u001b[${sgr[next(sgr.length)]}m` : '';
        text += code + (['a', 'b', ' ', '▶', '…'][next(5)] ?? '').repeat(1 + next(4));
      }
      lines.push(text);
    }
    const differ = lines.filter(
      (line) =>
        patched.styledCharsToString(patched.styledCharsFromTokens(patched.tokenize(line))) !==
        original.styledCharsToString(original.styledCharsFromTokens(original.tokenize(line))),
    );
    expect(differ).toEqual([]);
    expect(patched.styledCharsToString(patched.styledCharsFromTokens(patched.tokenize(lines[2] ?? '')))).toBe(
      '\u001b[1mbold\u001b[22m and \u001b[2m─ dim\u001b[22m',
    );
    expect([patched.ansiCodesToString([]), original.ansiCodesToString([])]).toEqual(['', '']);
  });
});

test('a patch whose text is gone fails the build, naming the file and the patch', async () => {
  const { applyPatch } = await patchesModule();
  const patch = { name: 'demo', find: 'needle', replace: 'pin', count: 1 };
  expect(applyPatch(patch, 'a needle here', '/x/y.js')).toBe('a pin here');
  expect(() => applyPatch(patch, 'no match', '/x/y.js')).toThrow(/demo: expected 1 occurrence.*\/x\/y\.js, found 0/);
  expect(() => applyPatch(patch, 'needle needle', '/x/y.js')).toThrow(/found 2/);
});
