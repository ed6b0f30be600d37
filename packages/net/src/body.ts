/**
 * Reading an HTTP body with a byte limit, for every service on the network
 * (STS requests and JWKS responses, the Kubernetes API, S3 objects): an
 * oversized body is refused once it passes the limit, never held whole.
 */

/** A body read within its limit, or how large it claimed or turned out to be past it. */
export type LimitedBody = { readonly bytes: Uint8Array } | { readonly tooLarge: number };

/** The body of `message` as bytes, or `tooLarge` once its declared or actual size passes `maxBytes`. */
export async function readBodyLimited(message: Request | Response, maxBytes: number): Promise<LimitedBody> {
  const declared = Number(message.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) return { tooLarge: declared };
  if (!message.body) return { bytes: new Uint8Array(0) };
  const reader = message.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      // not awaited: cancelling one branch of a tee'd (cloned) body settles only when every branch is cancelled
      reader.cancel().catch(() => undefined);
      return { tooLarge: total };
    }
    chunks.push(value);
  }
  return { bytes: new Uint8Array(Buffer.concat(chunks)) };
}

/** The body of `message` as UTF-8 text, or undefined when it has more than `maxBytes` bytes. */
export async function readTextLimited(message: Request | Response, maxBytes: number): Promise<string | undefined> {
  const read = await readBodyLimited(message, maxBytes);
  return 'bytes' in read
    ? Buffer.from(read.bytes.buffer, read.bytes.byteOffset, read.bytes.byteLength).toString('utf8')
    : undefined;
}
