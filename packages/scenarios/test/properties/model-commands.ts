/**
 * The commands of the model-based property and the simple model they are
 * checked against. The model is a handful of maps: which Pods exist, which
 * role their ServiceAccount named when each was created (the webhook only
 * mutates at CREATE), which role each ServiceAccount names now, and tokens
 * kept from deleted Pods. A hand-written trust table says which roles trust
 * which ServiceAccount. Every command says what the real world must answer.
 */

import { moveTime, type World } from '@irsa-lab/world';
import type fc from 'fast-check';
import { decodeJwt } from 'jose';
import { IRSA_TOKEN_PATH } from './build-world.js';
import { chainRole, exchange } from './observe.js';
import { RETENTION_EDGE_KNOWN_ISSUE } from './oracle.js';

/** namespace/name of the three ServiceAccounts. */
export const ACCOUNTS = [
  { ns: 'shop', sa: 'cart' },
  { ns: 'shop', sa: 'search' },
  { ns: 'ops', sa: 'search' },
] as const;

/** The three roles' trust (sub conditions): StringEquals shop:cart, StringLike shop:*, StringEquals ops:search. */
export const ROLE_SUBS = [
  { op: 'StringEquals', sub: 'system:serviceaccount:shop:cart' },
  { op: 'StringLike', sub: 'system:serviceaccount:shop:*' },
  { op: 'StringEquals', sub: 'system:serviceaccount:ops:search' },
] as const;

/** role index → ServiceAccount indexes it trusts (written out by hand). */
const TRUSTS: readonly (readonly number[])[] = [[0], [0, 1], [2]];

export interface Model {
  nowMs: number;
  nextPod: number;
  /** Pod name → its ServiceAccount and the role annotated when it was created (null: none). */
  readonly pods: Map<string, { sa: number; role: number | null }>;
  /** ServiceAccount index → role it names now. */
  readonly annotations: (number | null)[];
  /** Tokens read from Pods just before they were deleted. */
  readonly kept: { token: string; exp: number; sa: number }[];
}

export interface Real {
  readonly world: World;
  readonly nodeName: string;
  readonly roleArns: readonly string[];
  readonly nodeRoleArn: string;
}

type Cmd = fc.AsyncCommand<Model, Real>;

function fail(message: string): never {
  throw new Error(message);
}

function podName(m: Model, pick: number): string | undefined {
  const names = [...m.pods.keys()];
  return names.length ? names[pick % names.length] : undefined;
}

function podYaml(name: string, sa: number, nodeName: string, hostNetwork: boolean): string {
  const { ns, sa: account } = ACCOUNTS[sa] as (typeof ACCOUNTS)[number];
  return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  serviceAccountName: ${account}\n  nodeName: ${nodeName}\n  automountServiceAccountToken: false${hostNetwork ? '\n  hostNetwork: true' : ''}\n  containers:\n    - name: app\n      image: busybox\n`;
}

export const applyPod = (sa: number, hostNetwork: boolean): Cmd => ({
  check: () => true,
  async run(m, r) {
    const name = `pod-${m.nextPod++}`;
    await r.world.apply(podYaml(name, sa, r.nodeName, hostNetwork), `${name}.yaml`);
    m.pods.set(name, { sa, role: m.annotations[sa] ?? null });
  },
  toString: () => `apply(sa ${sa}, hostNetwork ${hostNetwork})`,
});

export const deletePod = (pick: number): Cmd => ({
  check: (m) => m.pods.size > 0,
  async run(m, r) {
    const name = podName(m, pick) as string;
    const pod = m.pods.get(name) as { sa: number; role: number | null };
    const { ns } = ACCOUNTS[pod.sa] as (typeof ACCOUNTS)[number];
    const token = r.world.nodeOf(ns, name).podView(ns, name).readFile(IRSA_TOKEN_PATH);
    if ((token !== undefined) !== (pod.role !== null)) fail(`${name}: IRSA token file ${token ? 'present' : 'absent'}`);
    if (token) m.kept.push({ token, exp: Number(decodeJwt(token).exp), sa: pod.sa });
    r.world.deletePod(ns, name);
    m.pods.delete(name);
  },
  toString: () => `deletePod(${pick})`,
});

export const annotate = (sa: number, role: number | null): Cmd => ({
  check: () => true,
  async run(m, r) {
    const { ns, sa: account } = ACCOUNTS[sa] as (typeof ACCOUNTS)[number];
    const value = role === null ? null : (r.roleArns[role] as string);
    r.world.api.annotate('ServiceAccount', ns, account, 'eks.amazonaws.com/role-arn', value);
    m.annotations[sa] = role;
  },
  toString: () => `annotate(sa ${sa}, role ${role})`,
});

export const rotate = (): Cmd => ({
  check: () => true,
  async run(_m, r) {
    r.world.issuer.rotate();
  },
  toString: () => 'rotate()',
});

export const advance = (ms: number): Cmd => ({
  check: () => true,
  async run(m, r) {
    m.nowMs += ms;
    await moveTime(r.world, m.nowMs);
  },
  toString: () => `advance(${ms} ms)`,
});

/** A running Pod asks for credentials: its SDK chain, then its token for `role` sent to STS directly. */
export const assume = (pick: number, role: number, sdk: 'js-v3' | 'botocore'): Cmd => ({
  check: (m) => m.pods.size > 0,
  async run(m, r) {
    const name = podName(m, pick) as string;
    const pod = m.pods.get(name) as { sa: number; role: number | null };
    const { ns } = ACCOUNTS[pod.sa] as (typeof ACCOUNTS)[number];
    const view = r.world.nodeOf(ns, name).podView(ns, name);
    const chain = await chainRole(r.world, view, sdk);
    const wantChain =
      pod.role === null ? r.nodeRoleArn : TRUSTS[pod.role]?.includes(pod.sa) ? r.roleArns[pod.role] : undefined;
    if (chain.role !== wantChain) fail(`${name} ${sdk} chain: got ${chain.role} (${chain.why}), model ${wantChain}`);
    const token = view.readFile(IRSA_TOKEN_PATH);
    if (token === undefined) return;
    const got = await exchange(r.world, token, r.roleArns[role] as string);
    const want = TRUSTS[role]?.includes(pod.sa) ? r.roleArns[role] : undefined;
    if (got.role !== want) fail(`${name} token for role ${role}: got ${got.role} (${got.why}), model ${want}`);
  },
  toString: () => `assume(pod ${pick}, role ${role}, ${sdk})`,
});

/** A token kept from a deleted Pod still works until exp + 5 min (STS does not know the Pod is gone). */
export const assumeKept = (pick: number, role: number): Cmd => ({
  check: (m) => m.kept.length > 0,
  async run(m, r) {
    const kept = m.kept[pick % m.kept.length] as Model['kept'][number];
    const now = Math.floor(m.nowMs / 1000);
    const got = await exchange(r.world, kept.token, r.roleArns[role] as string);
    if (RETENTION_EDGE_KNOWN_ISSUE && now === kept.exp + 300) return;
    const want = now <= kept.exp + 300 && TRUSTS[role]?.includes(kept.sa) ? r.roleArns[role] : undefined;
    if (got.role !== want)
      fail(`kept token (exp ${kept.exp}, now ${now}) for role ${role}: got ${got.role} (${got.why}), model ${want}`);
  },
  toString: () => `assumeKept(${pick}, role ${role})`,
});
