/**
 * Schema pieces every document format needs and zod does not word the same
 * way: a byte limit (zod counts characters). Their problems use wording.ts
 * like every other.
 */
import { z } from 'zod';
import type { ProblemParams } from './read-document.js';
import { tooLong } from './wording.js';

const encoder = new TextEncoder();

/**
 * A string of at most `maxBytes` UTF-8 bytes.
 * @example const body = maxBytes(256 * 1024)
 */
export function maxBytes(maxBytes: number) {
  return z.string().superRefine((text, ctx) => {
    const bytes = encoder.encode(text).length;
    if (bytes > maxBytes) {
      const params: ProblemParams = { problem: 'too-long' };
      ctx.addIssue({ code: 'custom', message: tooLong(maxBytes, bytes, 'bytes'), params, input: text });
    }
  });
}
