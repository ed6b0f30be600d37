import { describeError, EventLog, IdMaker, Rng, SimClock, SimError, type SimEvent, SkewedClock } from '@irsa-lab/core';
import { describe, expect, expectTypeOf, it } from 'vitest';

// two event types of this test's own, declared the way every package declares its events
declare module '@irsa-lab/core' {
  interface EventMap {
    'test.note': Record<string, never>;
    'test.keyed': { readonly kid: string };
  }
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
    return 'returned';
  } catch (err) {
    return err instanceof SimError ? err.code : `other: ${String(err)}`;
  }
}

describe('SimClock', () => {
  it('fires timers in due-time order, ties in scheduling order, and lands on the target time', () => {
    const clock = new SimClock({ startMs: 1000 });
    const fired: string[] = [];
    clock.schedule(300, 'c', () => fired.push(`c@${clock.nowMs()}`));
    clock.schedule(100, 'a', () => fired.push(`a@${clock.nowMs()}`));
    clock.schedule(100, 'b', () => fired.push(`b@${clock.nowMs()}`));
    expect(clock.advanceBy(200)).toBe(2);
    expect(fired).toEqual(['a@1100', 'b@1100']);
    expect(clock.nowMs()).toBe(1200);
    clock.jumpTo(5000);
    expect(fired).toEqual(['a@1100', 'b@1100', 'c@1300']);
    expect(clock.nowMs()).toBe(5000);
  });

  it('fires timers scheduled by timers within the same move, and can cancel', () => {
    const clock = new SimClock({ startMs: 0 });
    const fired: number[] = [];
    const tick = () => {
      fired.push(clock.nowMs());
      if (fired.length < 3) clock.schedule(10, 'tick', tick);
    };
    clock.schedule(10, 'tick', tick);
    const dropped = clock.schedule(15, 'never', () => fired.push(-1));
    expect(clock.cancel(dropped)).toBe(true);
    clock.advanceBy(100);
    expect(fired).toEqual([10, 20, 30]);
  });

  it('refuses to go backwards', () => {
    const clock = new SimClock({ startMs: 1000 });
    expect(codeOf(() => clock.advanceBy(-1))).toBe('CLOCK_BACKWARDS');
    expect(codeOf(() => clock.jumpTo(999))).toBe('CLOCK_BACKWARDS');
    expect(clock.nowMs()).toBe(1000);
  });

  it('stops runaway timers at the loop limit', () => {
    const clock = new SimClock({ startMs: 0, loopLimit: 50 });
    const again = () => clock.schedule(0, 'again', again);
    clock.schedule(0, 'again', again);
    expect(codeOf(() => clock.advanceBy(1))).toBe('CLOCK_LOOP_LIMIT');
  });

  it('runNext jumps to the next scheduled event', () => {
    const clock = new SimClock({ startMs: 0 });
    clock.schedule(7 * 86_400_000, 'issuer.rotate', () => {});
    expect(clock.runNext()?.label).toBe('issuer.rotate');
    expect(clock.nowMs()).toBe(7 * 86_400_000);
    expect(clock.runNext()).toBeUndefined();
  });

  it('gives a skewed node its own reading without moving the true clock', () => {
    const clock = new SimClock({ startMs: 10_000 });
    const node = new SkewedClock(clock, -4000);
    expect(node.nowMs()).toBe(6000);
    clock.advanceBy(1000);
    expect(node.nowMs()).toBe(7000);
    expect(clock.nowMs()).toBe(11_000);
  });
});

