/**
 * The node's iptables-like rules, written as the real iptables lines and
 * compiled into SimNetwork egress filters. They act, as netfilter does, only
 * on packets routed through the host from a pod's network namespace
 * (nat PREROUTING on the pod interface, then FORWARD); a hostNetwork pod's
 * or the node's own traffic is locally generated and leaves through OUTPUT,
 * so none of these rules ever see it (docs/reference.md#blocking-imds-with-iptables). The EKS Pod
 * Identity agent listens on the node itself, so a rule against it sits in
 * INPUT; hostNetwork traffic to it carries the node's address, which the
 * rule's `-s <pod CIDR>` does not match.
 */

import { type DocumentPath, fieldText, IMDS_IPV4, POD_IDENTITY_AGENT_IPV4, SimError } from '@irsa-lab/core';
import type { Caller, EgressFilter, FilterDecision } from '@irsa-lab/net';
import { type Cidr, inCidr, parseCidr } from './ipv4.js';

/** A node rule, as a platform team would install it. */
export type NodeRule =
  /** `iptables -A FORWARD -s <podCidr> -d 169.254.169.254/32 -j DROP|REJECT`: pods in their own netns lose IMDS. */
  | { readonly kind: 'block-imds-from-pods'; readonly action: 'DROP' | 'REJECT' }
  /** kube2iam's `-t nat -A PREROUTING -p tcp -d 169.254.169.254 --dport 80 -i <iface> -j DNAT --to-destination <host:port>`. */
  | { readonly kind: 'kube2iam-dnat'; readonly toUrl: string; readonly iface?: string }
  /** `iptables -A FORWARD -s <source> -d <destination, default IMDS> -j ACCEPT`: an exception placed before a block. */
  | { readonly kind: 'allow'; readonly source: string; readonly destination?: string }
  /**
   * `iptables -A INPUT -s <podCidr> -d 169.254.170.23/32 -p tcp --dport 80 -j DROP|REJECT`: pods in their own
   * netns lose the EKS Pod Identity agent (a local address of the node, so INPUT, not FORWARD).
   */
  | { readonly kind: 'block-pod-identity-agent-from-pods'; readonly action: 'DROP' | 'REJECT' };

/** A rule ready to match packets. */
export interface CompiledRule {
  readonly rule: NodeRule;
  readonly chain: 'PREROUTING' | 'FORWARD' | 'INPUT';
  /** The rule as `iptables` would be given it. */
  readonly line: string;
  readonly match: (request: Request, caller: Caller) => FilterDecision | undefined;
}

/** Where the rules run: the node's pod CIDR and (for kube2iam) its interface name. */
export interface RuleContext {
  readonly podCidr: Cidr;
}

/** Default pod interface match of kube2iam on the Amazon VPC CNI. */
export const DEFAULT_POD_IFACE = 'eni+';

/**
 * Validate and compile `rules`: nat PREROUTING rules first (a packet meets
 * them before routing), then FORWARD rules in the given order (first match
 * wins, as `-A` appends). SimError INPUT_INVALID naming `rules[i].<field>` (detail `field`, and `path` as segments).
 */
export function compileRules(rules: readonly NodeRule[], context: RuleContext): CompiledRule[] {
  if (!Array.isArray(rules)) throw new TypeError('rules must be an array');
  const compiled = rules.map((rule, i) => compileRule(rule, i, context));
  return [...compiled.filter((r) => r.chain === 'PREROUTING'), ...compiled.filter((r) => r.chain !== 'PREROUTING')];
}

/** The compiled rules as one SimNetwork egress filter each. */
export function toEgressFilters(compiled: readonly CompiledRule[]): EgressFilter[] {
  return compiled.map((r) => r.match);
}

/** The first rule that decides `request` from `caller`, as the network would meet it. */
export function firstMatch(
  compiled: readonly CompiledRule[],
  request: Request,
  caller: Caller,
): { readonly rule: CompiledRule; readonly decision: FilterDecision } | undefined {
  for (const rule of compiled) {
    const decision = rule.match(request, caller);
    if (decision) return { rule, decision };
  }
  return undefined;
}

/**
 * Only packets forwarded from a pod's own network namespace traverse
 * PREROUTING on a pod interface and FORWARD. Simplification: `-i <iface>` is
 * shown but not matched by name; every pod veth counts as a pod interface.
 */
function fromPodNetns(caller: Caller): boolean {
  return caller.kind === 'pod' && caller.hostNetwork !== true;
}

