/**
 * The comments of a source file, found by reading it as a tokenizer would
 * (strings, template literals and regular expressions skipped), so a check
 * on comments neither misses one nor mistakes `'https://…'` or a string that
 * mentions a document for a comment.
 */

/** One comment: the line it starts on (1-based) and its text, markers included. */
export interface SourceComment {
  readonly line: number;
  readonly text: string;
}

/** Characters after which a `/` starts a regular expression rather than a division. */
const BEFORE_REGEX = new Set(['', ...'(,=:[!&|?{};+-*%<>~^']);
const KEYWORDS_BEFORE_REGEX = new Set(['return', 'typeof', 'case', 'in', 'of', 'delete', 'void', 'throw', 'new']);

/** The comments of JavaScript or TypeScript (JSX included) source. */
export function jsComments(source: string): SourceComment[] {
  const comments: SourceComment[] = [];
  const interpolations: number[] = []; // brace depth at which each open `${` of a template closes
  let depth = 0;
  let line = 1;
  let i = 0;
  let last = ''; // last significant character of code
  let word = ''; // last identifier of code

  // skip a quoted string or a template chunk starting after its opening quote; a template chunk may end at `${`
  const skipQuoted = (quote: string): void => {
    while (i < source.length) {
      const ch = source[i] as string;
      if (ch === '\\') {
        if (source[i + 1] === '\n') line++;
        i += 2;
        continue;
      }
      if (ch === '\n') {
        line++;
        if (quote !== '`') return; // an unterminated '' or "" (JSX text): stop at the line's end
      }
      i++;
      if (ch === quote) return;
      if (quote === '`' && ch === '$' && source[i] === '{') {
        i++;
        interpolations.push(depth);
        depth++;
        return;
      }
    }
  };

  while (i < source.length) {
    const ch = source[i] as string;
    const next = source[i + 1];
    if (ch === '\n') {
      line++;
      i++;
    } else if (ch === '/' && next === '/') {
      const end = source.indexOf('\n', i);
      const stop = end === -1 ? source.length : end;
      comments.push({ line, text: source.slice(i, stop) });
      i = stop;
    } else if (ch === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      const stop = end === -1 ? source.length : end + 2;
      const text = source.slice(i, stop);
      comments.push({ line, text });
      line += text.split('\n').length - 1;
      i = stop;
    } else if (ch === "'" || ch === '"' || ch === '`') {
      i++;
      skipQuoted(ch);
      last = ch;
      word = '';
    } else if (ch === '/' && (BEFORE_REGEX.has(last) || KEYWORDS_BEFORE_REGEX.has(word))) {
      i = regexEnd(source, i);
      last = '/';
      word = '';
    } else if (/\s/.test(ch)) {
      i++;
    } else {
      if (ch === '{') depth++;
      if (ch === '}') {
        depth--;
        if (interpolations.length > 0 && depth === interpolations[interpolations.length - 1]) {
          interpolations.pop();
          i++;
          skipQuoted('`');
          last = '`';
          word = '';
          continue;
        }
      }
      word = /[\w$]/.test(ch) ? (/[\w$]/.test(last) ? word + ch : ch) : '';
      last = ch;
      i++;
    }
  }
  return comments;
}

/** Where a regular expression literal that starts at `start` ends (after its flags); it never spans lines. */
function regexEnd(source: string, start: number): number {
  let i = start + 1;
  let inClass = false;
  while (i < source.length && source[i] !== '\n') {
    const ch = source[i];
    if (ch === '\\') i++;
    else if (ch === '[') inClass = true;
    else if (ch === ']') inClass = false;
    else if (ch === '/' && !inClass) {
      i++;
      while (i < source.length && /[a-z]/.test(source[i] as string)) i++;
      return i;
    }
    i++;
  }
  return i;
}

/** The comments of shell or YAML: from a `#` at the start of a line or after white space, outside quotes. */
export function hashComments(source: string): SourceComment[] {
  const comments: SourceComment[] = [];
  source.split('\n').forEach((text, index) => {
    let quote: string | undefined;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (quote !== undefined) {
        if (ch === '\\' && quote === '"') i++;
        else if (ch === quote) quote = undefined;
      } else if (ch === "'" || ch === '"') {
        quote = ch;
      } else if (ch === '#' && (i === 0 || /\s/.test(text[i - 1] as string))) {
        comments.push({ line: index + 1, text: text.slice(i) });
        return;
      }
    }
  });
  return comments;
}
