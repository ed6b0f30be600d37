/** The pod's IRSA token: where the kubelet writes it, what it says, and when the kubelet renews it. */
import { IRSA_TOKEN_PATH, IRSA_VOLUME_NAME } from '@irsa-lab/core';
import type { TokenScheduleEntry } from '@irsa-lab/ec2-node';
import type { World } from '@irsa-lab/world';
import { decodeJwt, decodeProtectedHeader, type JWTPayload } from 'jose';
import { podView } from './worlds.js';

/** The IRSA token file as the pod sees it now ('' when there is none). */
export function readToken(world: World, namespace: string, pod: string): string {
  return podView(world, namespace, pod).readFile(IRSA_TOKEN_PATH) ?? '';
}

/** A token's `kid` header and claims (decoded, not verified). */
export function inspect(token: string): { kid: string; claims: JWTPayload } {
  return { kid: String(decodeProtectedHeader(token).kid ?? '(none)'), claims: decodeJwt(token) };
}

/** The kubelet's schedule entry of a pod's IRSA token file. */
export function irsaTokenEntry(world: World, namespace: string, pod: string): TokenScheduleEntry | undefined {
  return world
    .nodeOf(namespace, pod)
    .tokenSchedule()
    .find((e) => e.volume === IRSA_VOLUME_NAME);
}