describe('Rng and IdMaker', () => {
  it('reproduces the same sequence from the same seed and differs across seeds', () => {
    const draw = (seed: number) => {
      const rng = new Rng(seed);
      return Array.from({ length: 20 }, () => rng.int(0, 1_000_000));
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
    expect(draw(2 ** 40)).not.toEqual(draw(0));
  });

  it('keeps ints in range and forks independent streams', () => {
    const rng = new Rng(7);
    for (let i = 0; i < 1000; i++) {
      const v = rng.int(3, 5);
      expect(v >= 3 && v <= 5).toBe(true);
    }
    const a = new Rng(7);
    const childA = a.fork();
    const b = new Rng(7);
    const childB = b.fork();
    expect(childA.int(0, 1e9)).toBe(childB.int(0, 1e9));
    expect(a.int(0, 1e9)).not.toBe(childA.int(0, 1e9));
  });

  it('makes ids in the real formats', () => {
    const ids = new IdMaker(new Rng(1));
    expect(ids.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(ids.awsId('ASIA')).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(ids.awsId('AROA')).toMatch(/^AROA[A-Z2-7]{16}$/);
    expect(ids.clusterId()).toMatch(/^[0-9A-F]{32}$/);
    expect(ids.secretAccessKey()).toHaveLength(40);
    expect(ids.instanceId()).toMatch(/^i-0[0-9a-f]{16}$/);
  });
});

describe('EventLog', () => {
  it('stamps events with simulated time and sequence, filters by type, and notifies listeners', () => {
    const clock = new SimClock({ startMs: 5 });
    const log = new EventLog(clock);
    const seen: string[] = [];
    const unsubscribe = log.subscribe((e) => seen.push(e.type));
    log.append('test.note', 'test', 'first', {});
    clock.advanceBy(10);
    log.append('test.keyed', 'issuer', 'rotated', { kid: 'k2' });
    unsubscribe();
    log.append('test.note', 'test', 'after', {});
    expect(log.all().map((e) => [e.seq, e.atMs])).toEqual([
      [1, 5],
      [2, 15],
      [3, 15],
    ]);
    expect(log.all('test.keyed')).toHaveLength(1);
    expect(seen).toEqual(['test.note', 'test.keyed']);
    expect(log.since(2).map((e) => e.summary)).toEqual(['after']);
    expect(log.toJsonLines('test.note').split('\n')).toHaveLength(2);
  });

  it('keeps at most maxEvents, dropping the oldest', () => {
    const log = new EventLog(new SimClock({ startMs: 0 }), { maxEvents: 3 });
    for (let i = 0; i < 5; i++) log.append('test.note', 't', `n${i}`, {});
    expect(log.all().map((e) => e.summary)).toEqual(['n2', 'n3', 'n4']);
    for (let i = 5; i < 20; i++) log.append('test.note', 't', `n${i}`, {});
    expect(log.all().map((e) => e.summary)).toEqual(['n17', 'n18', 'n19']);
    expect(log.since(18).map((e) => e.summary)).toEqual(['n18', 'n19']);
    expect(log.since(0).map((e) => e.seq)).toEqual([18, 19, 20]);
  });

  it('keeps the same window for one type as for all (each type kept in its own list, trimmed with the log)', () => {
    const log = new EventLog(new SimClock({ startMs: 0 }), { maxEvents: 4 });
    const append = (i: number) =>
      i % 3 === 0
        ? log.append('test.keyed', 't', `k${i}`, { kid: `k${i}` })
        : log.append('test.note', 't', `n${i}`, {});
    for (let i = 0; i < 23; i++) {
      append(i);
      for (const type of ['test.keyed', 'test.note'] as const) {
        const expected = log.all().filter((e) => e.type === type);
        expect(log.all(type)).toEqual(expected);
      }
    }
    // 23 events, 4 kept: 19..22, of which 21 is keyed
    expect(log.all('test.keyed').map((e) => e.summary)).toEqual(['k21']);
    expect(log.all('test.note').map((e) => e.summary)).toEqual(['n19', 'n20', 'n22']);
  });

  it('types the data of each event by its type (checked by the type-check)', () => {
    const log = new EventLog(new SimClock({ startMs: 0 }));
    log.append('test.keyed', 't', 'k', { kid: 'k1' });
    log.append('test.note', 't', 'n', {});
    expectTypeOf(log.all('test.keyed')).toEqualTypeOf<readonly SimEvent<'test.keyed'>[]>();
    // narrowing on type narrows data
    const kids = log
      .since(0)
      .filter((e) => e.type === 'test.keyed')
      .map((e) => e.data.kid);
    expect(kids).toEqual(['k1']);
    const mistakes = () => {
      // @ts-expect-error: the data of 'test.keyed' has a kid
      log.append('test.keyed', 't', 'k', {});
      // @ts-expect-error: an event type nobody declared
      log.append('test.undeclared', 't', 'k', {});
    };
    expectTypeOf(mistakes).toBeFunction();
  });
});

describe('SimClock.onFired', () => {
  it('reports every timer that fires, including ones scheduled during the move', () => {
    const clock = new SimClock({ startMs: 0 });
    const seen: string[] = [];
    const off = clock.onFired((t) => seen.push(`${t.label}@${t.dueMs}`));
    clock.schedule(10, 'a', () => clock.schedule(5, 'b', () => {}));
    clock.advanceBy(20);
    off();
    clock.schedule(1, 'c', () => {});
    clock.advanceBy(5);
    expect(seen).toEqual(['a@10', 'b@15']);
  });
});

describe('describeError', () => {
  it('gives one line: CODE: message for SimError-shaped errors, else the message or the value', () => {
    expect(describeError(new SimError('IMDS_UNAVAILABLE', 'no answer'))).toBe('IMDS_UNAVAILABLE: no answer');
    expect(describeError({ code: 'InvalidIdentityToken', message: 'Incorrect token audience' })).toBe(
      'InvalidIdentityToken: Incorrect token audience',
    );
    expect(describeError(new TypeError('bad shape'))).toBe('bad shape');
    expect(describeError('plain text')).toBe('plain text');
    expect(describeError(undefined)).toBe('undefined');
  });
});
