/**
 * Source patches the app bundle applies to its dependencies, each for
 * first-frame time only (issue 4), each an exact text replacement that makes
 * the build fail if the dependency's code changes so it no longer applies.
 * test/startup-patches.test.ts bundles the patched and unpatched modules and
 * checks they give the same answers.
 *
 * - yoga-layout ships its WebAssembly inline as a data: URL and, when `fetch`
 *   exists, fetches that URL. In Node that loads undici only to decode bytes
 *   the module can decode itself (its fallback path, which both of its fetch
 *   checks lead to once `fetch` looks absent): about 30 ms before the first
 *   frame. The patch takes the fallback directly.
 * - string-width 8 tests every non-ASCII grapheme against /^\p{RGI_Emoji}$/v.
 *   Compiling that property-of-strings regex takes 35–50 ms on first use, so
 *   the first frame with a "▶" or "─" in it pays for it. Every RGI emoji
 *   holds an Emoji_Presentation code point or U+FE0F (they are fully
 *   qualified: keycaps and text-default bases carry FE0F, flags are regional
 *   indicators, tag sequences start with U+1F3F4, modifiers are
 *   Emoji_Presentation), so a grapheme with neither cannot match it. The
 *   patch asks that cheap question first and skips the regex when the answer
 *   is no; the regex still decides every grapheme that could be an emoji.
 *   Building the regex object costs another 14 ms when the module loads
 *   (V8 expands \p{RGI_Emoji} into its set of strings then), so a second
 *   patch builds it on the first grapheme that reaches it instead.
 * - string-width also segments every non-ASCII string into graphemes and
 *   runs several Unicode-property regexes on each: about 5 µs a character,
 *   and a frame measures its 120-column "─" rules and "…"-truncated lines
 *   over and over (about 20 ms of the first frame). For a string made only
 *   of code points whose Grapheme_Cluster_Break is Other (Latin-1, Latin
 *   Extended, punctuation, arrows, symbols, box drawing, shapes, Braille),
 *   every code point is a grapheme of its own (Unicode rule GB999), so the
 *   width is the sum of each code point's width. The patch measures each
 *   code point once with string-width's own algorithm and adds them up;
 *   anything else takes the original path.
 * - Ink draws each frame cell by cell, and @alcalzone/ansi-tokenize's
 *   diffAnsiCodes builds three Sets for every pair of neighbouring cells to
 *   find the escape codes between their styles. Between two cells of the
 *   same style (nearly all of them) the answer is no codes: every code of
 *   `from` is in `to` with the same end code, so nothing is undone, and
 *   nothing of `to` is new. The patch answers that case first; about 15 ms
 *   of a full 120x40 first frame. Its ansiCodesToString then builds a Set
 *   and an array to join those no codes for every cell; the patch answers
 *   "" for no codes.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/**
 * `version`, when given, limits a patch to the copies of the package whose
 * package.json version matches (wrap-ansi brings its own string-width 7,
 * which works differently and is left alone).
 * @type {{ name: string, file: RegExp, version?: RegExp, find: string, replace: string, count: number }[]}
 */
