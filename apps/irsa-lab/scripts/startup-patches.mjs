/**
 * Source patches the app bundle applies to its dependencies, each for
 * first-frame time only (bench/app-first-frame), each an exact text replacement that makes
 * the build fail if the dependency's code changes so it no longer applies.
 * test/startup-patches.test.ts bundles the patched and unpatched modules and
 * checks they give the same answers.
 *
 * - yoga-layout ships its WebAssembly inline as a data: URL and, when `fetch`
 *   exists, fetches that URL. In Node that loads undici only to decode bytes
 *   the module can decode itself (its fallback path, which both of its fetch
 *   checks lead to once `fetch` looks absent): about 30 ms before the first
 *   frame. The patch takes the fallback directly. That fallback decodes the
 *   72 KB of WebAssembly with atob into a string, then copies it a
 *   character at a time into bytes (about 5 ms with the garbage); a second
 *   patch decodes it with Buffer.from(…, "base64").
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
 *   anything else takes the original path. A string of one UTF-16 code
 *   unit is one grapheme whatever it is, so it skips the segmenter too.
 * - string-width 8, wrap-ansi 10, slice-ansi and ansi-tokenize each
 *   build an Intl.Segmenter as they load; the first costs about 12 ms,
 *   loading ICU's break rules. The patches build each on first use. Ink
 *   tokenizes every line of every frame with ansi-tokenize; a line of only
 *   Grapheme_Cluster_Break Other, Control and LF code points (no CR, which
 *   joins a following LF) is one grapheme per code point, so the patch walks
 *   its code units instead of segmenting it. With the two string-width
 *   patches, the first frame builds no segmenter at all.
 * - signal-exit 3 (Ink's exit handler) loads Node's assert module for one
 *   argument check, which passes, and terminal-size loads child_process
 *   for its fallbacks when the terminal does not say its size: about 3 and
 *   4 ms of Node compiling its own modules. The patches load assert only
 *   for a check that fails, and child_process when first used.
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
 * Code points whose Unicode Grapheme_Cluster_Break is Other, as a regex
 * character class body: printable Latin-1 but U+00AD, Latin Extended-A and
 * -B, spaces and punctuation of General Punctuation, currency, letterlike
 * symbols, arrows, mathematical operators, technical symbols, enclosed
 * alphanumerics, box drawing, blocks, shapes, miscellaneous symbols,
 * dingbats and Braille. A string of only these has one grapheme per code
 * point (Unicode rule GB999: nothing joins them). All are in the BMP, so one
 * code point is one UTF-16 code unit. The test checks each against
 * Intl.Segmenter.
 */
const SIMPLE_CODE_POINTS =
  '\\u0020-\\u007E\\u00A0-\\u00AC\\u00AE-\\u024F\\u2000-\\u200A\\u2010-\\u2027\\u2030-\\u205E\\u20A0-\\u20C0\\u2100-\\u27BF\\u2800-\\u28FF';

