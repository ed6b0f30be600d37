/**
 * The SDK default credential chain kept by an app (one long-lived client),
 * resolved and explained like `resolveInPod`; and how a chain ended, for a
 * step's summary and checks.
 */
import type { ChainResult, CredentialChain } from '@irsa-lab/ec2-node';
import type { World } from '@irsa-lab/world';
import type { Check, DecisionTrace, Panel } from '../../engine/types.js';
import { lastStsDecision, type PodCredentials } from '../../panels/actions.js';
import { check, cloudtrailPanel, credentialsPanel } from '../../panels/panels.js';
import { chainDecision } from '../../panels/traces.js';
import { roleOf } from './worlds.js';

/** The error code a chain ended with ('none' when it resolved). */
export function chainErrorCode(result: ChainResult): string {
  return result.ok ? 'none' : result.error.code;
}

/** A chain that was to fail, in a summary: `code: message`, or the role it got after all. */
export function failureSummary(got: PodCredentials): string {
  return got.result.ok ? `Unexpectedly got ${got.roleArn}.` : `${got.result.error.code}: ${got.result.error.message}`;
}

/** Checks that STS found no OIDC provider for the cluster's issuer in the role's account. */
export function noProviderChecks(world: World, result: ChainResult): Check[] {
  const error = result.ok ? undefined : result.error;
  return [
    check('error code', 'InvalidIdentityToken', error?.code),
    check(
      'error message',
      `No OpenIDConnect provider found in your account for ${world.issuer.issuerUrl}`,
      error?.message,
    ),
  ];
}

/** Resolve a long-lived chain (as an app keeps one SDK client) and explain it like `resolveInPod`. */
export async function resolveChain(
  world: World,
  chain: CredentialChain,
  podKey: string,
): Promise<{ result: ChainResult; roleArn?: string; panels: Panel[]; decision: DecisionTrace }> {
  const before = world.log.lastSeq;
  const result = await chain.resolve();
  const trace = chainDecision(`AWS SDK for JavaScript v3 default credential chain in ${podKey}`, result);
  const panels: Panel[] = [{ kind: 'chain', title: 'Credential chain', trace }];
  if (result.ok) {
    panels.push(credentialsPanel(world, 'Credentials the SDK holds', result.credentials.source, result.credentials));
  }
  const stsCalled = world.log.since(before).some((e) => e.type === 'cloudtrail');
  const sts = stsCalled ? lastStsDecision(world) : undefined;
  if (stsCalled) panels.push(cloudtrailPanel(world, 1));
  const decision: DecisionTrace = sts
    ? { ...trace, lines: [...trace.lines, ...sts.lines.map((l) => ({ ...l, depth: l.depth + 1 }))] }
    : trace;
  const roleArn = roleOf(world, result.ok ? result.credentials.accessKeyId : undefined);
  return { result, ...(roleArn ? { roleArn } : {}), panels, decision };
}
