/**
 * DNS with vantage points. A name can resolve from the internet and not from
 * inside the VPC: an interface VPC endpoint with private DNS creates a
 * private hosted zone that captures a whole suffix (`eks.us-west-2.amazonaws.com`)
 * and answers NXDOMAIN for every name under it that it has no record for
 * (containers-roadmap#2038). A conditional-forwarding rule (split horizon)
 * sends one name back to a resolver that can answer it.
 */
import type { Vantage } from './caller.js';

/** A private hosted zone seen from one vantage point. */
export interface PrivateZone {
  readonly vantage: Vantage;
  /** The captured suffix, e.g. `eks.us-west-2.amazonaws.com`. */
  readonly suffix: string;
  /** Names the zone has records for. */
  readonly records: readonly string[];
  /** Why it exists, for traces: `EKS interface VPC endpoint (private DNS)`. */
  readonly reason: string;
}

/** A resolver rule that forwards one name to the public resolver (the split-horizon fix). */
export interface ForwardRule {
  readonly vantage: Vantage;
  readonly name: string;
  readonly reason: string;
}

export type Resolution =
  | { readonly ok: true; readonly via: string }
  | { readonly ok: false; readonly code: 'NXDOMAIN'; readonly via: string };

function under(name: string, suffix: string): boolean {
  return name === suffix || name.endsWith(`.${suffix}`);
}

/** The resolver: zones and rules per vantage; names not captured by a zone resolve publicly. */
export class Dns {
  readonly #zones: PrivateZone[] = [];
  readonly #rules: ForwardRule[] = [];

  addPrivateZone(zone: PrivateZone): void {
    this.#zones.push({ ...zone, suffix: zone.suffix.toLowerCase(), records: zone.records.map((r) => r.toLowerCase()) });
  }

  addForwardRule(rule: ForwardRule): void {
    this.#rules.push({ ...rule, name: rule.name.toLowerCase() });
  }

  removeForwardRule(vantage: Vantage, name: string): void {
    const i = this.#rules.findIndex((r) => r.vantage === vantage && r.name === name.toLowerCase());
    if (i >= 0) this.#rules.splice(i, 1);
  }

  /** Resolve `hostname` as seen from `vantage`; `known` says whether the public DNS has the name. */
  resolve(hostname: string, vantage: Vantage, known: boolean): Resolution {
    const name = hostname.toLowerCase();
    const rule = this.#rules.find((r) => r.vantage === vantage && r.name === name);
    if (rule) {
      return known
        ? { ok: true, via: `forwarded to the public resolver (${rule.reason})` }
        : { ok: false, code: 'NXDOMAIN', via: `public resolver (${rule.reason})` };
    }
    const zone = this.#zones.find((z) => z.vantage === vantage && under(name, z.suffix));
    if (zone) {
      return zone.records.includes(name)
        ? { ok: true, via: `private hosted zone ${zone.suffix} (${zone.reason})` }
        : { ok: false, code: 'NXDOMAIN', via: `private hosted zone ${zone.suffix} has no record (${zone.reason})` };
    }
    return known ? { ok: true, via: 'public DNS' } : { ok: false, code: 'NXDOMAIN', via: 'public DNS' };
  }
}
