/**
 * `irsa-lab serve` and `irsa-lab env` through serveMain/envMain with
 * captured output: the JSON first line and the readable table, fixed ports,
 * a clean stop, bad flags and bad world files (one line naming file, line
 * and field, no stack trace), and env's export lines and errors.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EnvIo, envMain, exportLines, namesToUnset, serveMain, shellLines, shellQuote } from '@irsa-lab/app/serve';
import { describe, expect, it } from 'vitest';
import { startServe } from './running.js';

const NO_STACK = /\n\s+at |\.ts:\d+/;

function captured(signal?: AbortSignal) {
  let out = '';
  let err = '';
  const waiting: { text: string; resolve: () => void }[] = [];
  return {
    io: {
      stdout: {
        write: (t: string) => {
          out += t;
          for (const w of waiting.filter((x) => out.includes(x.text))) w.resolve();
        },
      },
      stderr: { write: (t: string) => (err += t) },
      ...(signal ? { signal } : {}),
    },
    out: () => out,
    err: () => err,
    /** Resolves once stdout holds `text`. */
    written: (text: string) =>
      new Promise<void>((resolve) => (out.includes(text) ? resolve() : waiting.push({ text, resolve }))),
  };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('irsa-lab serve', () => {
  it('prints one JSON line naming every endpoint, honours fixed ports, and stops cleanly', async () => {
    const port = await freePort();
    const running = await startServe(['--port', `control=${port}`, '--seed', '7']);
    const { endpoints } = running;
    expect(Object.keys(endpoints)).toEqual(['issuer', 'sts', 's3', 'kubernetes', 'control', 'imds']);
    expect(endpoints.control).toBe(`http://127.0.0.1:${port}`);
    expect(Object.keys(endpoints.imds)).toEqual(['kube-system/node-agent', 'payments/billing-api', 'web/frontend']);
    const tokenFile = (await (await fetch(`${endpoints.control}/pods/payments/billing-api/env`)).json())
      .AWS_WEB_IDENTITY_TOKEN_FILE;
    expect(existsSync(tokenFile)).toBe(true);
    expect(await running.stop()).toBe(0);
    expect(running.stdout().split('\n').filter(Boolean)).toHaveLength(1);
    expect(existsSync(tokenFile)).toBe(false);
    const after = await fetch(`${endpoints.sts}/`).catch((e: { cause?: { code?: string } }) => e.cause?.code);
    expect(after).toBe('ECONNREFUSED');
  });

  it('prints a readable table without --json', async () => {
    const controller = new AbortController();
    const t = captured(controller.signal);
    const exit = serveMain([], t.io);
    await t.written('Stop with Ctrl-C');
    controller.abort();
    expect(await exit).toBe(0);
    const text = t.out();
    expect(text).toContain('cluster demo in us-west-2, account 111122223333');
    expect(text).toMatch(/\n {2}sts +http:\/\/127\.0\.0\.1:\d+\n/);
    expect(text).toMatch(/\n {2}imds web\/frontend +http:\/\/127\.0\.0\.1:\d+\n/);
    expect(text).toMatch(
      /export IRSA_LAB_CONTROL=http:\/\/127\.0\.0\.1:\d+\n {2}eval "\$\(npx irsa-lab env payments\/billing-api\)"/,
    );
    expect(text).toMatch(/After POST http:\/\/127\.0\.0\.1:\d+\/clock\/advance, run the eval again/);
    expect(text).toContain('stopped; listeners closed, token files removed.');
  });

  it('refuses bad flags with exit 2 and a usage line', async () => {
    for (const argv of [['--seed', 'x'], ['--port', 'dns=53'], ['--port', 'sts=70000'], ['extra'], ['--nope']]) {
      const t = captured();
      expect(await serveMain(argv, t.io)).toBe(2);
      expect(t.err()).toMatch(/^irsa-lab serve: .*\. Try `npx irsa-lab serve --help`\.\n$/);
    }
    for (const [argv, got] of [
      [['--seed', '-3'], '-3'],
      [['--seed'], 'nothing'],
      [['--seed', '--json'], 'nothing'],
    ] as const) {
      const t = captured();
      expect(await serveMain(argv, t.io)).toBe(2);
      expect(t.err()).toBe(
        `irsa-lab serve: --seed needs a whole number from 0 to 4294967295 (2^32-1), got ${got}. Try \`npx irsa-lab serve --help\`.\n`,
      );
    }
    const help = captured();
    expect(await serveMain(['--help'], help.io)).toBe(0);
    expect(help.out()).toContain('usage: irsa-lab serve [--world FILE] [--seed N] [--json]');
  });

  it('reports a bad world file in one line with file, line and field, and a missing one by name (exit 2)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'irsa-lab-world-'));
    const file = join(dir, 'broken.yaml');
    writeFileSync(file, 'apiVersion: irsa-lab.dev/v1\nkind: Node\nspec:\n  imds:\n    httpPutResponseHopLimit: 99\n');
    const bad = captured();
    expect(await serveMain(['--world', file], bad.io)).toBe(2);
    expect(bad.err()).toBe(
      `irsa-lab: ${file}:5: spec.imds.httpPutResponseHopLimit: expected a whole number from 1 to 64, got 99\n`,
    );
    expect(bad.err()).not.toMatch(NO_STACK);
    const missing = captured();
    expect(await serveMain(['--world', join(dir, 'nope.yaml')], missing.io)).toBe(2);
    expect(missing.err()).toBe(`irsa-lab: cannot read the world file ${join(dir, 'nope.yaml')} (ENOENT)\n`);
    rmSync(dir, { recursive: true, force: true });
  });

  it('fails with exit 1 when a fixed port is taken', async () => {
    const running = await startServe();
    const taken = new URL(running.endpoints.sts).port;
    const t = captured();
    expect(await serveMain(['--port', `sts=${taken}`], t.io)).toBe(1);
    expect(t.err()).toBe(`irsa-lab: port ${taken} for sts is already in use\n`);
    expect(await running.stop()).toBe(0);
  });
});

