/**
 * IPv4 addresses and CIDR blocks for the node's pod network, and the pod IP
 * allocator: host-local IPAM style, handing out the next free address after
 * the last one it gave (wrapping), never the network, gateway (.1),
 * broadcast or node address.
 */
import { type DocumentPath, fieldText, SimError } from '@irsa-lab/core';

/** A parsed CIDR block. */
export interface Cidr {
  /** Network address as an unsigned 32-bit integer. */
  readonly base: number;
  readonly prefix: number;
  /** Addresses in the block. */
  readonly size: number;
  /** The canonical text, e.g. `10.0.1.0/24`. */
  readonly text: string;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Parse dotted-quad text to an unsigned integer, or undefined if it is not an IPv4 address. */
export function parseIpv4(text: string): number | undefined {
  const m = IPV4.exec(text);
  if (!m) return undefined;
  const octets = m.slice(1).map(Number);
  if (octets.some((o) => o > 255)) return undefined;
  return octets.reduce((acc, o) => acc * 256 + o, 0);
}

/** Dotted-quad text of an unsigned 32-bit integer. */
export function formatIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

/** Parse `a.b.c.d/n` (a bare address is /32). SimError INPUT_INVALID naming the field at `path` otherwise. */
export function parseCidr(text: string, path: DocumentPath): Cidr {
  const [ip, prefixText, extra] = String(text).split('/');
  const address = parseIpv4(ip ?? '');
  const prefix = prefixText === undefined ? 32 : /^\d{1,2}$/.test(prefixText) ? Number(prefixText) : Number.NaN;
  if (address === undefined || extra !== undefined || !(prefix >= 0 && prefix <= 32)) {
    const name = String(path.at(-1) ?? 'address');
    throw new SimError('INPUT_INVALID', `${name} ${JSON.stringify(text)} is not an IPv4 address or CIDR block`, {
      field: fieldText(path),
      path: [...path],
    });
  }
  const size = 2 ** (32 - prefix);
  const base = address - (address % size);
  return { base, prefix, size, text: `${formatIpv4(base)}/${prefix}` };
}

/** Whether address `ip` (text) lies in `cidr`. */
export function inCidr(ip: string, cidr: Cidr): boolean {
  const value = parseIpv4(ip);
  return value !== undefined && value >= cidr.base && value < cidr.base + cidr.size;
}

/** Pod IPs of one node's pod CIDR. */
export class IpPool {
  readonly cidr: Cidr;
  readonly #reserved = new Set<number>();
  readonly #used = new Set<number>();
  #last: number;

  /** A pool over `cidr` (at least /30) that never hands out `nodeIp`. */
  constructor(cidr: Cidr, nodeIp: string) {
    if (cidr.prefix > 30) {
      throw new SimError('INPUT_INVALID', `podCidr ${cidr.text} is too small for pods (at most /30)`, {
        field: 'podCidr',
      });
    }
    this.cidr = cidr;
    // network address, the gateway by convention, and broadcast
    for (const v of [cidr.base, cidr.base + 1, cidr.base + cidr.size - 1]) this.#reserved.add(v);
    const node = parseIpv4(nodeIp);
    if (node !== undefined) this.#reserved.add(node);
    this.#last = cidr.base + 1;
  }

  /** The next free address after the last one handed out. SimError INPUT_INVALID (limit podCidr) when none is left. */
  allocate(): string {
    const { base, size } = this.cidr;
    for (let step = 1; step <= size; step++) {
      const candidate = base + ((this.#last - base + step) % size);
      if (this.#reserved.has(candidate) || this.#used.has(candidate)) continue;
      this.#used.add(candidate);
      this.#last = candidate;
      return formatIpv4(candidate);
    }
    throw new SimError('INPUT_INVALID', `failed to assign an IP address to the pod: ${this.cidr.text} is exhausted`, {
      field: 'podCidr',
      limit: 'podCidr',
    });
  }

  /** Give an address back. */
  release(ip: string): void {
    const value = parseIpv4(ip);
    if (value !== undefined) this.#used.delete(value);
  }
}
