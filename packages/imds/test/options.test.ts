/** Metadata options on an instance: defaults, validation at creation and on modify, and the log note. */

import { DEFAULT_METADATA_OPTIONS, type MetadataOptions } from '@irsa-lab/imds';
import { describe, expect, it } from 'vitest';
import { makeInstance } from './fixture.js';

describe('metadata options', () => {
  it('default to optional tokens, hop limit 1, endpoint enabled', () => {
    const { imds } = makeInstance();
    expect(imds.metadataOptions()).toEqual({
      httpTokens: 'optional',
      httpPutResponseHopLimit: 1,
      httpEndpoint: 'enabled',
    });
    expect(DEFAULT_METADATA_OPTIONS).toEqual(imds.metadataOptions());
  });

  it('take the given options at creation and keep the rest at their defaults', () => {
    const { imds } = makeInstance({ metadataOptions: { httpTokens: 'required', httpPutResponseHopLimit: 2 } });
    expect(imds.metadataOptions()).toEqual({
      httpTokens: 'required',
      httpPutResponseHopLimit: 2,
      httpEndpoint: 'enabled',
    });
  });

  it('change only the fields given, returning and logging the result', () => {
    const { imds, log } = makeInstance();
    const result = imds.modifyInstanceMetadataOptions({ httpPutResponseHopLimit: 2 });
    expect(result).toEqual({ httpTokens: 'optional', httpPutResponseHopLimit: 2, httpEndpoint: 'enabled' });
    expect(imds.metadataOptions()).toEqual(result);
    const [event] = log.all('imds.options-modified');
    expect(event?.data).toEqual({ instanceId: 'i-0abc123def4567890', metadataOptions: result });
    expect(event?.summary).toBe(
      'IMDS options of i-0abc123def4567890: http-tokens optional, http-put-response-hop-limit 2, http-endpoint enabled',
    );
  });

  it.each([
    [{ httpPutResponseHopLimit: 0 }, 'httpPutResponseHopLimit'],
    [{ httpPutResponseHopLimit: 65 }, 'httpPutResponseHopLimit'],
    [{ httpPutResponseHopLimit: 1.5 }, 'httpPutResponseHopLimit'],
    [{ httpPutResponseHopLimit: Number.NaN }, 'httpPutResponseHopLimit'],
    [{ httpTokens: 'sometimes' }, 'httpTokens'],
    [{ httpEndpoint: 'off' }, 'httpEndpoint'],
    [{ httpPutResponseHopLimit: 2, hopLimit: 2 }, 'hopLimit'],
  ])('refuse %j with INPUT_INVALID on %s and change nothing', (change, field) => {
    const { imds, log } = makeInstance();
    const bad = change as unknown as Partial<MetadataOptions>;
    expect(() => imds.modifyInstanceMetadataOptions(bad)).toThrow(
      expect.objectContaining({ code: 'INPUT_INVALID', detail: expect.objectContaining({ field }) }),
    );
    expect(imds.metadataOptions()).toEqual(DEFAULT_METADATA_OPTIONS);
    expect(log.all('imds.options-modified')).toEqual([]);
    expect(() => makeInstance({ metadataOptions: bad })).toThrow(expect.objectContaining({ code: 'INPUT_INVALID' }));
  });

  it.each([1, 64])('accept the boundary hop limit %i', (limit) => {
    const { imds } = makeInstance();
    expect(imds.modifyInstanceMetadataOptions({ httpPutResponseHopLimit: limit }).httpPutResponseHopLimit).toBe(limit);
  });

  it('hand out frozen copies', () => {
    const { imds } = makeInstance();
    expect(Object.isFrozen(imds.metadataOptions())).toBe(true);
  });

  it('reject a missing instance id as a programmer error', () => {
    expect(() => makeInstance({ instanceId: '' })).toThrow(TypeError);
  });
});