describe('irsa-lab env', () => {
  it('prints export lines for a Pod from --control or $IRSA_LAB_CONTROL', async () => {
    const running = await startServe();
    const { control, sts } = running.endpoints;
    const viaFlag = captured();
    expect(await envMain(['payments/billing-api', '--control', control], { ...viaFlag.io, env: {} })).toBe(0);
    expect(viaFlag.out()).toContain(`export AWS_ENDPOINT_URL_STS=${sts}\n`);
    expect(viaFlag.out()).toContain('export AWS_ROLE_ARN=arn:aws:iam::111122223333:role/billing-reader\n');
    expect(viaFlag.out()).toMatch(/export AWS_WEB_IDENTITY_TOKEN_FILE=\/\S+payments\.billing-api\.token\n/);
    const viaEnv = captured();
    expect(await envMain(['payments/billing-api'], { ...viaEnv.io, env: { IRSA_LAB_CONTROL: `${control}/` } })).toBe(0);
    // the session name is the served clock's second (as a pod's would be), which may tick between the two calls
    const sessionName = /^export AWS_ROLE_SESSION_NAME=irsa-lab-\d+$/m;
    expect(viaFlag.out()).toMatch(sessionName);
    expect(viaEnv.out().replace(sessionName, '')).toBe(viaFlag.out().replace(sessionName, ''));
    const unknown = captured();
    expect(await envMain(['web/nope', '--control', control], unknown.io)).toBe(2);
    expect(unknown.err()).toBe(
      'irsa-lab env: the served world has no Pod web/nope; its Pods: kube-system/node-agent, payments/billing-api, web/frontend\n',
    );
    expect(unknown.out()).toBe('');
    expect(await running.stop()).toBe(0);
    const gone = captured();
    expect(await envMain(['web/frontend', '--control', control], gone.io)).toBe(1);
    expect(gone.err()).toContain(`no irsa-lab serve answers at ${control}`);
  });

  it('refuses bad input with exit 2', async () => {
    const cases: [string[], Record<string, string>, string][] = [
      [['payments'], {}, 'is not <namespace>/<pod>'],
      [[], {}, 'env takes one <namespace>/<pod>'],
      [['a/b', '--control', 'ftp://x'], {}, '--control must be a URL'],
      [['a/b'], {}, 'say where the server is'],
    ];
    for (const [argv, env, says] of cases) {
      const t = captured();
      expect(await envMain(argv, { ...t.io, env })).toBe(2);
      expect(t.err()).toContain(says);
    }
  });

  it("unsets the shell's AWS_* variables that would steer a client away from the Pod's credentials", () => {
    const billing = {
      AWS_CONFIG_FILE: '/tmp/irsa-lab-tokens-x/aws-config',
      AWS_REGION: 'us-west-2',
      AWS_ROLE_ARN: 'arn:aws:iam::111122223333:role/billing-reader',
      AWS_ROLE_SESSION_NAME: 'irsa-lab-1',
      AWS_WEB_IDENTITY_TOKEN_FILE: '/tmp/irsa-lab-tokens-x/payments.billing-api.token',
    };
    const shell = {
      HOME: '/home/me',
      AWS_PROFILE: 'work',
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      AWS_ENDPOINT_URL: 'https://example.com',
      AWS_CONFIG_FILE: '/home/me/.aws/config',
      AWS_REGION: 'eu-central-1',
      AWS_PAGER: 'less',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
    const unset = namesToUnset(billing, shell);
    expect(unset).toEqual(
      expect.arrayContaining(['AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_ENDPOINT_URL', 'AWS_SESSION_TOKEN']),
    );
    for (const kept of [
      'HOME',
      'AWS_PAGER',
      'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED',
      ...Object.keys(billing),
    ]) {
      expect(unset).not.toContain(kept);
    }
    expect(shellLines(billing, shell).split('\n')[0]).toBe(`unset ${unset.join(' ')}`);
    // a Pod without IRSA: what an earlier eval for an IRSA Pod exported goes
    expect(namesToUnset({ AWS_REGION: 'us-west-2' }, {})).toEqual(
      expect.arrayContaining(['AWS_ROLE_ARN', 'AWS_ROLE_SESSION_NAME', 'AWS_WEB_IDENTITY_TOKEN_FILE']),
    );
  });

  it('quotes values for the shell', () => {
    expect(shellQuote('http://127.0.0.1:4000')).toBe('http://127.0.0.1:4000');
    expect(shellQuote("it's a b")).toBe(`'it'\\''s a b'`);
    expect(exportLines({ A: 'x y', B: 'z' })).toBe("export A='x y'\nexport B=z\n");
  });
});

describe('hints', () => {
  it('every command serve and env suggest is one to paste from the repository: `npx irsa-lab ...`', async () => {
    const refused = `http://127.0.0.1:${await freePort()}`;
    const texts: string[] = [];
    const runs: [(argv: readonly string[], io: EnvIo) => Promise<number>, string[], Record<string, string>][] = [
      [serveMain, ['--help'], {}],
      [serveMain, ['--nope'], {}],
      [envMain, ['--help'], {}],
      [envMain, ['payments'], {}],
      [envMain, ['a/b'], {}],
      [envMain, ['a/b', '--control', refused], {}],
    ];
    for (const [command, argv, env] of runs) {
      const t = captured();
      await command(argv, { ...t.io, env });
      texts.push(t.out() + t.err());
    }
    const suggested = [...texts.join('').matchAll(/(?:`|\$\()((?:npx )?irsa-lab [^`)]*)/g)].map((m) => m[1]);
    expect(new Set(suggested)).toEqual(
      new Set([
        'npx irsa-lab serve --help',
        'npx irsa-lab env payments/billing-api',
        'npx irsa-lab env --help',
        'npx irsa-lab serve',
      ]),
    );
    for (const command of suggested) expect(command).toMatch(/^npx irsa-lab /);
  });
});
