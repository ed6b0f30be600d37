/**
 * IP TTL of a response. A service that sets a small TTL on a response (IMDS
 * does on the PUT token response: `http-put-response-hop-limit`) marks it
 * with this header; the network drops the response if the caller is more
 * hops away than the TTL allows, and the caller sees a timeout.
 */
export const RESPONSE_TTL_HEADER = 'x-irsa-lab-ip-ttl';
