/**
 * serve(): real loopback sockets in front of a SimNetwork. Requests reach the
 * same msw handlers through network.fetch with the route's caller; internal
 * headers never cross; limits, unknown paths and network failures look as
 * they would on a real wire.
 */
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { isSimError } from '@irsa-lab/core';
import {
  type Caller,
  callerOf,
  type LoopbackServer,
  RESPONSE_TTL_HEADER,
  type RouteErrors,
  SimNetwork,
  serve,
} from '@irsa-lab/net';
import { HttpResponse, http } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';

const POD: Caller = { kind: 'pod', id: 'web/frontend', node: 'node-1', hops: 2, vantage: 'vpc', sourceIp: '10.0.1.17' };

const jsonErrors: RouteErrors = {
  tooLarge: (limit) => Response.json({ error: 'too-large', limit }, { status: 413 }),
  notFound: (method, path) => Response.json({ error: 'not-found', method, path }, { status: 404 }),
  badRequest: (reason) => Response.json({ error: 'bad-request', reason }, { status: 400 }),
  internal: (message) => Response.json({ error: 'internal', message }, { status: 500 }),
};

const servers: LoopbackServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function start(net: SimNetwork, routes: Parameters<typeof serve>[1]['routes']): Promise<LoopbackServer> {
  const server = await serve(net, { routes });
  servers.push(server);
  return server;
}

/** One raw HTTP exchange: what a client that writes its own request line sees. */
function raw(url: string, text: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(text));
    let out = '';
    socket.on('data', (d) => {
      out += d.toString('latin1');
    });
    socket.on('end', () => resolve(out));
    socket.on('error', reject);
  });
}

