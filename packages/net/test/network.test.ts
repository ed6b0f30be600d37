import { EventLog, SimClock, SimError } from '@irsa-lab/core';
import { type Caller, callerOf, intercept, OUTSIDE, RESPONSE_TTL_HEADER, SimNetwork } from '@irsa-lab/net';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';

const podA: Caller = {
  kind: 'pod',
  id: 'web/frontend',
  node: 'node-1',
  hostNetwork: false,
  hops: 2,
  vantage: 'vpc',
  sourceIp: '10.0.1.17',
};
const hostPod: Caller = { ...podA, id: 'kube-system/agent', hostNetwork: true, hops: 1, sourceIp: '10.0.0.5' };
const otherNodePod: Caller = { ...podA, id: 'web/other', node: 'node-2' };

function whoami(hostname: string) {
  return [http.get(`https://${hostname}/whoami`, ({ request }) => HttpResponse.json(callerOf(request)))];
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'resolved';
  } catch (err) {
    return err instanceof SimError ? err.code : `other: ${String(err)}`;
  }
}

describe('SimNetwork', () => {
  it('delivers to a host and stamps the caller, replacing any caller header sent from outside', async () => {
    const net = new SimNetwork();
    net.addHost('sts.us-west-2.amazonaws.com', whoami('sts.us-west-2.amazonaws.com'));
    const spoofed = new Request('https://sts.us-west-2.amazonaws.com/whoami', {
      headers: { 'x-irsa-lab-caller': JSON.stringify({ ...podA, id: 'evil' }) },
    });
    const res = await net.fetch(spoofed, podA);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: 'web/frontend', hops: 2 });
    const fromOutside = await net.fetch(new Request('https://sts.us-west-2.amazonaws.com/whoami'));
    expect(await fromOutside.json()).toMatchObject({ id: OUTSIDE.id, kind: 'outside' });
  });

  it('refuses unknown hosts as NXDOMAIN and paths without a handler as NET_UNHANDLED', async () => {
    const net = new SimNetwork();
    net.addHost('a.example.com', whoami('a.example.com'));
    expect(await codeOf(net.fetch(new Request('https://nope.example.com/')))).toBe('NET_NXDOMAIN');
    expect(await codeOf(net.fetch(new Request('https://a.example.com/other')))).toBe('NET_UNHANDLED');
  });

  it('answers NXDOMAIN inside the VPC when a private zone captures the name, and a forward rule fixes it', async () => {
    const net = new SimNetwork();
    const oidc = 'oidc.eks.us-west-2.amazonaws.com';
    net.addHost(oidc, whoami(oidc));
    net.dns.addPrivateZone({
      vantage: 'vpc',
      suffix: 'eks.us-west-2.amazonaws.com',
      records: ['abc.gr7.us-west-2.eks.amazonaws.com'],
      reason: 'EKS interface VPC endpoint',
    });
    const url = `https://${oidc}/whoami`;
    expect(await codeOf(net.fetch(new Request(url), podA))).toBe('NET_NXDOMAIN');
    expect(net.lastTrace.get(podA.id)?.[0]).toMatchObject({ step: 'dns', ok: false });
    expect((await net.fetch(new Request(url), OUTSIDE)).status).toBe(200);
    net.dns.addForwardRule({ vantage: 'vpc', name: oidc, reason: 'Route 53 Resolver rule' });
    expect((await net.fetch(new Request(url), podA)).status).toBe(200);
  });

  it('reaches a link-local service only from callers on its node', async () => {
    const net = new SimNetwork();
    net.addHost('169.254.169.254', [http.get('http://169.254.169.254/x', () => HttpResponse.text('node-1'))], {
      node: 'node-1',
    });
    expect(await (await net.fetch(new Request('http://169.254.169.254/x'), podA)).text()).toBe('node-1');
    expect(await codeOf(net.fetch(new Request('http://169.254.169.254/x'), otherNodePod))).toBe('NET_UNREACHABLE');
    expect(await codeOf(net.fetch(new Request('http://169.254.169.254/x'), OUTSIDE))).toBe('NET_UNREACHABLE');
  });

  it('drops a response whose IP TTL is smaller than the caller hop count', async () => {
    const net = new SimNetwork();
    const ttl1 = [
      http.put('http://169.254.169.254/t', () => HttpResponse.text('tok', { headers: { [RESPONSE_TTL_HEADER]: '1' } })),
    ];
    net.addHost('169.254.169.254', ttl1, { node: 'node-1' });
    expect(await codeOf(net.fetch(new Request('http://169.254.169.254/t', { method: 'PUT' }), podA))).toBe(
      'NET_TIMEOUT',
    );
    const ok = await net.fetch(new Request('http://169.254.169.254/t', { method: 'PUT' }), hostPod);
    expect(await ok.text()).toBe('tok');
    expect(ok.headers.has(RESPONSE_TTL_HEADER)).toBe(false);
  });

  it('applies node egress filters: drop, reject and DNAT, each traced', async () => {
    const net = new SimNetwork();
    net.addHost('169.254.169.254', [http.get('http://169.254.169.254/x', () => HttpResponse.text('imds'))], {
      node: 'node-1',
    });
    net.addHost('10.0.0.5', [http.get('http://10.0.0.5:8181/x', () => HttpResponse.text('kube2iam'))]);
    const url = 'http://169.254.169.254/x';
    const onlyPods = (action: 'drop' | 'reject') => (_r: Request, c: Caller) =>
      c.hostNetwork ? undefined : { action, rule: `-A FORWARD -d 169.254.169.254 -j ${action.toUpperCase()}` };
    net.setEgressFilters('node-1', [onlyPods('drop')]);
    expect(await codeOf(net.fetch(new Request(url), podA))).toBe('NET_TIMEOUT');
    expect(await (await net.fetch(new Request(url), hostPod)).text()).toBe('imds');
    net.setEgressFilters('node-1', [onlyPods('reject')]);
    expect(await codeOf(net.fetch(new Request(url), podA))).toBe('NET_CONNECTION_REFUSED');
    net.setEgressFilters('node-1', [
      (r, c) =>
        !c.hostNetwork && new URL(r.url).hostname === '169.254.169.254'
          ? { action: 'dnat', rule: 'kube2iam PREROUTING DNAT', toUrl: 'http://10.0.0.5:8181/x' }
          : undefined,
    ]);
    expect(await (await net.fetch(new Request(url), podA)).text()).toBe('kube2iam');
    expect(net.lastTrace.get(podA.id)?.some((h) => h.step === 'filter' && h.detail.includes('DNAT'))).toBe(true);
  });

  it('logs every request in the event log', async () => {
    const clock = new SimClock({ startMs: 0 });
    const log = new EventLog(clock);
    const net = new SimNetwork({ log });
    net.addHost('a.example.com', whoami('a.example.com'));
    await net.fetch(new Request('https://a.example.com/whoami'), podA);
    await codeOf(net.fetch(new Request('https://b.example.com/')));
    expect(log.all('net.request').map((e) => e.data.outcome)).toEqual([200, 'NET_NXDOMAIN']);
  });
});

