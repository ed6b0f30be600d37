/** Types of launch.mjs (how the bin starts `irsa-lab serve`). */
export interface NodeProcess {
  readonly argv: readonly string[];
  readonly execArgv: readonly string[];
  readonly execPath: string;
  readonly platform: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly execve?: unknown;
}
export function serveFlags(execArgv: readonly string[]): string[];
export function serveRelaunch(
  node: NodeProcess,
  bundle: string,
): [string, string[], Record<string, string>] | undefined;