describe('serve()', () => {
  it('delivers to the handlers mounted on its own origin, as the route caller, stripping internal headers both ways', async () => {
    const net = new SimNetwork();
    const server = await start(net, [{ name: 'echo', caller: POD }]);
    const origin = server.url('echo');
    net.addHost('127.0.0.1', [
      http.post(`${origin}/echo`, async ({ request }) =>
        HttpResponse.json(
          {
            caller: callerOf(request).id,
            body: await request.text(),
            query: new URL(request.url).search,
            leaked: request.headers.get('x-irsa-lab-ip-ttl'),
            custom: request.headers.get('x-custom'),
          },
          { headers: { 'x-irsa-lab-secret': 'internal', 'x-visible': 'yes' } },
        ),
      ),
    ]);
    const res = await fetch(`${origin}/echo?a=1`, {
      method: 'POST',
      body: 'hello',
      headers: {
        'x-irsa-lab-caller': JSON.stringify({ ...POD, id: 'spoofed' }),
        'x-irsa-lab-ip-ttl': '64',
        'x-custom': 'kept',
      },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      caller: 'web/frontend',
      body: 'hello',
      query: '?a=1',
      leaked: null,
      custom: 'kept',
    });
    expect(res.headers.get('x-visible')).toBe('yes');
    expect(res.headers.get('x-irsa-lab-secret')).toBeNull();
    expect(server.urls()).toEqual({ echo: origin });
  });

  it('forwards to a target origin with path and query kept (a pod-local IMDS behind its own listener)', async () => {
    const net = new SimNetwork();
    net.addHost(
      '169.254.169.254',
      [
        http.get('http://169.254.169.254/*', ({ request }) =>
          HttpResponse.text(`${callerOf(request).id} ${new URL(request.url).pathname}`),
        ),
      ],
      { node: 'node-1' },
    );
    const server = await start(net, [{ name: 'imds', caller: POD, target: 'http://169.254.169.254' }]);
    const res = await fetch(`${server.url('imds')}/latest/meta-data/?x=1`);
    expect(await res.text()).toBe('web/frontend /latest/meta-data/');
  });

  it('answers a body over the limit with the route error shape and closes the connection, declared or chunked', async () => {
    const net = new SimNetwork();
    const server = await start(net, [{ name: 'small', maxBodyBytes: 100, errors: jsonErrors }]);
    const origin = server.url('small');
    net.addHost('127.0.0.1', [http.post(`${origin}/`, () => HttpResponse.text('ok'))]);
    const declared = await fetch(`${origin}/`, { method: 'POST', body: 'x'.repeat(101) });
    expect(declared.status).toBe(413);
    expect(await declared.json()).toEqual({ error: 'too-large', limit: 100 });
    expect(declared.headers.get('connection')).toBe('close');
    const chunked = await raw(
      origin,
      `POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n40\r\n${'y'.repeat(64)}\r\n40\r\n${'y'.repeat(64)}\r\n0\r\n\r\n`,
    );
    expect(chunked).toMatch(/^HTTP\/1\.1 413 /);
    expect(chunked).toContain('"too-large"');
    const fits = await fetch(`${origin}/`, { method: 'POST', body: 'x'.repeat(100) });
    expect(await fits.text()).toBe('ok');
  });

  it('answers paths no handler serves, and request targets that are not paths, in the route shape', async () => {
    const net = new SimNetwork();
    const server = await start(net, [{ name: 'api', errors: jsonErrors }]);
    const origin = server.url('api');
    net.addHost('127.0.0.1', [
      http.get(`${origin}/known`, () => HttpResponse.text('ok')),
      http.head(`${origin}/known`, () => new HttpResponse(null, { headers: { 'content-length': '42' } })),
    ]);
    const missing = await fetch(`${origin}/unknown?q=1`, { method: 'DELETE' });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: 'not-found', method: 'DELETE', path: '/unknown' });
    const absolute = await raw(
      origin,
      'GET http://example.com/known HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n\r\n',
    );
    expect(absolute).toMatch(/^HTTP\/1\.1 400 /);
    expect(absolute).toContain('"bad-request"');
    const head = await fetch(`${origin}/known`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe('42');
  });

  it('never answers a dropped packet (the client times out) and resets refused connections', async () => {
    const net = new SimNetwork();
    net.setEgressFilters('node-1', [
      (request) =>
        new URL(request.url).pathname === '/refused' ? { action: 'reject', rule: 'test REJECT' } : undefined,
    ]);
    const server = await start(net, [{ name: 'pod', caller: POD }]);
    const origin = server.url('pod');
    net.addHost('127.0.0.1', [
      http.put(`${origin}/ttl`, () => HttpResponse.text('token', { headers: { [RESPONSE_TTL_HEADER]: '1' } })),
      http.get(`${origin}/refused`, () => HttpResponse.text('never')),
    ]);
    const dropped = await fetch(`${origin}/ttl`, { method: 'PUT', signal: AbortSignal.timeout(300) }).catch(
      (e: Error) => e.name,
    );
    expect(dropped).toBe('TimeoutError');
    const refused = await fetch(`${origin}/refused`).catch(
      (e: Error & { cause?: { code?: string } }) => e.cause?.code ?? e.message,
    );
    expect(refused).toBe('ECONNRESET');
  });

  it('closes held requests, listeners and added routes on close', async () => {
    const net = new SimNetwork();
    const server = await serve(net, { routes: [{ name: 'a', caller: POD }] });
    const origin = server.url('a');
    net.addHost('127.0.0.1', [
      http.put(`${origin}/ttl`, () => HttpResponse.text('t', { headers: { [RESPONSE_TTL_HEADER]: '1' } })),
    ]);
    const extra = await server.addRoute({ name: 'b' });
    const held = fetch(`${origin}/ttl`, { method: 'PUT' }).then(
      () => 'answered',
      () => 'closed',
    );
    await new Promise((r) => setImmediate(r));
    const started = performance.now();
    await server.close();
    expect(await held).toBe('closed');
    expect(performance.now() - started).toBeLessThan(1000);
    for (const url of [origin, extra]) {
      const after = await fetch(url).catch((e: Error & { cause?: { code?: string } }) => e.cause?.code);
      expect(after).toBe('ECONNREFUSED');
    }
    // its socket thread is gone: no route can be added, and closing again is a no-op
    await expect(server.addRoute({ name: 'c' })).rejects.toThrow(TypeError);
    await expect(server.close()).resolves.toBeUndefined();
  });

  it('answers a client that half-closes its side right after the request (printf ... | nc)', async () => {
    const net = new SimNetwork();
    const server = await start(net, [{ name: 'api' }]);
    const origin = server.url('api');
    net.addHost('127.0.0.1', [
      http.get(`${origin}/slow`, async () => {
        await new Promise((r) => setTimeout(r, 50)); // the FIN arrives long before the answer
        return HttpResponse.text('late but here');
      }),
    ]);
    const answer = await raw(origin, 'GET /slow HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(answer.endsWith('late but here')).toBe(true);
  });

  it('refuses a port in use with INPUT_INVALID naming the port, and closes what it opened', async () => {
    const net = new SimNetwork();
    const first = await start(net, [{ name: 'first' }]);
    const taken = Number(new URL(first.url('first')).port);
    const err = await serve(net, { routes: [{ name: 'ok' }, { name: 'clash', port: taken }] }).catch((e: unknown) => e);
    expect(isSimError(err) && { code: err.code, field: err.detail.field }).toEqual({
      code: 'INPUT_INVALID',
      field: 'port',
    });
    expect(String((err as Error).message)).toContain(`port ${taken} for clash is already in use`);
    await expect(serve(net, { routes: [{ name: 'x', target: 'http://a/b' }] })).rejects.toThrow(TypeError);
  });

  it('serves 64 concurrent clients without an error', async () => {
    const net = new SimNetwork({ logRequests: false });
    const server = await start(net, [{ name: 'api' }]);
    const origin = server.url('api');
    net.addHost('127.0.0.1', [
      http.post(`${origin}/n`, async ({ request }) => HttpResponse.text(String(Number(await request.text()) * 2))),
    ]);
    const one = (i: number) =>
      new Promise<string>((resolve, reject) => {
        // a fresh connection per client (agent: false), all open at once
        const req = httpRequest(`${origin}/n`, { method: 'POST', agent: false }, (res) => {
          let body = '';
          res.on('data', (d) => {
            body += d;
          });
          res.on('end', () => resolve(`${res.statusCode} ${body}`));
        });
        req.on('error', reject);
        req.end(String(i));
      });
    const results = await Promise.all(Array.from({ length: 64 }, (_, i) => one(i)));
    expect(results).toEqual(Array.from({ length: 64 }, (_, i) => `200 ${i * 2}`));
  });
});
