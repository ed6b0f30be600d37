/**
 * One real-SDK run at a time: `process.env` and the network interception are
 * process-wide, so runs queue behind each other (a failed run does not block
 * the next).
 */

let tail: Promise<unknown> = Promise.resolve();

/** Run `task` after every task queued before it has settled. */
export function serialized<T>(task: () => Promise<T>): Promise<T> {
  const run = tail.then(task, task);
  tail = run.catch(() => undefined);
  return run;
}
