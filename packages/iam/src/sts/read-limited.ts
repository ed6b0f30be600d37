/**
 * Read an HTTP body as text, but stop once it passes a byte limit, so an
 * oversized request or IdP response is refused without being held whole.
 */

/** The body as UTF-8 text, or undefined when it has more than `maxBytes` bytes. */
export async function readTextLimited(message: Request | Response, maxBytes: number): Promise<string | undefined> {
  const declared = Number(message.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) return undefined;
  if (!message.body) return '';
  const reader = message.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      // not awaited: the cancel of a tee'd stream (msw keeps a clone) settles only when every branch is cancelled
      reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
