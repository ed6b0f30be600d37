/**
 * The services' `http`: msw's handlers, built without the call frame msw
 * records (a stack trace per handler), and Error.stackTraceLimit left as it
 * was, even when building a handler throws.
 */
import { http, SimNetwork } from '@irsa-lab/net';
import { HttpResponse, http as mswHttp } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';

const METHODS = ['all', 'head', 'get', 'post', 'put', 'delete', 'patch', 'options'] as const;
const limit = Error.stackTraceLimit;
afterEach(() => {
  Error.stackTraceLimit = limit;
});

describe('http: msw handlers without a call frame', () => {
  it.each(METHODS)('%s builds a handler with no call frame, where msw records one', (method) => {
    const ours = http[method]('https://svc.example/x', () => HttpResponse.text('ok'));
    const theirs = mswHttp[method]('https://svc.example/x', () => HttpResponse.text('ok'));
    expect(typeof theirs.info.callFrame).toBe('string');
    expect(ours.info.callFrame).toBeUndefined();
    expect(ours.info.method).toEqual(theirs.info.method);
    expect(ours.info.path).toBe(theirs.info.path);
  });

  it('leaves Error.stackTraceLimit as it found it', () => {
    Error.stackTraceLimit = 7;
    http.get('https://svc.example/x', () => HttpResponse.text('ok'));
    expect(Error.stackTraceLimit).toBe(7);
  });

  it('puts Error.stackTraceLimit back when msw refuses the handler', () => {
    Error.stackTraceLimit = 9;
    // msw throws on a path that is not a string or a RegExp
    expect(() => http.get(42 as unknown as string, () => HttpResponse.text('ok'))).toThrow();
    expect(Error.stackTraceLimit).toBe(9);
  });

  it('answers requests as msw would: the path is matched, the resolver sees the request', async () => {
    const network = new SimNetwork();
    network.addHost('svc.example', [
      http.post('https://svc.example/echo/:name', async ({ request, params }) =>
        HttpResponse.json({ name: params.name, body: await request.text() }),
      ),
    ]);
    const res = await network.fetch(new Request('https://svc.example/echo/pod', { method: 'POST', body: 'hi' }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ name: 'pod', body: 'hi' });
    // a method the handler does not take finds no handler, as with msw's own
    await expect(network.fetch(new Request('https://svc.example/echo/pod'))).rejects.toMatchObject({
      code: 'NET_UNHANDLED',
    });
  });
});
