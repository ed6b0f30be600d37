/**
 * The test terminal itself: keys and text reach the program as sent, through
 * the control client's command parser (quotes, semicolons, dollars and
 * formats are not its syntax here), and the screen reads back what it shows.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { hasTmux, Terminal } from './terminal.js';

let term: Terminal | undefined;
afterEach(() => term?.close());

describe.runIf(hasTmux)('Terminal', () => {
  it('types text literally and reads back the screen', async () => {
    term = new Terminal('cat', { columns: 60, rows: 5 });
    const text = `-a 'b;c' "$HOME" #{pane_id} ~ \\ x`;
    term.type(text);
    term.press('Enter');
    const screen = await term.waitFor((s) => s.split(text).length === 3); // the echo as typed, then cat's copy
    expect(screen.split('\n').slice(0, 2)).toEqual([text, text]);
  });

  it('counts a program waiting for input as asleep once it has settled', async () => {
    term = new Terminal('cat', { columns: 60, rows: 5 });
    term.type('go');
    term.press('Enter');
    await term.waitFor('go\ngo');
    await term.settle(100);
    expect(term.runnable()).toBe(false);
    expect(term.alive()).toBe(true);
  });

  it('counts a spinning program as runnable', async () => {
    term = new Terminal(`node -e 'for (;;) {}'`, { columns: 60, rows: 5 });
    const t = term;
    let seen = false;
    // on a busy machine it may be waiting for a core: still R
    for (let i = 0; i < 50 && !seen; i++) {
      seen = t.runnable();
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(seen).toBe(true);
  });

  it('presses keys by name, and gives an empty screen once the program has ended', async () => {
    term = new Terminal('cat', { columns: 60, rows: 5 });
    term.press('C-d');
    expect(await term.ended()).toBe(true);
    expect(await term.screen()).toBe('');
  });
});
