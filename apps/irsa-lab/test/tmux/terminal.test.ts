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

  it('presses keys by name, and gives an empty screen once the program has ended', async () => {
    term = new Terminal('cat', { columns: 60, rows: 5 });
    term.press('C-d');
    expect(await term.ended()).toBe(true);
    expect(await term.screen()).toBe('');
  });
});
