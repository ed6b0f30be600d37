/** Text panels: a file or document as lines, and a pod's environment as the apiserver stores it. */

import type { World } from '@irsa-lab/world';
import type { Panel } from '../../engine/types.js';

/** A file or document shown as text (a trailing newline dropped). */
export function textPanel(title: string, text: string | readonly string[]): Panel {
  return { kind: 'text', title, lines: typeof text === 'string' ? text.trimEnd().split('\n') : text };
}

/** The env of the pod's first container as stored by the apiserver (after admission). */
export function podEnv(world: World, namespace: string, pod: string): Record<string, string> {
  const env = world.api.get('Pod', namespace, pod).spec.containers[0]?.env ?? [];
  return Object.fromEntries(env.map((e) => [e.name, e.value ?? '']));
}

/** An env as `NAME=value` lines. */
export function envLines(env: Readonly<Record<string, string>>): string[] {
  return Object.entries(env).map(([k, v]) => `${k}=${v}`);
}

/** The environment the webhook gave a pod's first container. */
export function envPanel(world: World, namespace: string, pod: string): Panel {
  const lines = envLines(podEnv(world, namespace, pod));
  return textPanel(`Environment of ${namespace}/${pod}`, lines.length ? lines : ['(no AWS_* variables injected)']);
}
