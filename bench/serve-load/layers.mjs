/**
 * Where one serve-mode AssumeRoleWithWebIdentity spends its CPU, layer by
 * layer, measured in one process by adding one layer at a time:
 *
 *   sts      the STS operation alone (world.sts.assumeRoleWithWebIdentity)
 *   echo     (beside the others) msw's getResponse with a handler that reads
 *            the body and answers a canned response of the same size with
 *            HttpResponse.text: msw's handler run plus the fetch Request and
 *            Response objects, without STS
 *   handler  + the STS msw handler through msw's getResponse, handed the
 *            request as SimNetwork hands it (no msw clone): form parsing,
 *            the XML answer, msw's handler run, Request/Response objects
 *   network  + SimNetwork.fetch: route, DNS, filters, caller stamp, TTL, trace, log
 *   serve    + the loopback listener (node:http, the socket adapter, the
 *            serve clock) and a minimal keep-alive client in this process
 *   floor    a bare node:http server answering a canned response to the
 *            same client in this process (what the sockets cost anyway)
 *
 * Each layer runs in rounds interleaved with the others and reports the
 * median CPU time (process.cpuUsage, user + system, so the libuv threads
 * doing RSA verification count too) per request, which a busy machine
 * disturbs much less than req/s. Not part of any test run.
 *
 * usage: node --expose-gc bench/serve-load/layers.mjs [--requests 1000] [--rounds 6] [--connections 16]
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { stsHandlers } from '@irsa-lab/iam';
import { LOOPBACK_CLIENT, serveWorld } from '@irsa-lab/serve';
import { defaultWorldYaml } from '@irsa-lab/world';
import { getResponse, HttpResponse, http, RequestHandler } from 'msw';
import { rawConnection } from './load.mjs';

/** The default world without its STS request quota (600 a second): the load is the point here. */
const UNTHROTTLED_WORLD = defaultWorldYaml.replace(
  'account: "111122223333"',
  'account: "111122223333"\n  sts:\n    requestsPerSecond: 1000000',
);

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '1000' },
    rounds: { type: 'string', default: '6' },
    connections: { type: 'string', default: '16' },
  },
});
const requests = Number(values.requests);
const rounds = Number(values.rounds);
const connections = Number(values.connections);

const server = await serveWorld({ seed: 42, worldText: UNTHROTTLED_WORLD });
const { world } = server;
const env = server.podEnv('payments', 'billing-api');
const token = readFileSync(env.AWS_WEB_IDENTITY_TOKEN_FILE, 'utf8');
const params = { RoleArn: env.AWS_ROLE_ARN, RoleSessionName: 'serve-load', WebIdentityToken: token };
const body = new URLSearchParams({ Action: 'AssumeRoleWithWebIdentity', Version: '2011-06-15', ...params }).toString();
const stsUrl = `${server.endpoints().sts}/`;
const handlers = stsHandlers(world.sts, { hosts: [server.endpoints().sts] });
const formRequest = () =>
  new Request(stsUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body,
  });

/** `connections` keep-alive sockets POSTing `body` to `url` until `n` requests are answered; the cheapest client. */
async function rawLoad(url, n) {
  let left = n;
  const statuses = {};
  const count = (status) => {
    statuses[status] = (statuses[status] ?? 0) + 1;
  };
  await Promise.all(Array.from({ length: connections }, () => rawConnection(url, body, () => left-- > 0, count)));
  return statuses;
}

/** Run `op` n times, `connections` at a time. */
async function concurrently(op, n) {
  let left = n;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (left-- > 0) await op();
    }),
  );
}

const canned = await (await world.net.fetch(formRequest(), LOOPBACK_CLIENT)).text();
const echo = [
  http.all(stsUrl, async ({ request }) => {
    await request.text();
    return HttpResponse.text(canned, { headers: { 'content-type': 'text/xml', 'x-amzn-RequestId': 'echo' } });
  }),
];
/** msw's answer, given the request as SimNetwork gives it (its clone cache seeded: no clone). */
function dispatched(list) {
  const request = formRequest();
  RequestHandler.cache.set(request, request);
  return getResponse(list, request);
}
const floor = createServer({ keepAlive: true }, (req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(canned) });
    res.end(canned);
  });
});
await new Promise((resolve) => floor.listen(0, '127.0.0.1', resolve));
const floorUrl = `http://127.0.0.1:${floor.address().port}/`;

const layers = {
  sts: (n) =>
    concurrently(async () => {
      const out = await world.sts.assumeRoleWithWebIdentity(params, { sourceIp: '127.0.0.1' });
      if (!out.ok) throw new Error(`sts: ${out.error.code}`);
    }, n),
  echo: (n) =>
    concurrently(async () => {
      const response = await dispatched(echo);
      await response.arrayBuffer();
    }, n),
  handler: (n) =>
    concurrently(async () => {
      const response = await dispatched(handlers);
      if (response?.status !== 200) throw new Error(`handler: ${response?.status}`);
      await response.arrayBuffer();
    }, n),
  network: (n) =>
    concurrently(async () => {
      const response = await world.net.fetch(formRequest(), LOOPBACK_CLIENT);
      if (response.status !== 200) throw new Error(`network: ${response.status}`);
      await response.arrayBuffer();
    }, n),
  serve: async (n) => {
    const statuses = await rawLoad(stsUrl, n);
    if (Object.keys(statuses).join() !== '200') throw new Error(`serve: ${JSON.stringify(statuses)}`);
  },
  floor: (n) => rawLoad(floorUrl, n),
};

for (const run of Object.values(layers)) await run(Math.min(300, requests));
const cpu = Object.fromEntries(Object.keys(layers).map((k) => [k, []]));
for (let round = 0; round < rounds; round++) {
  const order = Object.keys(layers);
  if (round % 2) order.reverse();
  for (const name of order) {
    globalThis.gc?.();
    const start = process.cpuUsage();
    await layers[name](requests);
    const used = process.cpuUsage(start);
    cpu[name].push((used.user + used.system) / requests);
  }
}
await server.close();
await new Promise((resolve) => floor.close(resolve));

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
const m = Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, median(v)]));
const us = (x) => `${x.toFixed(0).padStart(5)} µs`;
console.log(`CPU per AssumeRoleWithWebIdentity (median of ${rounds} rounds of ${requests}, ${connections} at a time)`);
console.log(`  STS operation (iam, jose, WebCrypto)                      ${us(m.sts)}`);
console.log(
  `  + msw handler: form, XML, msw run, Request/Response       ${us(m.handler - m.sts)}   (layer total ${us(m.handler)})`,
);
console.log(`      of which msw run + Request/Response (echo handler)    ${us(m.echo)}`);
console.log(`      of which the STS handler's own code (form, XML, ...)  ${us(m.handler - m.sts - m.echo)}`);
console.log(
  `  + SimNetwork.fetch: route, DNS, caller, trace, log         ${us(m.network - m.handler)}   (layer total ${us(m.network)})`,
);
console.log(
  `  + loopback listener over the floor: adapter, serve clock  ${us(m.serve - m.network - m.floor)}   (layer total ${us(m.serve)})`,
);
console.log(`  floor: node:http + the in-process client                  ${us(m.floor)}`);
console.log(
  `  above the floor: ${us(m.serve - m.floor)} per request (CPU of every thread: RSA verification runs on libuv's pool)`,
);
console.log(
  `  rounds: ${JSON.stringify(Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, v.map((x) => Math.round(x))])))}`,
);
