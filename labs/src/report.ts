/**
 * What a check returns: the steps it took, each passed or failed with the
 * lines that explain it (the claim, condition, hop or file line at fault and
 * what was expected). A lab passes when every step passed.
 */

/** One thing the checker checked. */
export interface CheckStep {
  readonly ok: boolean;
  /** What was checked: `payments/billing-api assumes billing-reader`. */
  readonly title: string;
  /** Why it failed (or what was seen), one fact per line. */
  readonly details: readonly string[];
}

/** The outcome of checking one lab folder. */
export interface CheckReport {
  /** The lab's name. */
  readonly lab: string;
  readonly pass: boolean;
  readonly steps: readonly CheckStep[];
  /** Wall time the check took. */
  readonly durationMs: number;
}

/** Collects a checker's steps in order. */
export class Steps {
  readonly #steps: CheckStep[] = [];

  /** A passed step. */
  ok(title: string, ...details: string[]): void {
    this.#steps.push({ ok: true, title, details });
  }

  /** A failed step. */
  fail(title: string, ...details: string[]): void {
    this.#steps.push({ ok: false, title, details });
  }

  /** Record `ok` as passed or failed; returns `ok`. */
  expect(ok: boolean, title: string, details: readonly string[]): boolean {
    this.#steps.push({ ok, title, details: [...details] });
    return ok;
  }

  get failed(): boolean {
    return this.#steps.some((s) => !s.ok);
  }

  get all(): readonly CheckStep[] {
    return this.#steps;
  }
}
