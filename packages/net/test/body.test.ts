/**
 * readBodyLimited / readTextLimited: a body within the limit comes back
 * whole; one past it is refused by its declared length without reading, or
 * after reading just past the limit when it declares none.
 */

import { readBodyLimited, readTextLimited } from '@irsa-lab/net';
import { describe, expect, it } from 'vitest';

/** A request whose body arrives in `chunks` and declares no length. */
function streamed(chunks: string[]): Request {
  const encoder = new TextEncoder();
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = chunks[pulled++];
      if (next === undefined) controller.close();
      else controller.enqueue(encoder.encode(next));
    },
  });
  return new Request('https://svc.example/', { method: 'POST', body, duplex: 'half' } as RequestInit);
}

describe('reading a body with a byte limit', () => {
  it('returns a body within the limit, as bytes and as UTF-8 text (multi-byte characters counted in bytes)', async () => {
    const text = 'Action=x&name=café ☃';
    const bytes = new TextEncoder().encode(text);
    const exact = () => new Request('https://svc.example/', { method: 'POST', body: text });
    expect(await readTextLimited(exact(), bytes.byteLength)).toBe(text);
    expect(await readBodyLimited(exact(), bytes.byteLength)).toEqual({ bytes });
    expect(await readTextLimited(exact(), bytes.byteLength - 1)).toBeUndefined();
  });

  it('refuses by the declared Content-Length without reading the body', async () => {
    const response = new Response('x'.repeat(10), { headers: { 'content-length': '5000' } });
    expect(await readBodyLimited(response, 100)).toEqual({ tooLarge: 5000 });
    expect(response.bodyUsed).toBe(false);
  });

  it('reads a body without a length chunk by chunk and stops once it passes the limit', async () => {
    const read = await readBodyLimited(streamed(['aaaa', 'bbbb', 'cccc', 'dddd']), 10);
    expect(read).toEqual({ tooLarge: 12 });
    expect(await readTextLimited(streamed(['ab', 'cd', 'é']), 10)).toBe('abcdé');
  });

  it('gives an empty body for a message without one', async () => {
    expect(await readBodyLimited(new Request('https://svc.example/'), 0)).toEqual({ bytes: new Uint8Array(0) });
    expect(await readTextLimited(new Response(null), 0)).toBe('');
  });
});