export const PATCHES = [
  {
    name: 'yoga-without-fetch',
    file: /[\\/]yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/,
    find: '"function"!=typeof fetch',
    replace: '!0',
    count: 2,
  },
  {
    name: 'string-width-emoji-precheck',
    file: /[\\/]node_modules[\\/]string-width[\\/]index\.js$/,
    version: /^8\./,
    find: 'if (rgiEmojiRegex.test(segment) ||',
    replace: 'if ((/[\\p{Emoji_Presentation}\\uFE0F]/u.test(segment) && rgiEmojiRegex.test(segment)) ||',
    count: 1,
  },
  {
    name: 'string-width-lazy-emoji-regex',
    file: /[\\/]node_modules[\\/]string-width[\\/]index\.js$/,
    version: /^8\./,
    find: 'const rgiEmojiRegex = /^\\p{RGI_Emoji}$/v;',
    replace:
      'let rgiEmojiRegexBuilt;\nconst rgiEmojiRegex = {test: (segment) => (rgiEmojiRegexBuilt ??= /^\\p{RGI_Emoji}$/v).test(segment)};',
    count: 1,
  },
  {
    name: 'string-width-simple-graphemes-table',
    file: /[\\/]node_modules[\\/]string-width[\\/]index\.js$/,
    version: /^8\./,
    find: 'const segmenter = new Intl.Segmenter();',
    replace: `const segmenter = new Intl.Segmenter();
// irsa-lab patch (string-width-simple-graphemes): code points whose Grapheme_Cluster_Break is Other, so that a
// string of them has one grapheme per code point; and each one's width, once measured, by ambiguousIsNarrow
const simpleGraphemes = /^[\\u0020-\\u007E\\u00A0-\\u00AC\\u00AE-\\u024F\\u2000-\\u200A\\u2010-\\u2027\\u2030-\\u205E\\u20A0-\\u20C0\\u2100-\\u27BF\\u2800-\\u28FF]+$/;
const simpleWidths = [new Map(), new Map()];`,
    count: 1,
  },
  {
    name: 'string-width-simple-graphemes',
    file: /[\\/]node_modules[\\/]string-width[\\/]index\.js$/,
    version: /^8\./,
    find: '\tlet width = 0;\n\tconst eastAsianWidthOptions = {ambiguousAsWide: !ambiguousIsNarrow};',
    replace: `\tif (string.length > 1 && simpleGraphemes.test(string)) {
\t\tconst widths = simpleWidths[ambiguousIsNarrow ? 0 : 1];
\t\tlet width = 0;
\t\tfor (let index = 0; index < string.length; index++) {
\t\t\tconst character = string[index];
\t\t\tlet characterWidth = widths.get(character);
\t\t\tif (characterWidth === undefined) {
\t\t\t\tcharacterWidth = stringWidth(character, {ambiguousIsNarrow});
\t\t\t\twidths.set(character, characterWidth);
\t\t\t}
\t\t\twidth += characterWidth;
\t\t}
\t\treturn width;
\t}
\tlet width = 0;
\tconst eastAsianWidthOptions = {ambiguousAsWide: !ambiguousIsNarrow};`,
    count: 1,
  },
  {
    name: 'ansi-codes-none',
    file: /[\\/]@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]ansiCodes\.js$/,
    find: 'export function ansiCodesToString(codes) {',
    replace: `export function ansiCodesToString(codes) {
    if (codes.length === 0) return "";`,
    count: 1,
  },
  {
    name: 'ansi-diff-same-style',
    file: /[\\/]@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]diff\.js$/,
    find: 'export function diffAnsiCodes(from, to) {',
    replace: `export function diffAnsiCodes(from, to) {
    if (from.length === to.length && from.every((c, i) => c.code === to[i].code && c.endCode === to[i].endCode)) return [];`,
    count: 1,
  },
];

/** `source` with `patch` applied; throws naming the file when the text to replace is not there `count` times. */
export function applyPatch(patch, source, path) {
  const found = source.split(patch.find).length - 1;
  if (found !== patch.count) {
    throw new Error(
      `${patch.name}: expected ${patch.count} occurrence(s) of ${JSON.stringify(patch.find)} in ${path}, found ${found}; the dependency changed, so review the patch in apps/lab/scripts/startup-patches.mjs`,
    );
  }
  return source.replaceAll(patch.find, patch.replace);
}

/** An esbuild plugin applying `patches` to the files they name. */
export function startupPatches(patches = PATCHES) {
  return {
    name: 'startup-patches',
    setup(b) {
      // one onLoad per file pattern, applying every patch for the file (esbuild uses the first onLoad that answers)
      const filters = new Map(patches.map((p) => [p.file.source, p.file]));
      for (const filter of filters.values()) {
        b.onLoad({ filter }, async (args) => {
          let version;
          const apply = [];
          for (const p of patches) {
            if (!p.file.test(args.path)) continue;
            if (p.version) {
              version ??= JSON.parse(await readFile(join(dirname(args.path), 'package.json'), 'utf8')).version;
              if (!p.version.test(version)) continue;
            }
            apply.push(p);
          }
          if (apply.length === 0) return undefined;
          let source = await readFile(args.path, 'utf8');
          for (const p of apply) source = applyPatch(p, source, args.path);
          return { contents: source, loader: 'js' };
        });
      }
    },
  };
}
