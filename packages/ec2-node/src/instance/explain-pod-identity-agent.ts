/**
 * One readable verdict on whether a pod can reach the EKS Pod Identity
 * agent of its node at 169.254.170.23:80, the address the webhook injects
 * (the counterpart of explain-imds.ts): whether the node runs the agent,
 * then the node's rules (an INPUT rule sees only traffic from pod network
 * namespaces), then where the pod sits. It says nothing of what the agent
 * answers: that is the token's, EKS Auth's and the role's business.
 */

import { POD_IDENTITY_AGENT_IPV4, POD_IDENTITY_AGENT_IPV6, POD_IDENTITY_CREDENTIALS_URI } from '@irsa-lab/core';
import type { Caller } from '@irsa-lab/net';
import { type CompiledRule, firstMatch } from './node-rules.js';

/** The verdict the app shows for one pod. */
export interface PodIdentityAgentVerdict {
  /** `<namespace>/<pod>`. */
  readonly pod: string;
  readonly hostNetwork: boolean;
  /** Whether the node runs the agent DaemonSet. */
  readonly agentRunning: boolean;
  /** The node rule that decided the pod's traffic to the agent, if one matched. */
  readonly rule: { readonly line: string; readonly action: 'accept' | 'drop' | 'reject' | 'dnat' } | undefined;
  /** Whether a request to http://169.254.170.23/v1/credentials reaches the agent. */
  readonly reachable: boolean;
  /** Whether [fd00:ec2::23] is reachable too (only from the host network in this IPv4 cluster). */
  readonly ipv6Reachable: boolean;
  /** The whole story in words. */
  readonly summary: string;
}

/** Whether `caller` (a pod on this node) reaches the node's agent, under `rules`. */
export function explainPodIdentityAgentFor(
  caller: Caller,
  rules: readonly CompiledRule[],
  agentRunning: boolean,
): PodIdentityAgentVerdict {
  const hostNetwork = caller.hostNetwork === true;
  const base = { pod: caller.id, hostNetwork, agentRunning };
  if (!agentRunning) {
    const summary = `no EKS Pod Identity agent runs on this node: nothing listens on ${POD_IDENTITY_AGENT_IPV4}:80`;
    return { ...base, rule: undefined, reachable: false, ipv6Reachable: false, summary };
  }
  const hit = firstMatch(rules, new Request(POD_IDENTITY_CREDENTIALS_URI), caller);
  const where = hostNetwork
    ? `the pod shares the node's network namespace, where the agent (a hostNetwork DaemonSet) listens on ${POD_IDENTITY_AGENT_IPV4}:80 and [${POD_IDENTITY_AGENT_IPV6}]:80`
    : `${POD_IDENTITY_AGENT_IPV4} is a local address of the node: packets from the pod's network namespace are delivered to the agent through INPUT`;
  if (hit && hit.decision.action !== 'accept') {
    const { action } = hit.decision;
    const rule = { line: hit.rule.line, action };
    const fate = action === 'drop' ? 'dropped' : 'rejected';
    const sdk = action === 'drop' ? 'the SDK times out' : 'the SDK is refused';
    const summary = `packets to ${POD_IDENTITY_AGENT_IPV4} from ${caller.sourceIp} are ${fate} by \`${rule.line}\` (${sdk}), and container credentials never fall back to IMDS`;
    return { ...base, rule, reachable: false, ipv6Reachable: false, summary };
  }
  const bypass =
    hostNetwork && rules.length > 0
      ? '; the node rules do not apply (hostNetwork traffic is generated on the host and leaves through OUTPUT)'
      : '';
  const ipv6 = hostNetwork
    ? ''
    : `; [${POD_IDENTITY_AGENT_IPV6}] is out of reach (no IPv6 route from the pod in this IPv4 cluster), and the webhook injects the IPv4 URL`;
  return {
    ...base,
    rule: hit ? { line: hit.rule.line, action: 'accept' } : undefined,
    reachable: true,
    ipv6Reachable: hostNetwork,
    summary: `${where}${bypass}${ipv6}`,
  };
}
