/**
 * STS's request quota: requests per second, per account, per Region
 * ("IAM and AWS STS quotas": 600 by default for the operations made with
 * AWS credentials). STS, like IAM, throttles with a token bucket refilled
 * every second (AWS Support, quoted in hashicorp/terraform-provider-aws#44853);
 * a request the bucket has no token for gets `Throttling: Rate exceeded`.
 *
 * Simplifications: the bucket holds one second's worth and refills at each
 * whole second of simulated time (the real bucket size is not documented);
 * AssumeRoleWithWebIdentity counts against the role's account although the
 * quotas page lists only operations made with AWS credentials (the EKS best
 * practices guide reports IRSA workloads throttled, with no number); the
 * global endpoint counts against us-east-1.
 */

/** One account and Region's use of the quota: this second's count and the totals. */
export interface QuotaUsage {
  readonly account: string;
  readonly region: string;
  readonly requestsPerSecond: number;
  readonly accepted: number;
  readonly throttled: number;
}

interface Bucket {
  second: number;
  used: number;
  accepted: number;
  throttled: number;
}

/** Most accounts × Regions tracked (a limit on everything): the least recently used are forgotten. */
const MAX_BUCKETS = 1000;

export class RequestQuota {
  readonly #buckets = new Map<string, Bucket>();

  constructor(readonly requestsPerSecond: number) {
    if (!Number.isInteger(requestsPerSecond) || requestsPerSecond < 1) {
      throw new TypeError(`requestsPerSecond must be a whole number of at least 1, got ${requestsPerSecond}`);
    }
  }

  /** Take a token for a request of `account` in `region` at `nowMs`: false when the bucket is empty (throttled). */
  take(account: string, region: string, nowMs: number): boolean {
    const key = `${account}|${region}`;
    const second = Math.floor(nowMs / 1000);
    const bucket = this.#buckets.get(key) ?? { second, used: 0, accepted: 0, throttled: 0 };
    this.#buckets.delete(key);
    this.#buckets.set(key, bucket);
    if (this.#buckets.size > MAX_BUCKETS) this.#buckets.delete(this.#buckets.keys().next().value as string);
    if (bucket.second !== second) {
      bucket.second = second;
      bucket.used = 0;
    }
    if (bucket.used >= this.requestsPerSecond) {
      bucket.throttled++;
      return false;
    }
    bucket.used++;
    bucket.accepted++;
    return true;
  }

  /** Every account and Region seen, with its totals. */
  usage(): QuotaUsage[] {
    return [...this.#buckets.entries()].map(([key, b]) => {
      const [account = '', region = ''] = key.split('|');
      return {
        account,
        region,
        requestsPerSecond: this.requestsPerSecond,
        accepted: b.accepted,
        throttled: b.throttled,
      };
    });
  }
}
