/**
 * The command-line dispatcher behind the `irsa-lab` binary: the interactive
 * app, `list` (a table, or a JSON array with --json), and `run` (headless
 * transcript, exit 1 when checks fail).
 * Everything it touches comes in through `io`, so tests call it directly
 * with fixture scenarios and captured output. Returns the exit code.
 */

import { describeError } from '@irsa-lab/core';
import { type CatalogueItem, resolveScenario } from './catalogue-item.js';
import { COMMAND, type Command, parseCommand, USAGE } from './cli/args.js';
import { startSession } from './engine.js';
import { GROUP_LABELS } from './format/catalogue.js';
import { closestIds } from './format/closest.js';
import { padEnd } from './format/text.js';
import { jsonTranscript, plainTranscript } from './format/transcript.js';
import type { ScenarioSession, TimedWorld } from './scenario-api.js';

export interface CliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  /** Both stdin and stdout are terminals (the interactive app needs them). */
  readonly isTTY: boolean;
  readonly catalogue: readonly CatalogueItem[];
  /** Start the interactive app; resolves when the learner quits. */
  interactive(catalogue: readonly CatalogueItem[], seed: number): Promise<void>;
}

function list(io: CliIo, format: 'plain' | 'json'): number {
  if (format === 'json') {
    const items = io.catalogue.map(({ id, group, title, goal }) => ({ id, group, title, goal }));
    io.stdout.write(`${JSON.stringify(items, null, 2)}\n`);
    return 0;
  }
  const idWidth = Math.max(2, ...io.catalogue.map((s) => s.id.length));
  const groupWidth = Math.max(5, ...io.catalogue.map((s) => (GROUP_LABELS[s.group] ?? s.group).length));
  io.stdout.write(`${padEnd('id', idWidth)}  ${padEnd('group', groupWidth)}  goal\n`);
  for (const s of io.catalogue) {
    io.stdout.write(`${padEnd(s.id, idWidth)}  ${padEnd(GROUP_LABELS[s.group] ?? s.group, groupWidth)}  ${s.goal}\n`);
  }
  return 0;
}

function unknownScenario(io: CliIo, id: string): number {
  const near = closestIds(
    id,
    io.catalogue.map((s) => s.id),
  );
  const hint = near.length > 0 ? ` Did you mean: ${near.join(', ')}?` : '';
  io.stderr.write(`irsa-lab: unknown scenario "${id}".${hint} See \`${COMMAND} list\`.\n`);
  return 2;
}

async function run(io: CliIo, command: Extract<Command, { kind: 'run' }>): Promise<number> {
  const scenario = io.catalogue.find((s) => s.id === command.scenario);
  if (!scenario) return unknownScenario(io, command.scenario);
  let session: ScenarioSession<TimedWorld>;
  try {
    session = await startSession(await resolveScenario(scenario), command.seed);
  } catch (err) {
    io.stderr.write(
      `irsa-lab: scenario "${scenario.id}" could not start (seed ${command.seed}): ${describeError(err)}. Try another --seed; if it persists, report it with the seed.\n`,
    );
    return 1;
  }
  await session.runAll();
  io.stdout.write(
    command.format === 'json' ? `${JSON.stringify(jsonTranscript(session), null, 2)}\n` : plainTranscript(session),
  );
  const failures = session.failures();
  if (failures.length > 0 && command.format === 'json') {
    io.stderr.write(`irsa-lab: ${failures.length} check(s) failed in "${scenario.id}" (seed ${command.seed})\n`);
  }
  return failures.length === 0 ? 0 : 1;
}

async function dispatch(io: CliIo, command: Command): Promise<number> {
  switch (command.kind) {
    case 'help':
      io.stdout.write(`${USAGE}\n`);
      return 0;
    case 'usage-error': {
      // `irsa-lab <scenario>` is a likely slip for `irsa-lab run <scenario>`
      const asScenario = command.code === 'UNKNOWN_COMMAND' ? command.value : undefined;
      const tip =
        asScenario !== undefined && io.catalogue.some((s) => s.id === asScenario)
          ? ` (did you mean \`${COMMAND} run ${asScenario}\`?)`
          : '';
      io.stderr.write(`irsa-lab: ${command.message}${tip}. Try \`${COMMAND} --help\`.\n`);
      return 2;
    }
    case 'list':
      return list(io, command.format);
    case 'run':
      return run(io, command);
    case 'interactive':
      if (!io.isTTY) {
        io.stderr.write(
          'irsa-lab: the interactive app needs a terminal (stdin and stdout are not both a TTY). ' +
            `For a transcript, use \`${COMMAND} run <scenario> --plain\` (see \`${COMMAND} list\`).\n`,
        );
        return 2;
      }
      await io.interactive(io.catalogue, command.seed);
      return 0;
  }
}

/** Run the command in `argv` (without node and the script); never throws, returns the exit code. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    return await dispatch(io, parseCommand(argv));
  } catch (err) {
    io.stderr.write(`irsa-lab: internal error: ${describeError(err)}. Please report it with the command you ran.\n`);
    return 1;
  }
}
