#!/usr/bin/env -S MALLOC_ARENA_MAX=2 node --max-semi-space-size=2
// The installed `irsa-lab` command: runs the bundled app, which `npm run build` (or `npm start`) makes.
// MALLOC_ARENA_MAX=2: glibc gives every thread that calls malloc an arena of its own, up to 8 per core,
// and V8's background threads (compilers, concurrent GC) each leave freed memory in theirs. In the
// walkthrough's soak on Node 22 that was 20 MB of the resident set: a peak of 145 MB without it, 121 MB
// with it (seed 3333). Other C libraries ignore it.
// --max-semi-space-size=2 (MB; V8's default grows to 16 or more): every frame of a 120x40 screen allocates
// a few thousand short-lived cells, and V8 keeps the young generation's memory it once used. Both can only
// be given at start-up. `irsa-lab serve` starts Node again without the semi-space flag (launch.mjs says why
// and how); it keeps the arena limit.
// The walkthrough's other memory flags (--optimize-for-size, no Maglev) cut serve's requests a second by
// 40 to 70%, so the walkthrough sets them itself when it starts (runInteractive in src/interactive.tsx
// says why each). `npm start` runs this file through this line too (a test checks it).
import { existsSync } from 'node:fs';

// The oldest Node this runs on is package.json's engines (>=22.12); an older one would stop on the bundle's
// first line with a SyntaxError (node:module has no enableCompileCache before 22.1), so it stops here instead,
// with a sentence. A test holds the two to the same version.
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  console.error(
    `irsa-lab: needs Node.js 22.12 or later (24 or 26 recommended); this is Node.js ${process.versions.node}. ` +
      'README.md, under Contributing, shows how to run a newer one.',
  );
  process.exit(1);
}
const bundle = new URL('../dist/irsa-lab.mjs', import.meta.url);
if (!existsSync(bundle)) {
  console.error('irsa-lab: the app is not built yet: run `npm run build` (or `npm start`) in the repository first.');
  process.exit(1);
}
if (process.argv[2] === 'serve') {
  // only serve loads it: the walkthrough's first frame waits for every module the bin imports
  const [{ serveRelaunch }, { fileURLToPath }] = await Promise.all([import('./launch.mjs'), import('node:url')]);
  const relaunch = serveRelaunch(process, fileURLToPath(bundle));
  if (relaunch) process.execve(...relaunch);
}
await import(bundle.href);
