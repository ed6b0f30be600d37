/**
 * The fast dispatch (dispatch.ts) must give exactly the answers msw's
 * `getResponse` gives with every handler of the host: the same handler
 * wins, misses stay misses, order is kept. Each case below is run both
 * ways on fresh handler instances and the answers compared.
 */
import { getResponse, HttpResponse, http, type RequestHandler } from 'msw';
import { describe, expect, it } from 'vitest';
import { HandlerIndex, respond } from './dispatch.js';
import { callerOf, OUTSIDE, SimNetwork } from './index.js';

/** A handler that answers with its own label (and the body it read, for requests with one). */
function labelled(label: string) {
  return async ({ request }: { request: Request }) => {
    const body = request.method === 'GET' || request.method === 'HEAD' ? '' : await request.text();
    return HttpResponse.text(body ? `${label}:${body}` : label);
  };
}

/** Handlers of every shape the index treats differently; built fresh for each path (some keep state). */
function handlerSet(): RequestHandler[] {
  return [
    http.post('http://127.0.0.1:4000/', labelled('sts-post')),
    http.all('http://127.0.0.1:4000/', labelled('sts-all')),
    http.get('http://127.0.0.1:4001/objects/:key', labelled('s3-get')),
    http.put('http://127.0.0.1:4001/objects/:key', labelled('s3-put')),
    http.get('HTTP://LOCALHOST:4002/Keys', labelled('upper-case-origin')),
    http.get('https://sts.:region.amazonaws.com/', labelled('param-in-host')),
    http.get('https://sts.amazonaws.com/', labelled('global-sts')),
    http.get('https://sts.amazonaws.com:443/', labelled('explicit-default-port')),
    http.get('*/anywhere', labelled('wildcard-origin')),
    http.get('/relative', labelled('relative-path')),
    http.get(/\/regexp$/, labelled('regexp-path')),
    http.get('http://127.0.0.1:4003/pass', () => undefined),
    http.get('http://127.0.0.1:4003/pass', labelled('after-passthrough')),
    http.get('http://127.0.0.1:4003/once', labelled('once'), { once: true }),
    http.get('http://127.0.0.1:4003/once', labelled('after-once')),
    http.get('http://127.0.0.1:4003/cookie', ({ cookies }) => HttpResponse.text(`cookie:${cookies.a ?? ''}`)),
    http.head('http://127.0.0.1:4003/head', () => new HttpResponse(null, { status: 204 })),
    http.get('http://127.0.0.1:4003/item', labelled('item-get')),
    http.get('http://127.0.0.1:4003/item', labelled('item-get-shadowed')),
    http.delete('http://127.0.0.1:4003/item', labelled('item-delete')),
    http.get('http://127.0.0.1:4005', labelled('origin-only')),
    http.get('http://127.0.0.1:4005/a*', labelled('star-path')),
    http.get(({ request }) => new URL(request.url).pathname === '/predicate', labelled('custom-predicate')),
    http.get(/^http:\/\/somewhere\.example\/(.*)\/regexp$/, labelled('regexp-with-group')),
  ];
}

/**
 * Handlers msw 2 threw on for every request that reached them (path-to-regexp could not compile them), after
 * the others: every unanswered request reaches them. msw 3 matches URLs itself: the IPv6 one answers, the
 * nameless parameter matches nothing.
 */
function brokenHandlerSet(): RequestHandler[] {
  return [
    ...handlerSet(),
    http.get('http://[::1]:4004/v6', labelled('ipv6')),
    http.get('http://127.0.0.1:4006/:', labelled('parameter-without-name')),
  ];
}

interface Case {
  readonly method: string;
  readonly url: string;
  readonly body?: string;
  readonly headers?: Record<string, string>;
}