describe('intercept', () => {
  it('routes a real client (global fetch) into the world as the given caller, and restores it on close', async () => {
    const net = new SimNetwork();
    net.addHost('a.example.com', whoami('a.example.com'));
    const interception = intercept(net, { caller: podA, onDropped: 'error' });
    try {
      const res = await fetch('https://a.example.com/whoami');
      expect(await res.json()).toMatchObject({ id: podA.id });
      interception.setCaller(hostPod);
      expect(await (await fetch('https://a.example.com/whoami')).json()).toMatchObject({ id: hostPod.id });
      await expect(fetch('https://nope.example.com/')).rejects.toThrow();
      expect(() => intercept(net, { caller: podA })).toThrow(TypeError);
    } finally {
      interception.close();
    }
  });
});

describe('wildcard hosts', () => {
  it('serves every subdomain of a `*.` host, exact hosts first', async () => {
    const net = new SimNetwork();
    net.addHost('*.s3.us-west-2.amazonaws.com', [
      http.get(/^https:\/\/[a-z0-9-]+\.s3\.us-west-2\.amazonaws\.com\/$/, ({ request }) =>
        HttpResponse.text(new URL(request.url).hostname.split('.')[0]),
      ),
    ]);
    net.addHost('special.s3.us-west-2.amazonaws.com', [
      http.get('https://special.s3.us-west-2.amazonaws.com/', () => HttpResponse.text('exact')),
    ]);
    expect(await (await net.fetch(new Request('https://billing.s3.us-west-2.amazonaws.com/'))).text()).toBe('billing');
    expect(await (await net.fetch(new Request('https://special.s3.us-west-2.amazonaws.com/'))).text()).toBe('exact');
    expect(await codeOf(net.fetch(new Request('https://s3.us-west-2.amazonaws.com.evil.com/')))).toBe('NET_NXDOMAIN');
  });
});
