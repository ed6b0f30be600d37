/**
 * One readable verdict on whether a pod can reach the node role's
 * credentials through IMDS: first the node's rules (which only see traffic
 * from pod network namespaces), then IMDS's own truth table for where the
 * pod sits (hop count, hostNetwork) under the instance's metadata options.
 */

import { IMDS_CREDENTIALS_PATH, IMDS_ENDPOINT, IMDS_IPV4 } from '@irsa-lab/core';
import { explainReachability, type MetadataOptions, type Reachability } from '@irsa-lab/imds';
import type { Caller } from '@irsa-lab/net';
import { type CompiledRule, firstMatch } from './node-rules.js';

/** The verdict the app shows for one pod. */
export interface ImdsVerdict {
  /** `<namespace>/<pod>`. */
  readonly pod: string;
  readonly hostNetwork: boolean;
  readonly hops: number;
  /** The node rule that decided the pod's IMDS traffic, if one matched. */
  readonly rule: { readonly line: string; readonly action: 'accept' | 'drop' | 'reject' | 'dnat' } | undefined;
  /** IMDS's own answer; undefined when a rule drops, rejects or redirects the traffic first. */
  readonly reachability: Reachability | undefined;
  /** Whether the pod can obtain the node role's credentials from IMDS. */
  readonly nodeCredentials: boolean;
  /** The whole story in words. */
  readonly summary: string;
}

/** Combine the node rules and the IMDS truth table for `caller` (a pod on this node). */
export function explainImdsFor(caller: Caller, rules: readonly CompiledRule[], options: MetadataOptions): ImdsVerdict {
  const hostNetwork = caller.hostNetwork === true;
  const base = { pod: caller.id, hostNetwork, hops: caller.hops };
  const probe = new Request(`${IMDS_ENDPOINT}${IMDS_CREDENTIALS_PATH}`);
  const hit = firstMatch(rules, probe, caller);
  const bypass =
    hostNetwork && rules.length > 0
      ? 'the node rules do not apply (hostNetwork traffic is generated on the host and leaves through OUTPUT, not PREROUTING/FORWARD); '
      : '';
  if (hit && hit.decision.action !== 'accept') {
    const { action } = hit.decision;
    const rule = { line: hit.rule.line, action };
    const summary =
      hit.decision.action === 'dnat'
        ? `requests to ${IMDS_IPV4} are redirected to ${hit.decision.toUrl.replace(/\/latest.*$/, '')} by \`${rule.line}\`: the pod talks to that proxy (kube2iam), never to IMDS, so it gets the role the proxy grants, not the node role`
        : `packets to ${IMDS_IPV4} from ${caller.sourceIp} are ${action === 'drop' ? 'dropped' : 'rejected'} by \`${rule.line}\`: every IMDS call ${action === 'drop' ? 'times out' : 'is refused'}, so the node role credentials are out of reach`;
    return { ...base, rule, reachability: undefined, nodeCredentials: false, summary };
  }
  const reachability = explainReachability(options, { hops: caller.hops, hostNetwork });
  const accepted = hit ? `\`${hit.rule.line}\` lets the traffic through; ` : '';
  return {
    ...base,
    rule: hit ? { line: hit.rule.line, action: 'accept' } : undefined,
    reachability,
    nodeCredentials: reachability.credentials,
    summary: `${bypass}${accepted}${reachability.reason}`,
  };
}