const cases: readonly Case[] = [
  { method: 'POST', url: 'http://127.0.0.1:4000/', body: 'Action=AssumeRoleWithWebIdentity' },
  { method: 'PUT', url: 'http://127.0.0.1:4000/', body: 'x' },
  { method: 'GET', url: 'http://127.0.0.1:4000/' },
  { method: 'GET', url: 'http://127.0.0.1:4000/?Action=GetCallerIdentity' },
  { method: 'POST', url: 'http://127.0.0.1:4000/other', body: 'x' },
  { method: 'GET', url: 'http://127.0.0.1:4001/objects/report.csv' },
  { method: 'PUT', url: 'http://127.0.0.1:4001/objects/report.csv', body: 'data' },
  { method: 'DELETE', url: 'http://127.0.0.1:4001/objects/report.csv' },
  { method: 'GET', url: 'http://127.0.0.1:4001/' },
  { method: 'GET', url: 'http://localhost:4002/keys' },
  { method: 'GET', url: 'http://LocalHost:4002/KEYS' },
  { method: 'GET', url: 'https://sts.us-west-2.amazonaws.com/' },
  { method: 'GET', url: 'https://sts.amazonaws.com/' },
  { method: 'GET', url: 'https://sts.amazonaws.com:443/' },
  { method: 'GET', url: 'https://sts.amazonaws.com.evil.example/' },
  { method: 'GET', url: 'http://somewhere.example/anywhere' },
  { method: 'GET', url: 'http://somewhere.example/relative' },
  { method: 'GET', url: 'http://somewhere.example/x/regexp' },
  { method: 'GET', url: 'http://127.0.0.1:4003/pass' },
  { method: 'GET', url: 'http://127.0.0.1:4003/once' },
  { method: 'GET', url: 'http://127.0.0.1:4003/once' },
  { method: 'GET', url: 'http://127.0.0.1:4003/cookie', headers: { cookie: 'a=1' } },
  { method: 'HEAD', url: 'http://127.0.0.1:4003/head' },
  { method: 'GET', url: 'http://127.0.0.1:4003/head' },
  { method: 'GET', url: 'http://127.0.0.1:4003/item' },
  { method: 'delete', url: 'http://127.0.0.1:4003/item' },
  { method: 'PATCH', url: 'http://127.0.0.1:4003/item', body: 'x' },
  // a bad percent escape: msw throws decoding it in any handler whose pattern matches the URL, whatever the method
  { method: 'GET', url: 'http://127.0.0.1:4001/objects/%E0%A4%A' },
  { method: 'POST', url: 'http://127.0.0.1:4001/objects/%E0%A4%A', body: 'x' },
  { method: 'GET', url: 'http://somewhere.example/%E0%A4%A/regexp' },
  { method: 'PUT', url: 'http://127.0.0.1:4001/objects/a%20b', body: 'x' },
  { method: 'GET', url: 'http://127.0.0.1:4005/' },
  { method: 'GET', url: 'http://127.0.0.1:4005/abc' },
  { method: 'GET', url: 'http://127.0.0.1:40050/' },
  { method: 'GET', url: 'https://127.0.0.1:4000/' },
  { method: 'GET', url: 'http://127.0.0.1:4009/nothing' },
  { method: 'GET', url: 'http://127.0.0.1:4009/predicate' },
  { method: 'GET', url: 'http://[::1]:4004/v6' },
  { method: 'GET', url: 'http://127.0.0.1:4006/' },
];

function requestOf(c: Case): Request {
  return new Request(c.url, {
    method: c.method,
    ...(c.headers ? { headers: c.headers } : {}),
    ...(c.body === undefined ? {} : { body: c.body }),
  });
}

async function describeAnswer(answer: Promise<Response | undefined>): Promise<string> {
  try {
    const response = await answer;
    if (!response) return 'no answer';
    return `${response.status} ${await response.text()}`;
  } catch (err) {
    return `throws ${String(err)}`;
  }
}

/** Each case through getResponse with every handler, and through the index, on separate handler instances. */
async function bothWays(handlers: () => RequestHandler[]): Promise<{ expected: string[]; actual: string[] }> {
  const all = handlers();
  const index = new HandlerIndex(handlers());
  const expected: string[] = [];
  const actual: string[] = [];
  for (const c of cases) {
    expected.push(`${c.method} ${c.url} → ${await describeAnswer(getResponse(all, requestOf(c)))}`);
    const request = requestOf(c);
    const answer = respond(index.candidates(request.method, new URL(request.url)), request);
    actual.push(`${c.method} ${c.url} → ${await describeAnswer(answer)}`);
  }
  return { expected, actual };
}

