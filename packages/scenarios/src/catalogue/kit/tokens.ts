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

/** `stat -L -c '%A %u %g %s %n'` of the pod's IRSA token, as the node's kubelet wrote it ('' when there is none). */
export function statToken(world: World, namespace: string, pod: string): string {
  const node = world.nodeOf(namespace, pod);
  const dir = node.pod(namespace, pod)?.volumeDirs.get(IRSA_VOLUME_NAME);
  const stat = dir === undefined ? undefined : node.fs.stat(`${dir}/token`);
  if (!stat) return '';
  return `${permissionString(stat.mode)} ${stat.uid} ${stat.gid} ${stat.size} ${IRSA_TOKEN_PATH}`;
}

/** `-rw-r-----` for 0o640. */
function permissionString(mode: number): string {
  const bits = 'rwxrwxrwx';
  let out = '-';
  for (let i = 0; i < 9; i++) out += mode & (0o400 >> i) ? bits[i] : '-';
  return out;
}
