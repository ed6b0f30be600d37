/**
 * The instance metadata options of one EC2 instance, named as EC2's
 * ModifyInstanceMetadataOptions names them (the EC2 API's
 * `InstanceMetadataOptionsRequest`, docs/reference.md#imds-options), with
 * their defaults and validation.
 */
import { SimError } from '@irsa-lab/core';

/** How IMDS may be used on an instance (the subset of EC2's InstanceMetadataOptions that IRSA lessons need). */
export interface MetadataOptions {
  /** `optional`: IMDSv1 and IMDSv2 both work; `required`: only requests carrying a session token. */
  readonly httpTokens: 'optional' | 'required';
  /** IP TTL of the token PUT response, 1–64 (default 1): how many hops away a caller may get a token. */
  readonly httpPutResponseHopLimit: number;
  /** `disabled` turns IMDS off: every request gets 403. */
  readonly httpEndpoint: 'enabled' | 'disabled';
}

/** EC2's defaults when neither the AMI nor the account says otherwise. */
export const DEFAULT_METADATA_OPTIONS: MetadataOptions = Object.freeze({
  httpTokens: 'optional',
  httpPutResponseHopLimit: 1,
  httpEndpoint: 'enabled',
});

/** Bounds EC2 enforces on `HttpPutResponseHopLimit`. */
export const MIN_HOP_LIMIT = 1;
export const MAX_HOP_LIMIT = 64;

const HTTP_TOKENS: readonly string[] = ['optional', 'required'];
const HTTP_ENDPOINT: readonly string[] = ['enabled', 'disabled'];
const KNOWN_FIELDS: readonly string[] = ['httpTokens', 'httpPutResponseHopLimit', 'httpEndpoint'];

/**
 * `base` with the fields of `change` applied, after checking every field of
 * `change`. Throws SimError INPUT_INVALID (detail `field`) and changes nothing
 * if any field is wrong; `undefined` fields are left as they were.
 */
export function applyMetadataOptions(base: MetadataOptions, change: Partial<MetadataOptions>): MetadataOptions {
  if (typeof change !== 'object' || change === null) {
    throw new TypeError('metadata options must be an object');
  }
  for (const field of Object.keys(change)) {
    if (!KNOWN_FIELDS.includes(field)) {
      throw invalid(field, `unknown metadata option "${field}" (known: ${KNOWN_FIELDS.join(', ')})`);
    }
  }
  const { httpTokens, httpPutResponseHopLimit, httpEndpoint } = change;
  if (httpTokens !== undefined && !HTTP_TOKENS.includes(httpTokens)) {
    throw invalid('httpTokens', `httpTokens must be "optional" or "required", got ${JSON.stringify(httpTokens)}`);
  }
  if (
    httpPutResponseHopLimit !== undefined &&
    !(
      Number.isInteger(httpPutResponseHopLimit) &&
      httpPutResponseHopLimit >= MIN_HOP_LIMIT &&
      httpPutResponseHopLimit <= MAX_HOP_LIMIT
    )
  ) {
    throw invalid(
      'httpPutResponseHopLimit',
      `httpPutResponseHopLimit must be an integer from ${MIN_HOP_LIMIT} to ${MAX_HOP_LIMIT}, got ${String(httpPutResponseHopLimit)}`,
    );
  }
  if (httpEndpoint !== undefined && !HTTP_ENDPOINT.includes(httpEndpoint)) {
    throw invalid('httpEndpoint', `httpEndpoint must be "enabled" or "disabled", got ${JSON.stringify(httpEndpoint)}`);
  }
  return Object.freeze({
    httpTokens: httpTokens ?? base.httpTokens,
    httpPutResponseHopLimit: httpPutResponseHopLimit ?? base.httpPutResponseHopLimit,
    httpEndpoint: httpEndpoint ?? base.httpEndpoint,
  });
}

/** The options as the AWS CLI spells them, for log lines a learner can map to `aws ec2 modify-instance-metadata-options`. */
export function describeMetadataOptions(options: MetadataOptions): string {
  return `http-tokens ${options.httpTokens}, http-put-response-hop-limit ${options.httpPutResponseHopLimit}, http-endpoint ${options.httpEndpoint}`;
}

function invalid(field: string, message: string): SimError {
  return new SimError('INPUT_INVALID', message, { field });
}
