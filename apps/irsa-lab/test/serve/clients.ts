/**
 * Running real clients (the AWS CLI, boto3, the AWS SDK for JavaScript v3)
 * as child processes with a Pod's env and nothing else of AWS: serve's empty
 * config and credentials files, a private HOME, no inherited AWS_* variables.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const FIXTURES = join(import.meta.dirname, 'fixtures');

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run `file args` with `env`; resolves with its exit code and output (never rejects on a non-zero exit). A client may take long to start on a busy machine (the AWS CLI imports botocore): it is stopped only after 240 s, inside the shared test limit. */
export function run(file: string, args: readonly string[], env: NodeJS.ProcessEnv, timeoutMs = 240_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    execFile(file, [...args], { env, timeout: timeoutMs, maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      const code = (err as (NodeJS.ErrnoException & { code?: unknown }) | null)?.code;
      if (code === 'ENOENT') {
        reject(new Error(`${file} is not installed (or not on PATH): the serve tests need it, as CI has it`));
        return;
      }
      resolve({ code: typeof code === 'number' ? code : err ? 1 : 0, stdout, stderr });
    });
  });
}

/**
 * The clients' HOME (the AWS CLI caches web-identity credentials under `.aws/cli/cache` there): one per
 * test process, made when a client first needs it; every test file that runs clients removes it after
 * (removeClientHome), and a later file makes it again.
 */
export const CLIENT_HOME = join(tmpdir(), `irsa-lab-client-home-${process.pid}`);

/** Remove CLIENT_HOME (a test file's afterAll). */
export function removeClientHome(): void {
  rmSync(CLIENT_HOME, { recursive: true, force: true });
}

/**
 * The env of a child client acting as a Pod: `podEnv` (which points the
 * client at serve's empty config and credentials files) plus the
 * essentials, nothing from the test runner's AWS setup.
 */
export function clientEnv(podEnv: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
  mkdirSync(CLIENT_HOME, { recursive: true });
  const keep = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_')));
  return {
    ...keep,
    ...podEnv,
    HOME: CLIENT_HOME,
    AWS_PAGER: '',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}

/** The executables the tests run (pyenv shims resolved once: each shim adds about a second per run). */
export const executables = { aws: 'aws', python3: 'python3' };

async function resolveShim(name: string): Promise<string> {
  const which = await run('pyenv', ['which', name], process.env).catch(() => undefined);
  return which?.code === 0 && which.stdout.trim() !== '' ? which.stdout.trim() : name;
}

/** Fails with a clear message unless `aws` and `python3` with boto3 are installed. */
export async function requireRealClients(): Promise<void> {
  executables.aws = await resolveShim('aws');
  executables.python3 = await resolveShim('python3');
  const aws = await run(executables.aws, ['--version'], process.env);
  if (aws.code !== 0) throw new Error(`\`aws --version\` failed: the serve tests need the AWS CLI. ${aws.stderr}`);
  const boto = await run(executables.python3, ['-c', 'import boto3'], process.env);
  if (boto.code !== 0) throw new Error(`python3 cannot import boto3: the serve tests need it. ${boto.stderr}`);
}

/** `aws ...` as the Pod whose env is `podEnv`. */
export function aws(podEnv: Readonly<Record<string, string>>, ...args: string[]): Promise<Run> {
  return run(executables.aws, args, clientEnv(podEnv));
}

/** A fixture client's JSON line. */
export async function fixtureJson(
  file: string,
  args: readonly string[],
  podEnv: Readonly<Record<string, string>>,
): Promise<unknown> {
  const out = await run(file, args, clientEnv(podEnv));
  if (out.code !== 0) throw new Error(`${file} ${args.join(' ')} exited ${out.code}: ${out.stderr}`);
  return JSON.parse(out.stdout.trim().split('\n').pop() ?? '');
}
