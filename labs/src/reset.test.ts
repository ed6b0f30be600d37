/** The backup folder's name: the reset's wall-clock time, made safe for a file name. */
import { expect, it } from 'vitest';
import { backupStamp } from './reset.js';

it('backup folder names are file-system safe', () => {
  expect(backupStamp(Date.UTC(2026, 0, 5, 9, 30))).toBe('2026-01-05T09-30-00-000Z');
});