describe('HandlerIndex and respond', () => {
  it('answer every request exactly as getResponse over all handlers does, in order', async () => {
    const { expected, actual } = await bothWays(handlerSet);
    expect(actual).toEqual(expected);
    // the matrix reaches both winners and misses
    expect(expected.filter((line) => line.endsWith('no answer')).length).toBeGreaterThan(3);
    expect(expected).toContain('GET http://127.0.0.1:4003/once → 200 after-once');
  });

  it('a handler with an IPv6 host or a nameless parameter is never left out', async () => {
    const { expected, actual } = await bothWays(brokenHandlerSet);
    expect(actual).toEqual(expected);
    expect(expected).toContain('GET http://[::1]:4004/v6 → 200 ipv6');
    expect(expected).toContain('GET http://127.0.0.1:4006/ → no answer');
    expect(expected.filter((line) => line.includes('→ 200')).length).toBeGreaterThan(10);
  });

  it('leaves out only handlers whose literal origin or single method differs', () => {
    const handlers = handlerSet();
    const index = new HandlerIndex(handlers);
    const labels = (method: string, url: string) =>
      index.candidates(method, new URL(url)).map((h) => h.info.header.replace(/^\S+ /, ''));
    const post = labels('POST', 'http://127.0.0.1:4000/');
    expect(post).toEqual(['http://127.0.0.1:4000/', 'http://127.0.0.1:4000/', '[custom predicate]']);
    const get = labels('GET', 'http://127.0.0.1:4000/');
    expect(get).toContain('*/anywhere');
    expect(get).toContain('/relative');
    expect(get).toContain('/\\/regexp$/');
    expect(get).not.toContain('http://127.0.0.1:4001/objects/:key');
    // with a % in the path every method stays in (msw may throw decoding it in a handler of another method)
    expect(labels('POST', 'http://127.0.0.1:4001/objects/a%20b')).toContain('http://127.0.0.1:4001/objects/:key');
    // a :param in the host or any non-literal path is always handed to msw
    expect(labels('GET', 'https://sts.eu-west-1.amazonaws.com/')).toContain('https://sts.:region.amazonaws.com/');
    expect(labels('GET', 'http://localhost:4002/keys')).toContain('HTTP://LOCALHOST:4002/Keys');
  });

  it('does not clone the request for msw, and the handler still reads the whole body', async () => {
    const [handler] = [http.post('http://127.0.0.1:4000/', labelled('sts'))];
    const request = new Request('http://127.0.0.1:4000/', { method: 'POST', body: 'a'.repeat(100_000) });
    const response = await respond([handler as RequestHandler], request);
    expect(await response?.text()).toBe(`sts:${'a'.repeat(100_000)}`);
    expect(request.bodyUsed).toBe(true);
  });
});

describe('SimNetwork dispatch', () => {
  it('serves two handlers of one host on different ports, each its own, and misses as NET_UNHANDLED', async () => {
    const net = new SimNetwork();
    net.addHost('127.0.0.1', [
      http.post('http://127.0.0.1:4000/', ({ request }) => HttpResponse.json(callerOf(request))),
      http.get('http://127.0.0.1:4001/', () => HttpResponse.text('second')),
      http.get('http://127.0.0.1:4000/', () => HttpResponse.text('third')),
    ]);
    const first = await net.fetch(new Request('http://127.0.0.1:4000/', { method: 'POST', body: 'x' }));
    expect(await first.json()).toMatchObject({ id: OUTSIDE.id });
    expect(await (await net.fetch(new Request('http://127.0.0.1:4001/'))).text()).toBe('second');
    expect(await (await net.fetch(new Request('http://127.0.0.1:4000/'))).text()).toBe('third');
    await expect(net.fetch(new Request('http://127.0.0.1:4001/', { method: 'DELETE' }))).rejects.toMatchObject({
      code: 'NET_UNHANDLED',
    });
    await expect(net.fetch(new Request('http://127.0.0.1:4002/'))).rejects.toMatchObject({ code: 'NET_UNHANDLED' });
    expect(net.lastTrace.get(OUTSIDE.id)?.at(-1)).toEqual({
      step: 'response',
      ok: false,
      detail: '127.0.0.1 has no handler for GET /',
    });
  });

  it('dispatches a DNAT-rewritten request by its new origin', async () => {
    const net = new SimNetwork();
    const pod = { ...OUTSIDE, kind: 'pod' as const, id: 'a/b', node: 'n1', hops: 2, vantage: 'vpc' as const };
    net.addHost('169.254.169.254', [http.get('http://169.254.169.254/x', () => HttpResponse.text('imds'))], {
      node: 'n1',
    });
    net.addHost('10.0.0.5', [
      http.get('http://10.0.0.5:8080/x', () => HttpResponse.text('wrong port')),
      http.get('http://10.0.0.5:8181/x', () => HttpResponse.text('proxy')),
    ]);
    net.setEgressFilters('n1', [
      (r) =>
        new URL(r.url).hostname === '169.254.169.254'
          ? { action: 'dnat', rule: 'DNAT', toUrl: 'http://10.0.0.5:8181/x' }
          : undefined,
    ]);
    expect(await (await net.fetch(new Request('http://169.254.169.254/x'), pod)).text()).toBe('proxy');
  });

  it('serves the host handler array live, as before: handlers added or replaced later are served', async () => {
    const net = new SimNetwork();
    const handlers = [http.get('https://a.example.com/one', () => HttpResponse.text('one'))];
    net.addHost('a.example.com', handlers);
    expect(await (await net.fetch(new Request('https://a.example.com/one'))).text()).toBe('one');
    handlers.push(http.get('https://a.example.com/two', () => HttpResponse.text('two')));
    expect(await (await net.fetch(new Request('https://a.example.com/two'))).text()).toBe('two');
    handlers[0] = http.get('https://a.example.com/one', () => HttpResponse.text('replaced'));
    expect(await (await net.fetch(new Request('https://a.example.com/one'))).text()).toBe('replaced');
    expect(net.allHandlers()).toHaveLength(2);
  });
});
