/** Unit tests of command-line parsing: each refused command line comes back as a code and the argument at fault. */
import { describe, expect, it } from 'vitest';
import { parseCommand } from './args.js';

describe('parseCommand usage errors', () => {
  it.each([
    [['lsit'], { code: 'UNKNOWN_COMMAND', value: 'lsit' }],
    [['happy-path'], { code: 'UNKNOWN_COMMAND', value: 'happy-path' }],
    [['--bogus'], { code: 'BAD_OPTION' }],
    [['run', 'x', '--seed', 'abc'], { code: 'BAD_SEED', value: 'abc' }],
    [['run', 'x', '--seed'], { code: 'BAD_SEED' }],
    [['list', '--plain'], { code: 'OPTION_NOT_ALLOWED', value: '--plain' }],
    [['--json'], { code: 'OPTION_NOT_ALLOWED', value: '--json' }],
    [['list', '--seed', '3'], { code: 'OPTION_NOT_ALLOWED', value: '--seed' }],
    [['list', 'a', 'b'], { code: 'EXTRA_ARGUMENTS', value: 'a b' }],
    [['run', 'a', 'b', 'c'], { code: 'EXTRA_ARGUMENTS', value: 'b c' }],
    [['run'], { code: 'MISSING_SCENARIO' }],
    [['run', 'x', '--plain', '--json'], { code: 'CONFLICTING_OPTIONS' }],
  ])('%j is %j', (argv, expected) => {
    const command = parseCommand(argv);
    expect(command.kind).toBe('usage-error');
    if (command.kind !== 'usage-error') return;
    expect({ code: command.code, value: command.value }).toEqual({ value: undefined, ...expected });
  });

  it('parses good command lines into commands', () => {
    expect(parseCommand(['run', 'happy-path', '--json', '--seed', '7'])).toEqual({
      kind: 'run',
      scenario: 'happy-path',
      format: 'json',
      seed: 7,
    });
    expect(parseCommand([])).toEqual({ kind: 'interactive', seed: 42 });
  });
});
