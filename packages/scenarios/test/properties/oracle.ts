/**
 * The independent oracle of the isolation and IMDS properties: a small
 * reference evaluation written apart from the engine (it imports nothing
 * from @irsa-lab/iam, @irsa-lab/imds or @irsa-lab/ec2-node). From a world
 * description alone it says which ServiceAccount token a Pod holds, whether
 * STS should exchange that token for a role (provider, audience, time,
 * trust policy with its own wildcard matcher), and whether the Pod can reach
 * the node role's credentials through IMDS (the truth table of
 * docs/reference.md#hop-limit-and-pods).
 */
import {
  CLIENT_ID,
  type ConditionDesc,
  type IsolationWorld,
  type NodeDesc,
  type RoleDesc,
  type ServiceAccountDesc,
  type StatementDesc,
} from './world-arbitrary.js';

/** What the webhook does with a missing or short `token-expiration`: default 86400, floor 600. */
export function tokenLifetimeSeconds(sa: ServiceAccountDesc): number {
  const asked = sa.tokenExpirationSeconds ?? 86400;
  return Math.max(600, asked);
}

/** IAM wildcards, as a RegExp built here: `*` any run, `?` one character, everything else literal. */
export function wildcardMatch(pattern: string, text: string): boolean {
  let source = '';
  for (const ch of pattern) {
    if (ch === '*') source += '[\\s\\S]*';
    else if (ch === '?') source += '[\\s\\S]';
    else source += ch.replace(/[\\^$.|+()[\]{}]/g, (c) => `\\${c}`);
  }
  return new RegExp(`^${source}$`, 'u').test(text);
}

/** The request's condition values: `sub` and `aud` are present, `amr` is not (EKS tokens have none). */
interface Request {
  readonly sub: string;
  readonly aud: string;
}

function holds(condition: ConditionDesc, request: Request): boolean {
  const actual = condition.key === 'sub' ? request.sub : condition.key === 'aud' ? request.aud : undefined;
  const op = condition.operator;
  const negated = op.includes('Not');
  // an absent key fails every positive operator and satisfies every negated one
  if (actual === undefined) return negated;
  const one = (value: string): boolean => {
    if (op.endsWith('IgnoreCase')) return value.toLowerCase() === actual.toLowerCase();
    if (op === 'StringLike' || op === 'StringNotLike') return wildcardMatch(value, actual);
    return value === actual;
  };
  const any = condition.values.some(one);
  return negated ? !any : any;
}

function applies(statement: StatementDesc, request: Request): boolean {
  if (statement.principal !== 'cluster') return false;
  if (!wildcardMatch(statement.action.toLowerCase(), 'sts:assumerolewithwebidentity')) return false;
  return statement.conditions.every((c) => holds(c, request));
}

/** Trust policy decision: some Allow applies and no Deny does. */
export function trustAllows(role: RoleDesc, request: Request): boolean {
  const hit = role.statements.filter((s) => applies(s, request));
  return hit.some((s) => s.effect === 'Allow') && !hit.some((s) => s.effect === 'Deny');
}

/**
 * Whether the webhook mutates pods whose ServiceAccount has a role: every SA and pod is created at the same
 * instant, so a lagging cache has none of them, unless the grace period fetches them from the apiserver.
 */
export function webhookSeesServiceAccounts(world: IsolationWorld): boolean {
  return world.webhook.cacheLagMs === 0 || world.webhook.lookupGracePeriodMs > 0;
}

/** The role of the ServiceAccount's association, if EKS accepted it (it refuses a role not trusting Pod Identity). */
function acceptedAssociation(world: IsolationWorld, sa: ServiceAccountDesc): number | undefined {
  const a = sa.association;
  return a !== undefined && world.roles[a.role]?.podIdentity !== undefined ? a.role : undefined;
}

/**
 * The association's role when the pod was created with container credentials: the webhook saw an accepted
 * association at CREATE (an association made later changes nothing for a running pod).
 */
export function podIdentityRole(world: IsolationWorld, pod: number): number | undefined {
  const sa = world.serviceAccounts[world.pods[pod]?.serviceAccount ?? -1];
  if (sa?.association?.made !== 'before-pods') return undefined;
  return acceptedAssociation(world, sa);
}