/** `name` as an object whose segment() builds the Intl.Segmenter on first use (about 12 ms, loading ICU's break rules). */
const LAZY_SEGMENTER = (name, args) =>
  `let ${name}Built;\nconst ${name} = {segment: (input) => (${name}Built ??= new Intl.Segmenter(${args})).segment(input)};`;

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
    name: 'yoga-decode-with-buffer',
    file: /[\\/]yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/,
    find: 'var b=xa(a.slice(37)),c=new Uint8Array(b.length);for(a=0;a<b.length;++a)c[a]=b.charCodeAt(a);var d=c',
    replace: 'var d=Buffer.from(a.slice(37),"base64")',
    count: 1,
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
    name: 'string-width-lazy-segmenter',
    // string-width 8, and wrap-ansi's string-width 7: the same line
    file: /[\\/]node_modules[\\/]string-width[\\/]index\.js$/,
    version: /^[78]\./,
    find: 'const segmenter = new Intl.Segmenter();',
    replace: LAZY_SEGMENTER('segmenter', ''),
    count: 1,
  },
  {
    name: 'string-width-simple-graphemes-table',
    file: /[\\/]node_modules[\\/]string-width[\\/]index\.js$/,
    version: /^8\./,
    find: "import {eastAsianWidth} from 'get-east-asian-width';",
    replace: `import {eastAsianWidth} from 'get-east-asian-width';
// irsa-lab patch (string-width-simple-graphemes): code points whose Grapheme_Cluster_Break is Other, so that a
// string of them has one grapheme per code point; and each one's width, once measured, by ambiguousIsNarrow
const simpleGraphemes = /^[${SIMPLE_CODE_POINTS}]+$/;
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
    name: 'string-width-one-code-unit',
    file: /[\\/]node_modules[\\/]string-width[\\/]index\.js$/,
    version: /^8\./,
    find: 'for (const {segment} of segmenter.segment(string)) {',
    replace: 'for (const {segment} of (string.length === 1 ? [{segment: string}] : segmenter.segment(string))) {',
    count: 1,
  },
  {
    name: 'wrap-ansi-lazy-segmenter',
    // wrap-ansi 10 (Ink 8) segments with a segmenter of its own, built as it loads, where 9 used string-width 7's
    file: /[\\/]node_modules[\\/]wrap-ansi[\\/]index\.js$/,
    version: /^10\./,
    find: 'const segmenter = new Intl.Segmenter();',
    replace: LAZY_SEGMENTER('segmenter', ''),
    count: 1,
  },
  {
    name: 'slice-ansi-lazy-segmenter',
    file: /[\\/]node_modules[\\/]slice-ansi[\\/]tokenize-ansi\.js$/,
    find: "const GRAPHEME_SEGMENTER = new Intl.Segmenter(undefined, {granularity: 'grapheme'});",
    replace: LAZY_SEGMENTER('GRAPHEME_SEGMENTER', "undefined, {granularity: 'grapheme'}"),
    count: 1,
  },
  {
    name: 'ansi-tokenize-lazy-segmenter',
    file: /[\\/]@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]tokenize\.js$/,
    find: 'const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });',
    replace: `${LAZY_SEGMENTER('segmenter', 'undefined, { granularity: "grapheme" }')}
// irsa-lab patch (ansi-tokenize-simple-graphemes): code points whose Grapheme_Cluster_Break is Other, Control or LF
// (every one but CR, which joins a following LF), so that a string of them has one grapheme per code point
const simpleGraphemes = /^[\\u0000-\\u000C\\u000E-\\u001F\\u007F-\\u009F${SIMPLE_CODE_POINTS}]*$/;
const codeUnitSegments = (str) => Array.from(str, (segment, index) => ({ segment, index }));`,
    count: 1,
  },
  {
    name: 'ansi-tokenize-simple-graphemes',
    file: /[\\/]@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]tokenize\.js$/,
    find: 'for (const { segment, index } of segmenter.segment(str)) {',
    replace:
      'for (const { segment, index } of (simpleGraphemes.test(str) ? codeUnitSegments(str) : segmenter.segment(str))) {',
    count: 1,
  },
  {
    name: 'signal-exit-lazy-assert',
    file: /[\\/]node_modules[\\/]signal-exit[\\/]index\.js$/,
    version: /^3\./,
    find: "  var assert = require('assert')",
    replace: '  // irsa-lab patch (signal-exit-lazy-assert): assert is loaded where a check fails',
    count: 1,
  },
  {
    name: 'signal-exit-lazy-assert-check',
    file: /[\\/]node_modules[\\/]signal-exit[\\/]index\.js$/,
    version: /^3\./,
    find: "    assert.equal(typeof cb, 'function', 'a callback must be provided for exit handler')",
    replace:
      "    if (typeof cb != 'function') require('assert').equal(typeof cb, 'function', 'a callback must be provided for exit handler')",
    count: 1,
  },
  {
    name: 'terminal-size-lazy-child-process',
    file: /[\\/]node_modules[\\/]terminal-size[\\/]index\.js$/,
    find: "import {execFileSync} from 'node:child_process';",
    replace: `import {createRequire} from 'node:module';
const execFileSync = (...arguments_) => createRequire(import.meta.url)('node:child_process').execFileSync(...arguments_);`,
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
      `${patch.name}: expected ${patch.count} occurrence(s) of ${JSON.stringify(patch.find)} in ${path}, found ${found}; the dependency changed, so review the patch in apps/irsa-lab/scripts/startup-patches.mjs`,
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
