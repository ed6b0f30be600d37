/**
 * The app bundle patches four dependencies for first-frame time
 * (scripts/startup-patches.mjs). Each patched module is bundled beside its
 * unpatched original, and both must give the same answers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';
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

/** Bundles `source` (resolved from apps/lab) to a file, with or without the patches, and imports it. */
async function bundled<T>(name: string, source: string, patched: boolean, target?: string): Promise<T> {
  const { startupPatches } = await patchesModule();
  const outfile = join(work, `${name}-${patched ? 'patched' : 'original'}.mjs`);
  await build({
    stdin: { contents: source, resolveDir: appDir, loader: 'js' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile,
    logLevel: 'silent',
    ...(target ? { target } : {}),
    plugins: patched ? [startupPatches()] : [],
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
    // the code points the patch treats as simple, read from the patch itself
    const { PATCHES } = await patchesModule();
    const table = PATCHES.find((p) => p.name === 'string-width-simple-graphemes-table') as Patch & { replace: string };
    const pattern = /const simpleGraphemes = \/(.+)\/;/.exec(table.replace)?.[1];
    expect(pattern).toBeDefined();
    const regex = new RegExp(pattern ?? '');
    simple = [];
    for (let cp = 0; cp <= 0xffff; cp++) {
      const c = String.fromCharCode(cp);
      if (regex.test(c)) simple.push(c);
    }
  }, LIMITS.timeout);

  test("every simple code point is a grapheme of its own next to anything (Grapheme_Cluster_Break 'Other')", () => {
    const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
    const count = (s: string) => [...segmenter.segment(s)].length;
    expect(simple.length).toBeGreaterThan(2500);
    const joined = simple.filter(
      // Extend, SpacingMark or ZWJ would join the "a" before; Prepend the "a" after; Control would not take
      // the combining acute; Hangul jamo and regional indicators join their own kind or a trailing jamo
      (c) =>
        count(`a${c}`) !== 2 ||
        count(`${c}a`) !== 2 ||
        count(`${c}\u0301`) !== 1 ||
        count(c + c) !== 2 ||
        count(`${c}\u11A8`) !== 2,
    );
    expect(joined.map((c) => c.charCodeAt(0).toString(16))).toEqual([]);
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
    let seed = 11;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let i = 0; i < 3000; i++) {
      let s = '';
      const length = 1 + next(30);
      for (let j = 0; j < length; j++) s += next(5) === 0 ? others[next(others.length)] : simple[next(simple.length)];
      samples.push(s);
    }
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

  test('a simple string is not segmented again once its code points are known; the original segments it each time', () => {
    const calls = { count: 0 };
    const proto = Intl.Segmenter.prototype;
    const realSegment = proto.segment;
    proto.segment = function (this: Intl.Segmenter, input: string) {
      calls.count++;
      return realSegment.call(this, input);
    };
    try {
      const line = '─┬─ ▶ … · ↑↓ '.repeat(10);
      patched(line);
      const afterFirst = calls.count;
      patched(line);
      patched(line.slice(3));
      const patchedAgain = calls.count - afterFirst;
      original(line);
      const originalOnce = calls.count - afterFirst - patchedAgain;
      expect([patchedAgain, originalOnce]).toEqual([0, 1]);
    } finally {
      proto.segment = realSegment;
    }
  });
});

describe('Yoga without fetch', LIMITS, () => {
  test('the patched Yoga never calls fetch and lays out like the original', async () => {
    const calls: string[] = [];
    const realFetch = globalThis.fetch;
    globalThis.fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
      calls.push(String(input).slice(0, 40));
      return realFetch(input, init);
    }) as typeof fetch;
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
      expect(fetchedByOriginal).toBe(1);
      expect(calls[0]).toMatch(/^data:application\/octet-stream;base64,/);
      expect(calls.length).toBe(fetchedByOriginal);
      expect(patched.layout()).toEqual(original.layout());
      expect(patched.layout()).toEqual([
        expect.objectContaining({ left: 0, width: 90 }),
        expect.objectContaining({ left: 90, width: 30 }),
      ]);
    } finally {
      globalThis.fetch = realFetch;
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
