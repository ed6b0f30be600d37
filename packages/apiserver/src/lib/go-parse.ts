/**
 * The few Go standard-library parsers whose quirks the pod identity webhook
 * inherits: strconv.ParseInt, strconv.ParseBool and one record of
 * encoding/csv with default settings.
 */

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** strconv.ParseInt(s, 10, 64): an optional sign and decimal digits, in int64 range; undefined on error. */
export function parseGoInt(text: string): number | undefined {
  if (!/^[+-]?\d+$/.test(text)) return undefined;
  const big = BigInt(text);
  if (big < INT64_MIN || big > INT64_MAX) return undefined;
  return Number(big);
}

/** strconv.ParseBool: 1 t T TRUE true True / 0 f F FALSE false False; undefined on error. */
export function parseGoBool(text: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(text)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(text)) return false;
  return undefined;
}

/**
 * The first record of `text` as Go's csv.Reader.Read returns it (comma
 * separator, no lazy quotes, no space trimming); undefined where Go returns
 * an error (bare or unterminated quote, empty input).
 */
export function parseGoCsvRecord(text: string): string[] | undefined {
  const body = text.replace(/^(\r?\n)+/, '');
  if (body === '') return undefined;
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (body[i] === '"') {
      i++;
      for (;;) {
        if (i >= body.length) return undefined;
        if (body[i] === '"') {
          if (body[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += body[i];
        i++;
      }
      if (i < body.length && body[i] !== ',' && body[i] !== '\n' && body[i] !== '\r') return undefined;
    } else {
      while (i < body.length && body[i] !== ',' && body[i] !== '\n') {
        if (body[i] === '"') return undefined;
        field += body[i];
        i++;
      }
      field = field.replace(/\r$/, '');
    }
    fields.push(field);
    if (body[i] !== ',') return fields;
    i++;
  }
}
