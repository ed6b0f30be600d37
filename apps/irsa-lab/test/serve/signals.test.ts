/**
 * `irsa-lab serve` as a real process, started as a shell starts the installed
 * command (the built bin, through its first line; on Node 22.15 and later it
 * replaces itself with a Node without the walkthrough's flags): SIGINT and
 * SIGTERM each close every listener, remove the token files and exit 0.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '../../bin/irsa-lab.mjs');
const BUNDLE = join(import.meta.dirname, '../../dist/irsa-lab.mjs');

function start(): { child: ChildProcess; firstLine: Promise<string>; stderr: () => string } {
  const child = spawn(BIN, ['serve', '--json'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  let err = '';
  child.stderr?.on('data', (d) => {
    err += d;
  });
  const firstLine = new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`serve exited ${code} before printing endpoints: ${err}`)));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', resolve);
  });
  return { child, firstLine, stderr: () => err };
}

/** Its exit code, once it exits (no longer an error: the server is up, and is about to be told to stop). */
function exitCode(child: ChildProcess): Promise<number | null> {
  child.removeAllListeners('exit');
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

describe('irsa-lab serve as a process', () => {
  const cases = [['SIGINT'], ['SIGTERM'], ['SIGINT', 'SIGTERM']] as const;
  for (const signals of cases) {
    it(`shuts down cleanly on ${signals.join(' then ')}: listeners closed, token files removed, exit 0`, async () => {
      const { child, firstLine, stderr } = start();
      const endpoints = JSON.parse(await firstLine);
      const env = await (await fetch(`${endpoints.control}/pods/payments/billing-api/env`)).json();
      expect(existsSync(env.AWS_WEB_IDENTITY_TOKEN_FILE)).toBe(true);
      const exited = exitCode(child);
      const [first, ...later] = signals;
      child.kill(first);
      if (later.length) {
        // the later signal lands once shutdown has removed the token files: during shutdown, or between it and exit
        while (existsSync(env.AWS_WEB_IDENTITY_TOKEN_FILE) && child.exitCode === null) {
          await new Promise((r) => setTimeout(r, 2));
        }
        for (const signal of later) child.kill(signal);
      }
      expect(await exited).toBe(0);
      expect(stderr()).toBe('');
      expect(existsSync(env.AWS_WEB_IDENTITY_TOKEN_FILE)).toBe(false);
      const after = await fetch(`${endpoints.sts}/`).catch((e: { cause?: { code?: string } }) => e.cause?.code);
      expect(after).toBe('ECONNREFUSED');
    });
  }

  // the running server's own command line, from /proc: Linux only, and Node 22.15 or later (process.execve)
  const canSee = existsSync('/proc/self/cmdline') && typeof process.execve === 'function';
  it.runIf(canSee)('is the same process, replaced by a Node without the walkthrough’s semi-space flag', async () => {
    const { child, firstLine, stderr } = start();
    const endpoints = JSON.parse(await firstLine) as { sts: string };
    const commandLine = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    const environment = readFileSync(`/proc/${child.pid}/environ`, 'utf8').split('\0');
    const exited = exitCode(child);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(commandLine.slice(1)).toEqual([BUNDLE, 'serve', '--json']);
    expect(environment).toContain('MALLOC_ARENA_MAX=2');
    expect(endpoints.sts).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(stderr()).toBe('');
  });
});
