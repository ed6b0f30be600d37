/** `irsa-lab serve --json` running in process (stopped through its abort signal), and `irsa-lab env` against it. */

import { envMain, serveMain } from '@irsa-lab/app/serve';
import type { Endpoints } from '@irsa-lab/serve';

export interface Running {
  readonly endpoints: Endpoints;
  /** Abort the server; resolves with serveMain's exit code. */
  stop(): Promise<number>;
  /** What serve wrote to stdout so far. */
  stdout(): string;
}

/** Start `irsa-lab serve --json ...args` and wait for its first line. */
export async function startServe(args: readonly string[] = []): Promise<Running> {
  const controller = new AbortController();
  let out = '';
  let err = '';
  let firstLine: (line: string) => void = () => undefined;
  const ready = new Promise<string>((resolve) => {
    firstLine = resolve;
  });
  const exit = serveMain(['--json', ...args], {
    stdout: {
      write: (text: string) => {
        out += text;
        if (out.includes('\n')) firstLine(out.slice(0, out.indexOf('\n')));
      },
    },
    stderr: { write: (text: string) => (err += text) },
    signal: controller.signal,
  });
  const line = await Promise.race([
    ready,
    exit.then((code) => Promise.reject(new Error(`serve exited ${code}: ${err}`))),
  ]);
  return {
    endpoints: JSON.parse(line) as Endpoints,
    stop: () => {
      controller.abort();
      return exit;
    },
    stdout: () => out,
  };
}

/** `irsa-lab env <pod> --json --control <control>`, parsed. */
export async function podEnv(control: string, pod: string): Promise<Record<string, string>> {
  let out = '';
  let err = '';
  const code = await envMain([pod, '--json', '--control', control], {
    stdout: { write: (t: string) => (out += t) },
    stderr: { write: (t: string) => (err += t) },
  });
  if (code !== 0) throw new Error(`irsa-lab env ${pod} exited ${code}: ${err}`);
  return JSON.parse(out) as Record<string, string>;
}
