/**
 * The scenario contract: a scenario is data (id, goal, steps) plus the code
 * each step runs against a real simulated world. A step returns what it did,
 * what a learner should look at (panels), the decision trace behind any
 * allow or deny, and checks that fail if the simulation's behaviour changes.
 * The app renders these; `irsa-lab run` prints them; tests assert them.
 */

import type { TimeMove } from './session.js';

export type ScenarioGroup = 'basics' | 'attacks' | 'time' | 'operations' | 'failures' | 'pod-identity';

/** One checked outcome: `who got which role`, `which call was denied and why`. */
export interface Check {
  readonly name: string;
  readonly expected: string;
  readonly actual: string;
  readonly pass: boolean;
}

/** A line of a decision trace, indented by depth, with its verdict. */
export interface TraceLine {
  readonly depth: number;
  readonly text: string;
  readonly ok?: boolean;
}

/** The full explanation of one allow or deny (token validation, trust policy, IMDS reachability...). */
export interface DecisionTrace {
  readonly title: string;
  readonly allowed: boolean;
  /**
   * The verdict's word when ALLOWED / DENIED would misdescribe it: the pod
   * identity webhook never denies a pod, it mutates it or admits it as written.
   */
  readonly verdict?: string;
  readonly lines: readonly TraceLine[];
}

export interface TimelineSpan {
  readonly fromMs: number;
  readonly toMs: number;
  readonly label: string;
}

export interface TimelineMark {
  readonly atMs: number;
  readonly label: string;
}

export interface TimelineLane {
  readonly label: string;
  readonly spans: readonly TimelineSpan[];
  readonly marks: readonly TimelineMark[];
}

/** What the learner should look at after a step. */
export type Panel =
  | {
      readonly kind: 'token';
      readonly title: string;
      readonly header: Readonly<Record<string, unknown>>;
      readonly claims: Readonly<Record<string, unknown>>;
    }
  | {
      readonly kind: 'jwks';
      readonly title: string;
      readonly keys: readonly { readonly kid: string; readonly signing: boolean; readonly note: string }[];
      /** The kid of the token being discussed, marked in the list. */
      readonly markedKid?: string;
    }
  | { readonly kind: 'trust-trace'; readonly title: string; readonly trace: DecisionTrace }
  | { readonly kind: 'hop-path'; readonly title: string; readonly hops: readonly TraceLine[]; readonly verdict: string }
  | {
      readonly kind: 'credentials';
      readonly title: string;
      readonly source: string;
      readonly accessKeyId: string;
      /** Already masked: never the secret itself. */
      readonly secretAccessKey: string;
      readonly expiration?: string;
      readonly identity?: string;
    }
  | {
      readonly kind: 'cloudtrail';
      readonly title: string;
      readonly records: readonly Readonly<Record<string, unknown>>[];
    }
  | { readonly kind: 'chain'; readonly title: string; readonly trace: DecisionTrace }
  | {
      readonly kind: 'timeline';
      readonly title: string;
      readonly nowMs: number;
      readonly lanes: readonly TimelineLane[];
      /** What changed since the last picture (after the learner moved the clock), shown above the lanes. */
      readonly changes?: readonly string[];
    }
  | { readonly kind: 'text'; readonly title: string; readonly lines: readonly string[] };

export interface StepResult {
  /** What was done, as a command or call a learner recognises: `kubectl apply -f billing.yaml`. */
  readonly action: string;
  readonly outcome: 'allowed' | 'denied' | 'info';
  /** One sentence: what happened. */
  readonly summary: string;
  readonly panels: readonly Panel[];
  /** The trace behind the step's allow or deny, if it has one (the app's "explain" key). */
  readonly decision?: DecisionTrace;
  readonly checks: readonly Check[];
}

/**
 * What a scenario's steps leave for later steps (role ARNs, tokens...), as a
 * type of its own: `type State = { roleArn: string; stolen?: string }`. A
 * step reads only what an earlier step wrote: the steps run in order, from
 * the first, on one state object that starts empty. Write it as a type alias
 * (not an interface), so that a scenario with its own state is still a
 * ScenarioDef<W> in the catalogue.
 */
export type ScenarioState = Record<string, unknown>;

/** What a step's code gets: the live world and the scenario's own state between steps. */
export interface StepContext<W = unknown, S extends ScenarioState = ScenarioState> {
  readonly world: W;
  /** Values a step leaves for later steps. */
  readonly state: S;
}

export interface StepDef<W = unknown, S extends ScenarioState = ScenarioState> {
  readonly id: string;
  readonly title: string;
  /** What the learner reads before the step runs. */
  readonly narration: string;
  /** `break`/`fix` steps are shown as such. */
  readonly kind?: 'normal' | 'break' | 'fix';
  run(ctx: StepContext<W, S>): Promise<StepResult>;
}

/**
 * Where a learner can check a scenario's facts: a public https URL, or a
 * section of the repository's protocol reference (`docs/reference.md#<heading>`).
 */
export interface ScenarioSource {
  /** What the link is, in a few words: `EKS user guide, IAM roles for service accounts`. */
  readonly label: string;
  /** `https://…`, or `docs/reference.md#<heading anchor>`. */
  readonly href: string;
}

/** A scenario on a world W; `S` types the state its steps share (see ScenarioState), when it keeps any. */
export interface ScenarioDef<W = unknown, S extends ScenarioState = ScenarioState> {
  readonly id: string;
  readonly title: string;
  readonly group: ScenarioGroup;
  /** One line: what the learner will see. */
  readonly goal: string;
  /** What they should understand at the end. */
  readonly lesson: string;
  /** Where the facts it shows are written down, for the learner to open. */
  readonly sources: readonly ScenarioSource[];
  /** Simplifications the learner should know about. */
  readonly simplifications?: readonly string[];
  /** Build the starting world. */
  setup(seed: number): Promise<W>;
  /**
   * What the learner sees after moving the clock (the ⏱ now tab): what changed and where lifetimes stand.
   * The catalogue gives every scenario the picture of a World (catalogue/time-panel.ts).
   */
  timePanel?(world: W, move: TimeMove): Panel;
  readonly steps: readonly StepDef<W, S>[];
}
