/** How the runner and `labs check` say how long a check took. */
import { expect, test } from 'vitest';
import { seconds } from './format.js';

test('a check under a second is told in milliseconds, a longer one in seconds', () => {
  expect([0, 42.4, 999.4, 999.5, 1340, 12_345].map(seconds)).toEqual([
    '0 ms',
    '42 ms',
    '999 ms',
    '1.0 s',
    '1.3 s',
    '12.3 s',
  ]);
});