/** Whether the agent gets `pod` its association's role: reachable, the node role in hand, the trust allowing it. */
export function agentGivesRole(world: IsolationWorld, pod: number): boolean {
  const p = world.pods[pod];
  const sa = world.serviceAccounts[p?.serviceAccount ?? -1];
  const role = podIdentityRole(world, pod);
  if (!p || !sa || role === undefined) return false;
  // the INPUT rule sees only pod network namespaces; no other rule kind here touches 169.254.170.23
  const reachable = p.hostNetwork || !world.node.rules.some((r) => r.kind === 'block-pod-identity-agent-from-pods');
  // the agent (hostNetwork) signs with the node role it reads from IMDS
  const agentSigns = imdsGivesCredentials(world.node, true);
  const trust = world.roles[role]?.podIdentity;
  const trusted = trust?.tagSession === true && (trust.namespace ?? sa.namespace) === sa.namespace;
  return reachable && agentSigns && trusted;
}

/** Which token a Pod can show STS: the IRSA token (webhook mutated it), the kube-api-access token, or none. */
export function podToken(world: IsolationWorld, pod: number): 'irsa' | 'api' | 'none' {
  const p = world.pods[pod];
  const sa = world.serviceAccounts[p?.serviceAccount ?? -1];
  if (!p || !sa) throw new TypeError(`no pod ${pod}`);
  // with an association the webhook injects container credentials and none of the IRSA variables
  if (sa.role !== undefined && webhookSeesServiceAccounts(world) && podIdentityRole(world, pod) === undefined)
    return 'irsa';
  return p.automount ? 'api' : 'none';
}

/** When a token issued at `issuedAtMs` stops being accepted: STS allows 5 minutes past exp. */
export function acceptedUntilSeconds(world: IsolationWorld, pod: number, issuedAtMs: number): number {
  const sa = world.serviceAccounts[world.pods[pod]?.serviceAccount ?? -1] as ServiceAccountDesc;
  return Math.floor(issuedAtMs / 1000) + tokenLifetimeSeconds(sa) + 300;
}

/**
 * Whether STS should exchange the pod's token (issued at `issuedAtMs`) for
 * role `role` (an index, or `missing`) at `nowMs`.
 */
export function mayExchange(
  world: IsolationWorld,
  pod: number,
  role: number | 'missing',
  issuedAtMs: number,
  nowMs: number,
): boolean {
  const kind = podToken(world, pod);
  if (kind !== 'irsa' || !world.providerRegistered || role === 'missing') return false;
  const sa = world.serviceAccounts[world.pods[pod]?.serviceAccount ?? -1] as ServiceAccountDesc;
  const aud = sa.audience ?? CLIENT_ID;
  if (aud !== CLIENT_ID) return false;
  if (Math.floor(nowMs / 1000) > acceptedUntilSeconds(world, pod, issuedAtMs)) return false;
  const sub = `system:serviceaccount:${sa.namespace}:${sa.name}`;
  return trustAllows(world.roles[role] as RoleDesc, { sub, aud });
}

/**
 * Found by the rotation property and fixed: the issuer dropped a retired key
 * from the JWKS at exactly exp + 300 s, while STS accepts the token through
 * the whole second exp + 300. The issuer now keeps the key until that second
 * is over; properties.test.ts pins the edge (retention-edge.ts). Left as a
 * switch so the tolerance can be turned back on if the rule ever changes.
 */
export const RETENTION_EDGE_KNOWN_ISSUE = false;

/** True in the last second STS would accept the pod's start-up token. */
export function atRetentionEdge(world: IsolationWorld, pod: number, issuedAtMs: number, nowMs: number): boolean {
  return Math.floor(nowMs / 1000) === acceptedUntilSeconds(world, pod, issuedAtMs);
}

/** Pod addresses come from 10.0.1.0/24 on the world's first node. */
function allowCovers(source: string): boolean {
  return source === '10.0.1.0/24' || source === '0.0.0.0/0';
}

