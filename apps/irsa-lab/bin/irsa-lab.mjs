#!/usr/bin/env -S node --max-semi-space-size=2 --optimize-for-size --no-maglev
// The installed `irsa-lab` command: runs the bundled app, which `npm run build` (or `npm start`) makes.
// --max-semi-space-size=2 (MB; V8's default grows to 16 or more): every frame of a 120x40 screen allocates
// a few thousand short-lived cells, and V8 keeps the young generation's memory it once used.
// --optimize-for-size: V8 grows the heap in smaller steps and gives pages back sooner.
// Measured with the soak test (every scenario run to its end, then keys; seed 1765354761): with only
// --max-semi-space-size=4 the app climbed from 128 to 201 MB and never came down, as V8 kept the pages of
// each peak; with both flags it stays at 116-139 MB (with a 4 MB semi-space: up to 147 and 154 MB in two
// runs), the peak in sts-throttling's 900 STS exchanges, and the run takes as long (189 s against 191 s).
// --no-maglev: V8's mid-tier compiler kept about 12 MB more memory outside the heap once sts-throttling's
// 1,400 exchanges had warmed it up (its compilations' memory, which the process does not give back);
// without it, three soak runs (seeds 1765354761, 3333, 4444) peaked at 133, 136 and 135 MB instead of
// 139, 137 and 147, and running sts-throttling took as long. The other tiers (the interpreter, Sparkplug
// and TurboFan) stay.
// `npm start` passes the same flags (a test checks they agree).
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/irsa-lab.mjs', import.meta.url);
if (!existsSync(bundle)) {
  console.error('irsa-lab: the app is not built yet: run `npm run build` (or `npm start`) in the repository first.');
  process.exit(1);
}
await import(bundle.href);
