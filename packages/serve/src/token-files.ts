/**
 * Real token files for real clients: each Pod's projected service account
 * token (the IRSA one and the EKS Pod Identity one), copied from the
 * simulated node's filesystem to a file under a
 * private temporary directory, and rewritten whenever the simulated kubelet
 * has rewritten it. Each write goes to a new file renamed into place, as
 * the kubelet's atomic writer does, so a reader never sees half a token.
 * The same directory holds an empty AWS config file and shared credentials
 * file, which a client acting as a Pod is pointed at instead of the user's
 * ~/.aws (a container has none).
 */
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE, AWS_WEB_IDENTITY_TOKEN_FILE } from '@irsa-lab/core';
import type { World } from '@irsa-lab/world';

/** The env var of the EKS Pod Identity token (container credentials); its file is `<ns>.<pod>.pod-identity.token`. */
export const CONTAINER_TOKEN_FILE_ENV = AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE;

/** Which token: the IRSA one or the EKS Pod Identity one. */
export type TokenKind = 'web-identity' | 'pod-identity';
const ENV_OF: Readonly<Record<TokenKind, string>> = {
  'web-identity': AWS_WEB_IDENTITY_TOKEN_FILE,
  'pod-identity': AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE,
};

const EMPTY_FILE_NOTE =
  '# irsa-lab serve: empty on purpose, so a client acting as a Pod reads no profile or keys from ~/.aws (removed when serve stops)';

export class TokenFiles {
  /** The private directory holding every token file. */
  readonly dir: string;
  /** An AWS config file with no profiles (AWS_CONFIG_FILE). */
  readonly configFile: string;
  /** A shared credentials file with no credentials (AWS_SHARED_CREDENTIALS_FILE). */
  readonly credentialsFile: string;
  readonly #written = new Map<string, string>();
  #closed = false;

  constructor(
    private readonly world: World,
    parentDir: string = tmpdir(),
  ) {
    this.dir = mkdtempSync(join(parentDir, 'irsa-lab-tokens-'));
    this.configFile = join(this.dir, 'aws-config');
    this.credentialsFile = join(this.dir, 'aws-credentials');
    for (const file of [this.configFile, this.credentialsFile]) {
      writeFileSync(file, `${EMPTY_FILE_NOTE}\n`, { mode: 0o644 });
    }
  }

  /** Where `<namespace>/<pod>`'s token file is (whether or not the Pod has one). */
  pathOf(namespace: string, pod: string, kind: TokenKind = 'web-identity'): string {
    return join(
      this.dir,
      kind === 'web-identity' ? `${namespace}.${pod}.token` : `${namespace}.${pod}.pod-identity.token`,
    );
  }

  /** The token the Pod's process would read now, or undefined when the Pod has no such token. */
  currentToken(namespace: string, pod: string, kind: TokenKind = 'web-identity'): string | undefined {
    const view = this.world.nodeOf(namespace, pod).podView(namespace, pod);
    const path = view.env()[ENV_OF[kind]];
    return path === undefined ? undefined : view.readFile(path);
  }

  /** Write the Pod's token if it changed; returns the file path, or undefined when the Pod has no token. */
  refresh(namespace: string, pod: string, kind: TokenKind = 'web-identity'): string | undefined {
    if (this.#closed) return undefined;
    const token = this.currentToken(namespace, pod, kind);
    if (token === undefined) return undefined;
    const path = this.pathOf(namespace, pod, kind);
    if (this.#written.get(path) !== token) {
      const temp = `${path}.${this.#written.size}.tmp`;
      writeFileSync(temp, token, { mode: 0o644 });
      renameSync(temp, path);
      this.#written.set(path, token);
    }
    return path;
  }

  /** Refresh every running Pod's file. */
  refreshAll(): void {
    for (const { node } of this.world.nodes.values()) {
      for (const pod of node.pods()) {
        if (pod.phase !== 'Running') continue;
        this.refresh(pod.namespace, pod.name);
        this.refresh(pod.namespace, pod.name, 'pod-identity');
      }
    }
  }

  /** Remove the directory and every file in it. */
  close(): void {
    this.#closed = true;
    rmSync(this.dir, { recursive: true, force: true });
  }
}
