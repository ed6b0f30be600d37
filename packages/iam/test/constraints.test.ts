/** String constraints count characters as AWS does: code points, not UTF-16 units. */

import { checkString } from '@irsa-lab/iam';
import { describe, expect, it } from 'vitest';

describe('checkString', () => {
  it('counts code points: two emoji are two characters', () => {
    expect(checkString('roleSessionName', '😀😀', { min: 2, max: 2 })).toEqual([]);
    expect(checkString('roleSessionName', '😀😀😀', { max: 2 })).toMatchObject([
      { constraint: 'Member must have length less than or equal to 2' },
    ]);
  });

  it('reports a missing required member, and a short one', () => {
    expect(checkString('roleArn', undefined, { required: true })).toMatchObject([
      { value: null, constraint: 'Member must not be null' },
    ]);
    expect(checkString('roleSessionName', 'a', { min: 2 })).toMatchObject([
      { constraint: 'Member must have length greater than or equal to 2' },
    ]);
  });
});
