/**
 * The server side of the serve-load benchmark, run as its own process so the
 * load generator does not share its event loop: `world` serves the default
 * world (serveWorld from @irsa-lab/scenarios) and prints its endpoints as
 * one JSON line; `floor` is a bare node:http server answering every request
 * with a canned AssumeRoleWithWebIdentity response of the same size, the
 * floor the real server is compared with; `echo` is serve() and a
 * SimNetwork (@irsa-lab/net) with one msw handler that reads the body and
 * answers the canned response, i.e. the whole serve path without STS (for
 * profile.mjs: what the listener and the network cost on their own).
 * SIGTERM closes it.
 *
 * usage: node bench/serve-load/server.mjs world|floor|echo [canned response]
 */
import { createServer } from 'node:http';
import { SimNetwork, serve } from '@irsa-lab/net';
import { LOOPBACK_CLIENT, serveWorld } from '@irsa-lab/serve';
import { defaultWorldYaml } from '@irsa-lab/world';
import { HttpResponse, http } from 'msw';

/** The default world without its STS request quota (600 a second): the load is the point here. */
const UNTHROTTLED_WORLD = defaultWorldYaml.replace(
  'account: "111122223333"',
  'account: "111122223333"\n  sts:\n    requestsPerSecond: 1000000',
);

const mode = process.argv[2];

if (mode === 'world') {
  const server = await serveWorld({ seed: 42, worldText: UNTHROTTLED_WORLD });
  process.stdout.write(`${JSON.stringify(server.endpoints())}\n`);
  process.on('SIGTERM', () => server.close().then(() => process.exit(0)));
} else if (mode === 'floor') {
  const canned = process.argv[3] ?? '<AssumeRoleWithWebIdentityResponse/>';
  const server = createServer({ keepAlive: true }, (req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(canned) });
      res.end(canned);
    });
  });
  server.listen(0, '127.0.0.1', () => {
    process.stdout.write(`${JSON.stringify({ sts: `http://127.0.0.1:${server.address().port}` })}\n`);
  });
  process.on('SIGTERM', () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
} else if (mode === 'echo') {
  const canned = process.argv[3] ?? '<AssumeRoleWithWebIdentityResponse/>';
  const net = new SimNetwork();
  const server = await serve(net, { routes: [{ name: 'sts', caller: LOOPBACK_CLIENT }] });
  net.addHost('127.0.0.1', [
    http.all(`${server.url('sts')}/`, async ({ request }) => {
      await request.text();
      return HttpResponse.text(canned, { headers: { 'content-type': 'text/xml', 'x-amzn-RequestId': 'echo' } });
    }),
  ]);
  process.stdout.write(`${JSON.stringify({ sts: server.url('sts') })}\n`);
  process.on('SIGTERM', () => server.close().then(() => process.exit(0)));
} else {
  process.stderr.write('usage: server.mjs world|floor|echo\n');
  process.exit(2);
}
