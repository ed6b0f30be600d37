/**
 * A real terminal for tests: a program in its own tmux server (a private
 * socket, so test files running at once never meet), read back with
 * capture-pane and driven with send-keys, as a person at a keyboard would.
 * Both go through one control-mode client (`tmux -C`), which also tells
 * when the program wrote: a tmux client process per look or per key cost
 * these tests more CPU (process starts from a large test worker) than the
 * app spent on its frames.
 * It also reads the program's resident memory and CPU time from /proc, so a
 * test can tell a busy machine from a frozen program.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';

export const hasTmux = spawnSync('tmux', ['-V']).status === 0;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * How long a wait goes without news from tmux before it looks at the screen
 * anyway. The screen is looked at when tmux reports output from the program
 * (see Terminal's control client), which is all the program can change.
 */
const QUIET_LOOK_MS = 200;

export interface TerminalOptions {
  readonly columns: number;
  readonly rows: number;
  /** Working directory of the program. */
  readonly cwd?: string;
}

/** Text the screen contains, a pattern it matches, or a test of the whole screen. */
export type ScreenPattern = string | RegExp | ((screen: string) => boolean);

function matcher(pattern: ScreenPattern): (screen: string) => boolean {
  if (typeof pattern === 'string') return (s) => s.includes(pattern);
  if (pattern instanceof RegExp) return (s) => pattern.test(s);
  return pattern;
}

let made = 0;

/** A word for tmux's command parser, in single quotes (inside them only ' itself needs care). */
function quote(word: string): string {
  return `'${word.replaceAll("'", `'"'"'`)}'`;
}

export class Terminal {
  readonly #server = `irsa-term-${process.pid}-${made++}`;
  #socket = '';
  /** The program's process id (the pane runs it with exec). */
  readonly pid: number;
  /** Every key sent, in order, for failure messages. */
  readonly sent: string[] = [];
  /** A control-mode client (`tmux -C`): commands in, their output and the program's output notifications out. */
  #control: ChildProcess | undefined;
  /** What the control client has written after its last full line. */
  #partial = '';
  /** The output block being read (`%begin` ... `%end`), and whether it answers one of our commands. */
  #block:
    | { readonly end: string; readonly error: string; readonly ours: boolean; readonly lines: string[] }
    | undefined;
  /** Our commands not answered yet, oldest first (tmux answers them in order). */
  readonly #pending: ((output: string) => void)[] = [];
  #closed = false;
  /** How many output notifications the control client has passed on. */
  #outputs = 0;
  #wake: (() => void) | undefined;

  /** Start `command` (a shell command line; it is exec'd, so the pane's process is the program). */
  constructor(command: string, options: TerminalOptions) {
    const { columns, rows, cwd } = options;
    // CI is unset for the program, as for a person at a terminal: with CI=true Ink draws only the last frame
    const started = this.#tmux(
      'new-session',
      '-d',
      '-s',
      't',
      '-x',
      String(columns),
      '-y',
      String(rows),
      ...(cwd ? ['-c', cwd] : []),
      `exec env -u CI ${command}`,
    );
    if (started.status !== 0) throw new Error(`tmux did not start: ${started.stderr}`);
    this.#socket = this.#tmux('display-message', '-p', '#{socket_path}').stdout.trim();
    const pane = this.#tmux('display-message', '-p', '-t', 't', '#{pane_pid}');
    this.pid = Number(pane.stdout.trim());
    // a pid of 0 would make alive() and close() signal this test's own process group (process.kill(0, ...))
    if (!(this.pid > 0)) {
      this.#tmux('kill-server');
      if (this.#socket) rmSync(this.#socket, { force: true });
      throw new Error(`tmux gave no pane pid (did \`${command}\` end at once?): ${pane.stderr}`);
    }
    this.#listen();
  }

