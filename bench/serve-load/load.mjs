/**
 * Keep-alive HTTP load: N connections, each sending the same POST one after
 * another for a fixed time, recording every request's latency and status.
 * Clients: `undici` (a Pool) when it is installed, else node:http with a
 * keep-alive Agent; `raw` writes HTTP/1.1 on node:net sockets and reads
 * only the status line and Content-Length, the cheapest client Node has
 * (on a 2-core machine the client's own CPU counts against the server's).
 * `body` is one form body, or a list of requests `{ body, headers }` that
 * each connection sends in turn (a mix of operations).
 */
import http from 'node:http';
import net from 'node:net';

/** The undici module, if installed. */
export async function loadUndici() {
  try {
    return await import('undici');
  } catch {
    return undefined;
  }
}

const FORM = 'application/x-www-form-urlencoded; charset=utf-8';

/** `body` (a form body, or a list of `{ body, headers }`) as a list of requests with their headers. */
function requestsOf(body) {
  const list = typeof body === 'string' ? [{ body }] : body;
  return list.map((r) => ({ body: r.body, headers: { 'content-type': FORM, ...r.headers } }));
}

function percentile(sorted, p) {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** req/s and latency percentiles (ms) of a run. */
export function summarize(latencies, statuses, elapsedMs) {
  const sorted = Float64Array.from(latencies).sort();
  const byStatus = {};
  for (const s of statuses) byStatus[s] = (byStatus[s] ?? 0) + 1;
  return {
    requests: latencies.length,
    seconds: elapsedMs / 1000,
    rps: (latencies.length / elapsedMs) * 1000,
    latencyMs: {
      p50: percentile(sorted, 50),
      p90: percentile(sorted, 90),
      p99: percentile(sorted, 99),
      max: sorted.at(-1),
    },
    statuses: byStatus,
  };
}

/**
 * One keep-alive HTTP/1.1 connection on node:net POSTing `body` to `url`, the
 * client that costs the shared CPU least: it sends while `more()` says so and
 * calls `answered(status, ms)` for each response; resolves when `more()` says no.
 * A server that answers `Connection: close` gets a new connection for the next request.
 */
export function rawConnection(url, body, more, answered) {
  const { hostname, port, pathname } = new URL(url);
  const requests = requestsOf(body).map((r) => {
    const headers = Object.entries(r.headers).map(([name, value]) => `${name}: ${value}\r\n`);
    const head = `POST ${pathname} HTTP/1.1\r\nHost: ${hostname}:${port}\r\n${headers.join('')}Content-Length: ${Buffer.byteLength(r.body)}\r\n\r\n`;
    return Buffer.concat([Buffer.from(head), Buffer.from(r.body)]);
  });
  let sent = 0;
  return new Promise((resolve, reject) => {
    const connect = () => {
      const socket = net.connect(Number(port), hostname);
      socket.setNoDelay(true);
      let buffer = Buffer.alloc(0);
      let sentAt = 0;
      /** Sends the next request, or ends the connection and returns false. */
      const send = () => {
        if (!more()) {
          socket.end();
          resolve();
          return false;
        }
        sentAt = performance.now();
        socket.write(requests[sent++ % requests.length]);
        return true;
      };
      socket.on('connect', send);
      socket.on('error', reject);
      socket.on('data', (chunk) => {
        buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
        for (;;) {
          const end = buffer.indexOf('\r\n\r\n');
          if (end < 0) return;
          const headText = buffer.subarray(0, end).toString('latin1');
          const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(headText)?.[1] ?? 0);
          if (buffer.length < end + 4 + length) return;
          buffer = buffer.subarray(end + 4 + length);
          answered(Number(headText.slice(9, 12)), performance.now() - sentAt);
          if (/\r\nconnection:\s*close/i.test(headText)) {
            socket.destroy();
            if (more()) connect();
            else resolve();
            return;
          }
          if (!send()) return;
        }
      });
    };
    connect();
  });
}

function httpConnection(agent, url, body, until, record) {
  const { hostname, port, pathname } = new URL(url);
  const requests = requestsOf(body).map((r) => ({
    body: r.body,
    headers: { ...r.headers, 'content-length': Buffer.byteLength(r.body) },
  }));
  let sent = 0;
  return new Promise((resolve, reject) => {
    const next = () => {
      const { body, headers } = requests[sent++ % requests.length];
      const sentAt = performance.now();
      const req = http.request({ host: hostname, port, path: pathname, method: 'POST', agent, headers }, (res) => {
        res.resume();
        res.on('end', () => {
          record(res.statusCode, performance.now() - sentAt);
          if (performance.now() >= until) resolve();
          else next();
        });
      });
      req.on('error', reject);
      req.end(body);
    };
    next();
  });
}

async function undiciConnection(pool, url, body, until, record) {
  const { pathname } = new URL(url);
  const requests = requestsOf(body);
  for (let sent = 0; performance.now() < until; sent++) {
    const { body, headers } = requests[sent % requests.length];
    const sentAt = performance.now();
    const res = await pool.request({ path: pathname, method: 'POST', headers, body });
    await res.body.dump();
    record(res.statusCode, performance.now() - sentAt);
  }
}

/**
 * Run `connections` keep-alive connections POSTing `body` (one, or a list sent in turn) to `url` for `seconds`.
 * @returns the summary (requests, rps, latency percentiles, statuses)
 */
export async function runLoad({ url, body, connections, seconds, client, undici }) {
  const latencies = [];
  const statuses = [];
  const record = (status, ms) => {
    statuses.push(status);
    latencies.push(ms);
  };
  const start = performance.now();
  const until = start + seconds * 1000;
  const runs = [];
  if (client === 'raw') {
    for (let i = 0; i < connections; i++) runs.push(rawConnection(url, body, () => performance.now() < until, record));
    await Promise.all(runs);
  } else if (client === 'undici') {
    const pool = new undici.Pool(new URL(url).origin, { connections, pipelining: 1 });
    for (let i = 0; i < connections; i++) runs.push(undiciConnection(pool, url, body, until, record));
    await Promise.all(runs);
    await pool.close();
  } else {
    const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
    for (let i = 0; i < connections; i++) runs.push(httpConnection(agent, url, body, until, record));
    await Promise.all(runs);
    agent.destroy();
  }
  return summarize(latencies, statuses, performance.now() - start);
}
