/** The events IMDS logs, declared in core's EventMap (see EventMap there). */
import type { MetadataOptions } from './metadata-options.js';

/** A request to IMDS, answered or refused (the access log a learner reads). */
export interface ImdsRequestEvent {
  readonly instanceId: string;
  readonly callerId: string;
  readonly callerKind: string;
  readonly hops: number;
  readonly method: string;
  readonly path: string;
  /** `v2` for the token PUT and for requests carrying a token, `v1` otherwise. */
  readonly version: 'v1' | 'v2';
  readonly status: number;
  /** Why IMDS answered as it did, in words a learner can follow. */
  readonly decision: string;
}

/** ModifyInstanceMetadataOptions changed the instance's options (all of them, as they now are). */
export interface ImdsOptionsModifiedEvent {
  readonly instanceId: string;
  readonly metadataOptions: MetadataOptions;
}

declare module '@irsa-lab/core' {
  interface EventMap {
    'imds.request': ImdsRequestEvent;
    'imds.options-modified': ImdsOptionsModifiedEvent;
  }
}