  /**
   * Attach a control-mode client (ignore-size: it does not change the window's size). Its `%output`
   * notifications say the screen may have changed; waits look then, and otherwise every QUIET_LOOK_MS.
   */
  #listen(): void {
    const control = spawn('tmux', ['-L', this.#server, '-C', 'attach-session', '-t', 't', '-f', 'ignore-size'], {
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    control.on('error', () => this.#controlEnded());
    control.on('exit', () => this.#controlEnded());
    control.stdin?.on('error', () => {});
    control.stdout?.setEncoding('utf8');
    control.stdout?.on('data', (chunk: string) => {
      const lines = (this.#partial + chunk).split('\n');
      this.#partial = lines.pop() ?? '';
      for (const line of lines) this.#line(line);
    });
    this.#control = control;
  }

  /**
   * One line from the control client. A command's output comes between `%begin <time> <number> <flags>`
   * and the `%end` (or `%error`) with the same three; flags 1 marks a command this client sent (the
   * attach itself answers with 0). tmux sends no notification inside a block.
   */
  #line(line: string): void {
    const block = this.#block;
    if (block) {
      if (line === block.end || line === block.error) {
        this.#block = undefined;
        if (block.ours) this.#pending.shift()?.(block.lines.map((l) => `${l}\n`).join(''));
      } else {
        block.lines.push(line);
      }
      return;
    }
    const begin = /^%begin (\d+ \d+ (\d+))$/.exec(line);
    if (begin) {
      this.#block = { end: `%end ${begin[1]}`, error: `%error ${begin[1]}`, ours: begin[2] === '1', lines: [] };
    } else if (line.startsWith('%output ')) {
      this.#outputs++;
      this.#wake?.();
    }
  }

  /** The control client has ended (the program ended, or close()): what is still asked gets no output. */
  #controlEnded(): void {
    this.#closed = true;
    for (const answer of this.#pending.splice(0)) answer('');
  }

  /** Run a tmux command through the control client; resolves with its output ('' once tmux has ended). */
  #command(command: string): Promise<string> {
    if (this.#closed || !this.#control?.stdin?.writable) return Promise.resolve('');
    return new Promise((resolve) => {
      this.#pending.push(resolve);
      this.#control?.stdin?.write(`${command}\n`);
    });
  }

  /** Until the program writes after output notification `seen`, or `QUIET_LOOK_MS`. */
  async #news(seen: number): Promise<void> {
    await sleep(5); // let a frame's rest arrive before looking
    if (this.#outputs > seen) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, QUIET_LOOK_MS);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = done;
    });
    this.#wake = undefined;
  }

  #tmux(...args: string[]) {
    return spawnSync('tmux', ['-L', this.#server, ...args], { encoding: 'utf8' });
  }

  /** What the terminal shows now ('' once the program has ended). */
  screen(): Promise<string> {
    return this.#command('capture-pane -p -t t');
  }

  /** Press keys by tmux name (Enter, Escape, Tab, Up, PageDown, C-c) or as single characters. */
  press(...keys: string[]): void {
    for (const key of keys) {
      this.sent.push(key);
      void this.#command(`send-keys -t t ${quote(key)}`);
    }
  }

  /** Type text literally. */
  type(text: string): void {
    this.sent.push(JSON.stringify(text));
    void this.#command(`send-keys -t t -l -- ${quote(text)}`); // -- : text may start with a dash
  }

  /** Wait until the screen matches; returns the screen, or throws with the screen after `timeoutMs`. */
  async waitFor(pattern: ScreenPattern, timeoutMs = 20_000): Promise<string> {
    const shows = matcher(pattern);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const seen = this.#outputs;
      const shown = await this.screen();
      if (shows(shown)) return shown;
      if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${String(pattern)}; screen:\n${shown}`);
      await this.#news(seen);
    }
  }

  /** Wait until the screen no longer matches. */
  async waitGone(pattern: ScreenPattern, timeoutMs = 20_000): Promise<void> {
    const shows = matcher(pattern);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const seen = this.#outputs;
      if (!shows(await this.screen())) return;
      if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${String(pattern)} to go`);
      await this.#news(seen);
    }
  }

  /**
   * Until the program is idle: it wrote nothing and used under a tenth of a core for `quietMs`, and it is
   * asleep (waiting for input), so it has read the keys sent so far and drawn what they do (or `timeoutMs`
   * passed). Keys sent to a busy program pile up, and Ink hands a run of printable ones to it as one input
   * ("3?"), which a key handler refuses. On a loaded machine a program with a key to read can wait that
   * long for a core without using any CPU: it is then runnable, not asleep.
   */
  async settle(quietMs = 300, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const seen = this.#outputs;
      const cpu = this.cpuMs();
      await sleep(quietMs);
      const quiet = this.#outputs === seen && this.cpuMs() - cpu < quietMs / 10;
      if ((quiet && !this.runnable()) || Date.now() > deadline) return;
    }
  }

  /** The program's main thread is running or waiting for a core (state R), not asleep; false once it has ended. */
  runnable(): boolean {
    return this.#stat()[0] === 'R';
  }

  /** The fields of /proc/<pid>/stat after the command name, from the state on (none once the program has ended). */
  #stat(): string[] {
    try {
      return readFileSync(`/proc/${this.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    } catch {
      return [];
    }
  }

  /** The program's resident set size in bytes (0 once it has ended). */
  rssBytes(): number {
    try {
      const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
    } catch {
      return 0;
    }
  }

  /** The resident set's parts (private memory, and mapped files such as Node's own binary), for failure messages. */
  rssParts(): string {
    try {
      const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
      const mb = (field: string) =>
        `${(Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) / 1024).toFixed(0)} MB`;
      return `anonymous ${mb('RssAnon')}, files ${mb('RssFile')}, shared ${mb('RssShmem')}`;
    } catch {
      return 'ended';
    }
  }

  /** CPU time the program has used so far (user + system), in milliseconds. */
  cpuMs(): number {
    const fields = this.#stat();
    // utime and stime are fields 14 and 15 of stat, in clock ticks (100 a second on Linux)
    return fields.length > 12 ? (Number(fields[11]) + Number(fields[12])) * 10 : 0;
  }

  alive(): boolean {
    try {
      process.kill(this.pid, 0);
      return true;
    } catch {
      return false;
    }
  }

  /** Wait until the program has ended. */
  async ended(timeoutMs = 10_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.alive()) {
      if (Date.now() > deadline) return false;
      await sleep(20);
    }
    return true;
  }

  /** End the tmux server (and with it the program, if still running) and remove its socket. */
  close(): void {
    this.#controlEnded();
    this.#control?.kill();
    if (this.alive()) process.kill(this.pid, 'SIGKILL');
    this.#tmux('kill-server');
    if (this.#socket) rmSync(this.#socket, { force: true });
  }
}
