#!/usr/bin/env -S node --max-semi-space-size=2
// The installed `irsa-lab` command: runs the bundled app, which `npm run build` (or `npm start`) makes.
// --max-semi-space-size=2 (MB; V8's default grows to 16 or more): every frame of a 120x40 screen allocates
// a few thousand short-lived cells, and V8 keeps the young generation's memory it once used. It can only
// be given at start-up, so `irsa-lab serve` runs with it too: in serve-load it cost about a fifth of the
// requests a second in one quiet pair of runs, nothing measurable in three loaded ones (bench/README.md);
// without it the walkthrough's soak peaked at 127 to 145 MB (four runs), with it at 128 and 129 (three).
// The walkthrough's other memory flags (--optimize-for-size, no Maglev) cut serve's requests a second by
// 40 to 70%, so the walkthrough sets them itself when it starts (runInteractive in src/interactive.tsx
// says why each). `npm start` passes the same flag (a test checks they agree).
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/irsa-lab.mjs', import.meta.url);
if (!existsSync(bundle)) {
  console.error('irsa-lab: the app is not built yet: run `npm run build` (or `npm start`) in the repository first.');
  process.exit(1);
}
await import(bundle.href);