function compileRule(rule: NodeRule, i: number, { podCidr }: RuleContext): CompiledRule {
  const kind = (rule as { kind?: unknown } | null)?.kind;
  switch (kind) {
    case 'block-imds-from-pods': {
      const { action } = rule as Extract<NodeRule, { kind: 'block-imds-from-pods' }>;
      if (action !== 'DROP' && action !== 'REJECT') {
        throw invalid(['rules', i, 'action'], `action must be "DROP" or "REJECT", got ${JSON.stringify(action)}`);
      }
      const line = `iptables -A FORWARD -s ${podCidr.text} -d ${IMDS_IPV4}/32 -j ${action}`;
      const verdict = action === 'DROP' ? 'drop' : 'reject';
      return {
        rule,
        chain: 'FORWARD',
        line,
        match: (request, caller) =>
          fromPodNetns(caller) && inCidr(caller.sourceIp, podCidr) && new URL(request.url).hostname === IMDS_IPV4
            ? { action: verdict, rule: line }
            : undefined,
      };
    }
    case 'kube2iam-dnat':
      return compileDnat(rule as Extract<NodeRule, { kind: 'kube2iam-dnat' }>, i);
    case 'block-pod-identity-agent-from-pods':
      return compileAgentBlock(rule as Extract<NodeRule, { kind: 'block-pod-identity-agent-from-pods' }>, i, podCidr);
    case 'allow': {
      const { source, destination } = rule as Extract<NodeRule, { kind: 'allow' }>;
      const from = parseCidr(source, ['rules', i, 'source']);
      const to = parseCidr(destination ?? `${IMDS_IPV4}/32`, ['rules', i, 'destination']);
      const line = `iptables -A FORWARD -s ${from.text} -d ${to.text} -j ACCEPT`;
      return {
        rule,
        chain: 'FORWARD',
        line,
        match: (request, caller) =>
          fromPodNetns(caller) && inCidr(caller.sourceIp, from) && inCidr(new URL(request.url).hostname, to)
            ? { action: 'accept', rule: line }
            : undefined,
      };
    }
    default:
      throw invalid(['rules', i, 'kind'], `unknown node rule kind ${JSON.stringify(kind)}`);
  }
}

function compileDnat(rule: Extract<NodeRule, { kind: 'kube2iam-dnat' }>, i: number): CompiledRule {
  let target: URL;
  try {
    target = new URL(rule.toUrl);
  } catch {
    throw invalid(['rules', i, 'toUrl'], `toUrl ${JSON.stringify(rule.toUrl)} is not a URL`);
  }
  if (target.protocol !== 'http:' || (target.pathname !== '/' && target.pathname !== '')) {
    throw invalid(['rules', i, 'toUrl'], `toUrl must be http://<host>:<port> (DNAT rewrites only the address)`);
  }
  const iface = rule.iface ?? DEFAULT_POD_IFACE;
  if (!/^!?[A-Za-z0-9_.-]+\+?$/.test(iface)) {
    throw invalid(['rules', i, 'iface'], `iface ${JSON.stringify(iface)} is not an interface name`);
  }
  const toDestination = `${target.hostname}:${target.port || '80'}`;
  const line = `iptables -t nat -A PREROUTING -p tcp -d ${IMDS_IPV4}/32 --dport 80 -i ${iface} -j DNAT --to-destination ${toDestination}`;
  return {
    rule,
    chain: 'PREROUTING',
    line,
    match: (request, caller) => {
      const url = new URL(request.url);
      if (!fromPodNetns(caller) || url.hostname !== IMDS_IPV4 || url.protocol !== 'http:') return undefined;
      if (url.port !== '' && url.port !== '80') return undefined;
      return { action: 'dnat', rule: line, toUrl: `http://${toDestination}${url.pathname}${url.search}` };
    },
  };
}

/** The agent listens on a node address: a pod's packets to it are delivered locally, through INPUT. */
function compileAgentBlock(
  rule: Extract<NodeRule, { kind: 'block-pod-identity-agent-from-pods' }>,
  i: number,
  podCidr: Cidr,
): CompiledRule {
  const { action } = rule;
  if (action !== 'DROP' && action !== 'REJECT') {
    throw invalid(['rules', i, 'action'], `action must be "DROP" or "REJECT", got ${JSON.stringify(action)}`);
  }
  const line = `iptables -A INPUT -s ${podCidr.text} -d ${POD_IDENTITY_AGENT_IPV4}/32 -p tcp --dport 80 -j ${action}`;
  const verdict = action === 'DROP' ? 'drop' : 'reject';
  return {
    rule,
    chain: 'INPUT',
    line,
    match: (request, caller) =>
      fromPodNetns(caller) &&
      inCidr(caller.sourceIp, podCidr) &&
      new URL(request.url).hostname === POD_IDENTITY_AGENT_IPV4
        ? { action: verdict, rule: line }
        : undefined,
  };
}

/** The error for rule field `path`: the message says what is wrong, the detail where (as text and as segments). */
function invalid(path: DocumentPath, message: string): SimError {
  return new SimError('INPUT_INVALID', message, { field: fieldText(path), path: [...path] });
}