/** The IMDS truth table: can a caller (own netns or hostNetwork) read the node role's credentials? */
export function imdsGivesCredentials(node: NodeDesc, hostNetwork: boolean): boolean {
  if (!node.instanceRole || node.endpoint === 'disabled') return false;
  // hostNetwork: one hop, and traffic leaves through OUTPUT where the FORWARD/PREROUTING rules never look
  if (hostNetwork) return true;
  // nat PREROUTING before FORWARD: a DNAT sends the pod to kube2iam (not running here), never to IMDS
  if (node.rules.some((r) => r.kind === 'kube2iam-dnat')) return false;
  for (const rule of node.rules) {
    if (rule.kind === 'block-imds-from-pods') return false;
    if (rule.kind === 'allow' && allowCovers(rule.source)) break;
  }
  const v2 = node.hopLimit >= 2; // the PUT response must survive the veth hop
  const v1 = node.httpTokens === 'optional'; // the hop limit never applies to GETs
  return v2 || v1;
}

/** What a Pod's SDK chain should end up with: a role (index), the node role, or nothing. */
export type ChainExpectation = { readonly kind: 'role'; readonly role: number } | { readonly kind: 'node' | 'none' };

/**
 * Whether the pod's process can read its projected token: kubelets since 1.19 give it to the pod's runAsUser,
 * its fsGroup, or everyone (0644); before 1.19 it is root's, 0600, and only an fsGroup lets others read it.
 */
export function tokenReadable(world: IsolationWorld, pod: number): boolean {
  const p = world.pods[pod];
  if (!p) throw new TypeError(`no pod ${pod}`);
  if (world.node.tokenFilePermissions === 'since-1.19') return true;
  return (p.runAsUser ?? 0) === 0 || p.fsGroup !== undefined;
}

/**
 * The chain: Pod Identity when injected (the container provider's failure is final), else IRSA when mutated
 * and the SDK has the web-identity provider (its failure is final, an unreadable token's too), else IMDS.
 * Simplification (of the chain models, which the oracle follows): an SDK too old for IRSA still has the
 * container provider that Pod Identity needs (real ones that old refuse 169.254.170.23).
 */
export function expectedChain(world: IsolationWorld, pod: number, issuedAtMs: number, nowMs: number): ChainExpectation {
  const p = world.pods[pod];
  const sa = world.serviceAccounts[p?.serviceAccount ?? -1];
  if (!p || !sa) throw new TypeError(`no pod ${pod}`);
  const viaAgent = podIdentityRole(world, pod);
  if (viaAgent !== undefined) {
    // the container provider reads its token file too: unreadable, the chain stops there
    return agentGivesRole(world, pod) && tokenReadable(world, pod)
      ? { kind: 'role', role: viaAgent }
      : { kind: 'none' };
  }
  if (sa.role !== undefined && webhookSeesServiceAccounts(world) && !p.oldSdk) {
    // an unreadable token ends the chain with EACCES: no fallback
    if (!tokenReadable(world, pod)) return { kind: 'none' };
    // the kubelet keeps the file fresh: the chain reads a token issued no earlier than `issuedAtMs`
    return mayExchange(world, pod, sa.role, issuedAtMs, nowMs) && sa.role !== 'missing'
      ? { kind: 'role', role: sa.role }
      : { kind: 'none' };
  }
  return imdsGivesCredentials(world.node, p.hostNetwork) ? { kind: 'node' } : { kind: 'none' };
}

/** Whether the pod's start-up token could be read (IRSA when mutated, else the API token when mounted). */
export function hasStartToken(world: IsolationWorld, pod: number): boolean {
  return podToken(world, pod) !== 'none' && tokenReadable(world, pod);
}

/** Whether the pod's SDK chain calls STS: mutated, an SDK with the web-identity provider, a readable token. */
export function chainCallsSts(world: IsolationWorld, pod: number): boolean {
  return podToken(world, pod) === 'irsa' && !world.pods[pod]?.oldSdk && tokenReadable(world, pod);
}

/**
 * Whether the isolation check's STS call `what` of `pod` (its chain, or its start token for role `what`) is
 * throttled: every call happens in the same second, in the check's order (per pod: the chain, then the start
 * token for each role), and the account's bucket holds `stsRequestsPerSecond`.
 */
export function throttledCall(world: IsolationWorld, pod: number, what: 'chain' | number): boolean {
  let index = 0;
  for (let p = 0; p < world.pods.length; p++) {
    if (chainCallsSts(world, p)) {
      if (p === pod && what === 'chain') return index >= world.stsRequestsPerSecond;
      index++;
    }
    if (!hasStartToken(world, p)) continue;
    for (let r = 0; r < world.roles.length; r++) {
      if (p === pod && what === r) return index >= world.stsRequestsPerSecond;
      index++;
    }
  }
  return false;
}
