/** maskSecret at its boundaries: the tail shows from 16 characters, never more than a quarter, and masking twice changes nothing. */

import { MASK_SHOWS_TAIL_FROM_LENGTH, maskSecret } from '@irsa-lab/core';
import { describe, expect, it } from 'vitest';

const AWS_EXAMPLE_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

describe('maskSecret', () => {
  it('shows the last 4 characters of a secret access key (40 characters)', () => {
    expect(maskSecret(AWS_EXAMPLE_SECRET)).toBe('****EKEY');
  });

  it('shows the tail from 16 characters on, and nothing of a 15-character secret', () => {
    expect(MASK_SHOWS_TAIL_FROM_LENGTH).toBe(16);
    expect(maskSecret('abcdefghijklmnop')).toBe('****mnop');
    expect(maskSecret('abcdefghijklmno')).toBe('****');
  });

  it('shows nothing of short secrets, down to the empty one', () => {
    for (const secret of ['', 'a', 'abcd', 'abcde', 'hunter2', 'abcdefghijkl']) expect(maskSecret(secret)).toBe('****');
  });

  it('never shows more than a quarter of any secret', () => {
    for (let length = 0; length <= 64; length++) {
      const secret = 'x'.repeat(length);
      const shown = [...maskSecret(secret)].length - 4;
      expect(shown * 4, `length ${length}`).toBeLessThanOrEqual(length);
    }
  });

  it('counts characters, not UTF-16 units: 15 emoji stay hidden, 16 show their last 4', () => {
    expect(maskSecret('😀'.repeat(15))).toBe('****');
    expect(maskSecret(`${'😀'.repeat(12)}wxyz`)).toBe('****wxyz');
  });

  it('is idempotent', () => {
    for (const secret of [AWS_EXAMPLE_SECRET, 'abcdefghijklmnop', 'abcdefghijklmno', 'short', '']) {
      expect(maskSecret(maskSecret(secret))).toBe(maskSecret(secret));
    }
  });
});
