#!/usr/bin/env node
// The installed `irsa-lab` command: runs the bundled app, which `npm run build` (or `npm start`) makes.
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/irsa-lab.mjs', import.meta.url);
if (!existsSync(bundle)) {
  console.error('irsa-lab: the app is not built yet: run `npm run build` (or `npm start`) in the repository first.');
  process.exit(1);
}
await import(bundle.href);
