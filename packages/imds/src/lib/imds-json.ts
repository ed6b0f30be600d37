/** JSON the way IMDS writes its documents: one key a line, with a space either side of the colon. */

/** A flat JSON object laid out as IMDS lays out credentials and the identity document. */
export function imdsJson(fields: Readonly<Record<string, string | number | null>>): string {
  const lines = Object.entries(fields).map(([key, value]) => `  ${JSON.stringify(key)} : ${JSON.stringify(value)}`);
  return `{\n${lines.join(',\n')}\n}`;
}
