/**
 * The hello-world's entry, built with the app's recipe (apps/irsa-lab/scripts/bundle.mjs) and started the way
 * the app's src/cli.tsx starts: Node's compile cache on first, Ink loaded with a dynamic import (its own chunk),
 * and the cache written a second later, so that the floor gets everything the app gets.
 */
import { enableCompileCache, flushCompileCache } from 'node:module';

enableCompileCache();
await import('./hello.jsx');
setTimeout(flushCompileCache, 1_000).unref();
