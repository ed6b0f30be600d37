/**
 * A check that runs the real AWS SDK gives it a logger instead of swapping
 * a console method: no console method is assigned while lab 3 is checked,
 * and the SDK's "static stability" notice (IMDS credentials past their
 * expiration by the wall clock, as the workshop world's are) reaches the
 * logger, which keeps it off the console.
 */

import { sdkLogger } from '@irsa-lab/labs';
import { afterEach, expect, it, vi } from 'vitest';
import { checkWith } from './helpers.js';

const METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

/** Records every assignment to a console method from now on (the methods keep working). */
function watchConsole(): { readonly assigned: string[]; restore(): void } {
  const assigned: string[] = [];
  const saved = METHODS.map((m) => [m, Object.getOwnPropertyDescriptor(console, m)] as const);
  for (const m of METHODS) {
    let current = console[m];
    Object.defineProperty(console, m, {
      configurable: true,
      get: () => current,
      set: (value) => {
        assigned.push(m);
        current = value;
      },
    });
  }
  const restore = () => {
    for (const [m, descriptor] of saved) {
      if (descriptor) Object.defineProperty(console, m, descriptor);
    }
  };
  return { assigned, restore };
}

afterEach(() => {
  vi.restoreAllMocks();
});

it('checks lab 3 without assigning any console method; the SDK warns through its logger, not the console', async () => {
  const loggerWarn = vi.spyOn(sdkLogger, 'warn');
  const consoleWarn = vi.spyOn(console, 'warn');
  const watch = watchConsole();
  let report: Awaited<ReturnType<typeof checkWith>>;
  try {
    // as shipped, lab 3's ServiceAccount has no role annotation: the SDK's chain falls through to IMDS
    report = await checkWith(3);
  } finally {
    watch.restore();
  }
  expect(watch.assigned).toEqual([]);
  expect(report.pass).toBe(false);
  expect(loggerWarn).toHaveBeenCalledWith(expect.stringContaining('credential expiration extension'));
  expect(consoleWarn).not.toHaveBeenCalledWith(expect.stringContaining('credential expiration extension'));
});
