/**
 * intercept(): route a real HTTP client (the AWS SDK for JavaScript v3, or
 * anything on Node's fetch/http/https) into a simulated world, as one caller.
 * This is the one place that patches globals (msw's setupServer); the
 * simulation itself never needs it. Only one interception can be active.
 */
import { isSimError } from '@irsa-lab/core';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import type { Caller } from './caller.js';
import type { SimNetwork } from './network.js';

export interface InterceptOptions {
  /** Who the intercepted client is (a pod, a node, the learner outside). */
  readonly caller: Caller;
  /**
   * What a dropped packet looks like to the real client: 'hang' leaves the
   * request unanswered so the client's own timeout fires (faithful; the AWS
   * SDK's IMDS timeout is 1 s), 'error' fails it at once. Default 'hang'.
   */
  readonly onDropped?: 'hang' | 'error';
}

export interface Interception {
  /** Switch the caller (e.g. to another pod) without re-patching. */
  setCaller(caller: Caller): void;
  /** Restore the real network stack. */
  close(): void;
}

let active = false;

/** Route every request a real client makes in this process into `network`, as `options.caller`. */
export function intercept(network: SimNetwork, options: InterceptOptions): Interception {
  if (active) throw new TypeError('an interception is already active: close it first');
  let caller = options.caller;
  const onDropped = options.onDropped ?? 'hang';
  const server = setupServer(
    http.all('*', async ({ request }) => {
      try {
        return await network.fetch(request, caller);
      } catch (err) {
        if (isSimError(err) && err.code === 'NET_TIMEOUT' && onDropped === 'hang') {
          return new Promise<never>(() => {});
        }
        return HttpResponse.error();
      }
    }),
  );
  server.listen({ onUnhandledFrame: 'error' });
  active = true;
  return {
    setCaller(next) {
      caller = next;
    },
    close() {
      server.close();
      active = false;
    },
  };
}
