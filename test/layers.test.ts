/**
 * Repository rules that keep the simulation honest: packages (the labs and
 * the app included) depend only on layers above them (services never on
 * each other), tests keep to the boundary (integration tests under test/
 * import packages by name, never a path into a src/ folder), and no package
 * source reads ambient time or randomness outside the listed exceptions.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesUnder, walk } from './repo-files.js';

const root = join(import.meta.dirname, '..');

/** Layer of each workspace package (docs/architecture.md). */
const LAYERS: Record<string, number> = {
  '@irsa-lab/core': 0,
  '@irsa-lab/net': 1,
  '@irsa-lab/oidc-issuer': 2,
  '@irsa-lab/apiserver': 2,
  '@irsa-lab/iam': 2,
  '@irsa-lab/imds': 2,
  '@irsa-lab/eks': 2,
  '@irsa-lab/ec2-node': 3,
  '@irsa-lab/world': 4,
  // the scenario engine and catalogue, and serve mode, both run on worlds and never on each other
  '@irsa-lab/scenarios': 5,
  '@irsa-lab/serve': 5,
  // the workshop labs sit beside the app; the app's CLI offers them (`irsa-lab labs`), so it comes after them
  '@irsa-lab/labs': 6,
  '@irsa-lab/app': 7,
};

function workspaceDirs(): string[] {
  const dirs = [
    ...readdirSync(join(root, 'packages')).map((d) => join(root, 'packages', d)),
    ...readdirSync(join(root, 'apps')).map((d) => join(root, 'apps', d)),
    join(root, 'labs'),
  ];
  return dirs.filter((d) => {
    try {
      return statSync(join(d, 'package.json')).isFile();
    } catch {
      return false;
    }
  });
}

interface Pkg {
  dir: string;
  name: string;
  deps: string[];
  devDeps: string[];
  imports: { file: string; spec: string }[];
  /** What the tests import: unit tests beside the code, and everything under test/. */
  testImports: { file: string; spec: string }[];
}

const CODE = /\.(ts|tsx|mts|mjs)$/;
const TEST = /\.test\.tsx?$/;

/** The workspace packages a file imports (static, dynamic, re-exports). */
function workspaceImports(file: string): { file: string; spec: string }[] {
  return [...readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*['"](@irsa-lab\/[a-z0-9-]+)/g)].map((m) => ({
    file: relative(root, file),
    spec: m[1] as string,
  }));
}

function readPkg(dir: string): Pkg {
  const json = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
    name: string;
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
  const sources = filesUnder(join(dir, 'src')).filter((f) => /\.(ts|tsx)$/.test(f));
  const tests = [...sources.filter((f) => TEST.test(f)), ...filesUnder(join(dir, 'test')).filter((f) => CODE.test(f))];
  return {
    dir,
    name: json.name,
    deps: Object.keys(json.dependencies ?? {}),
    devDeps: Object.keys(json.devDependencies ?? {}),
    imports: sources.filter((f) => !TEST.test(f)).flatMap(workspaceImports),
    testImports: tests.flatMap(workspaceImports),
  };
}

const packages = workspaceDirs().map(readPkg);

describe('layer order', () => {
  it('knows the layer of every workspace package', () => {
    expect(packages.length).toBeGreaterThanOrEqual(8);
    for (const p of packages) expect(LAYERS[p.name], `${p.name} has no layer`).toBeTypeOf('number');
  });

  it('lets a package depend only on packages in layers above it, and services never on each other', () => {
    const violations: string[] = [];
    for (const p of packages) {
      const mine = LAYERS[p.name] as number;
      const used = new Set([...p.deps.filter((d) => d.startsWith('@irsa-lab/')), ...p.imports.map((i) => i.spec)]);
      for (const dep of used) {
        const theirs = LAYERS[dep];
        if (theirs === undefined) violations.push(`${p.name} uses unknown workspace package ${dep}`);
        else if (theirs >= mine) violations.push(`${p.name} (layer ${mine}) depends on ${dep} (layer ${theirs})`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('declares every workspace package a source file imports', () => {
    const missing = packages.flatMap((p) =>
      p.imports.filter((i) => i.spec !== p.name && !p.deps.includes(i.spec)).map((i) => `${i.file} imports ${i.spec}`),
    );
    expect(missing).toEqual([]);
  });

  it('reads the sources of every workspace package, the labs and the app included', () => {
    for (const name of ['@irsa-lab/world', '@irsa-lab/labs', '@irsa-lab/app']) {
      const p = packages.find((q) => q.name === name);
      expect(p?.imports.length, `imports found in ${name}/src`).toBeGreaterThan(0);
      expect(p?.testImports.length, `imports found in the tests of ${name}`).toBeGreaterThan(0);
    }
  });

  it('lets tests use their own package and declared ones in layers above it', () => {
    expect(testLayerViolations(packages)).toEqual([]);
  });

  it('builds every workspace package in tsconfig.build.json, each after the packages it depends on', () => {
    const { references } = JSON.parse(readFileSync(join(root, 'tsconfig.build.json'), 'utf8')) as {
      references: { path: string }[];
    };
    const order = references.map((r) => readPkg(join(root, r.path)).name);
    expect([...order].sort()).toEqual(packages.map((p) => p.name).sort());
    const late: string[] = [];
    for (const p of packages) {
      for (const dep of p.deps.filter((d) => d.startsWith('@irsa-lab/'))) {
        if (order.indexOf(dep) > order.indexOf(p.name)) late.push(`${dep} is built after ${p.name}, which needs it`);
      }
    }
    expect(late).toEqual([]);
  });

  it('has no cross-package relative imports', () => {
    const bad: string[] = [];
    for (const p of packages) {
      let files: string[] = [];
      try {
        files = walk(join(p.dir, 'src')).filter((f) => /\.(ts|tsx)$/.test(f));
      } catch {}
      for (const f of files) {
        if (
          /from\s+['"](\.\.\/)+(packages|apps)\//.test(readFileSync(f, 'utf8')) ||
          /\.\.\/\.\.\/[a-z0-9-]+\/src/.test(readFileSync(f, 'utf8'))
        ) {
          bad.push(relative(root, f));
        }
      }
    }
    expect(bad).toEqual([]);
  });
});

/**
 * What the tests of each package may import besides the package itself:
 * packages it declares (dependencies or devDependencies) in layers above it.
 */
function testLayerViolations(pkgs: readonly Pkg[]): string[] {
  const bad: string[] = [];
  for (const p of pkgs) {
    for (const { file, spec } of p.testImports) {
      if (spec === p.name) continue;
      const theirs = LAYERS[spec];
      if (!p.deps.includes(spec) && !p.devDeps.includes(spec)) bad.push(`${file} imports undeclared ${spec}`);
      else if (theirs === undefined || theirs >= (LAYERS[p.name] as number))
        bad.push(`${file} (layer ${LAYERS[p.name]}) imports ${spec} (layer ${theirs})`);
    }
  }
  return bad;
}

/** Import specifiers in a file: static and dynamic imports, re-exports, require, vi.mock and friends. */
function specifiers(text: string): string[] {
  const re =
    /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*|\bvi\.(?:mock|doMock|unmock|importActual|importMock)\s*\(\s*)['"]([^'"]+)['"]/g;
  return [...text.matchAll(re)].map((m) => m[1] as string);
}

/**
 * An integration test's imports that reach into a package's src/: a relative
 * path that lands in any workspace's src folder (`../src/x.js`,
 * `../../../packages/core/src/clock.js`), or a package name with a src path
 * (`@irsa-lab/core/src/clock.js`). Unit tests beside the code are not
 * integration tests: they import relatively.
 */
function srcReaches(file: string, text: string, workspaces: readonly string[]): string[] {
  const srcDirs = workspaces.map((w) => join(w, 'src'));
  return specifiers(stripComments(text))
    .filter((spec) => {
      if (/^@irsa-lab\/[a-z0-9-]+\/src(\/|$)/.test(spec)) return true;
      if (!spec.startsWith('.')) return false;
      const target = resolve(dirname(file), spec);
      return srcDirs.some((s) => target === s || target.startsWith(s + sep));
    })
    .map((spec) => `${relative(root, file)} imports ${spec}`);
}

/** Integration tests: everything in the test folders of the packages, the apps and the labs. */
function integrationTestFiles(): string[] {
  return workspaceDirs()
    .flatMap((d) => filesUnder(join(d, 'test')))
    .filter((f) => CODE.test(f) || /\.(js|cjs|jsx)$/.test(f));
}

describe('test boundary', () => {
  it('integration tests import packages by name, never a path into a src/ folder', () => {
    const files = integrationTestFiles();
    expect(files.length).toBeGreaterThan(50);
    const workspaces = workspaceDirs();
    expect(files.flatMap((f) => srcReaches(f, readFileSync(f, 'utf8'), workspaces))).toEqual([]);
  });

  it('would catch a test reaching into src/ (the check itself can fail)', () => {
    const ws = [join(root, 'packages', 'iam'), join(root, 'packages', 'core')];
    const file = join(root, 'packages', 'iam', 'test', 's3', 'x.test.ts');
    const reaching = [
      "import { createIam } from '../../src/index.js';",
      "import type { Iam } from '../../src/iam/types.js';",
      "export { s3Handlers } from '../../src/s3/handlers.js';",
      "const m = await import('../../src/index.js');",
      "vi.mock('../../src/sts/create-sts.js');",
      "import { SimClock } from '../../../core/src/clock.js';",
      "import { SimClock } from '../../../../packages/core/src/index.js';",
      "import { SimClock } from '@irsa-lab/core/src/clock.js';",
      "import '../../src';",
    ];
    for (const line of reaching) expect(srcReaches(file, line, ws), line).toHaveLength(1);
    const fine = [
      "import { createIam } from '@irsa-lab/iam';",
      "import { world } from '../iam-world.js';",
      "import { data } from './fixtures/src/data.js';",
      "// import { x } from '../../src/index.js';",
      "import { x } from '../../srcs/index.js';",
    ];
    for (const line of fine) expect(srcReaches(file, line, ws), line).toEqual([]);
  });

  it('would catch a test importing an undeclared package or one of its own layer or below', () => {
    const iam = (spec: string, devDeps: string[] = []): Pkg => ({
      dir: join(root, 'packages', 'iam'),
      name: '@irsa-lab/iam',
      deps: ['@irsa-lab/core', '@irsa-lab/net'],
      devDeps,
      imports: [],
      testImports: [{ file: 'packages/iam/test/x.test.ts', spec }],
    });
    expect(testLayerViolations([iam('@irsa-lab/iam')])).toEqual([]);
    expect(testLayerViolations([iam('@irsa-lab/net')])).toEqual([]);
    expect(testLayerViolations([iam('@irsa-lab/world')])).toHaveLength(1);
    expect(testLayerViolations([iam('@irsa-lab/world', ['@irsa-lab/world'])])).toHaveLength(1);
    expect(testLayerViolations([iam('@irsa-lab/imds', ['@irsa-lab/imds'])])).toHaveLength(1);
  });
});

/** Patterns that read ambient time or randomness, or wait on the real clock. */
const AMBIENT = [
  { name: 'Date.now', re: /\bDate\.now\b/ },
  { name: 'new Date() without arguments', re: /\bnew\s+Date\s*(\(\s*\)|(?!\s*\())/ },
  { name: 'Date() called without new', re: /(?<!\bnew\s+)(?<![\w$.])Date\s*\(/ },
  { name: 'Math.random', re: /\bMath\.random\b/ },
  { name: 'crypto.getRandomValues', re: /\bgetRandomValues\s*\(/ },
  { name: 'randomBytes', re: /\brandomBytes\s*\(/ },
  { name: 'randomFill', re: /\brandomFill(Sync)?\s*\(/ },
  { name: 'randomInt', re: /\brandomInt\s*\(/ },
  { name: 'randomUUID', re: /\brandomUUID\s*\(/ },
  { name: 'performance.now, performance.timeOrigin', re: /\bperformance\.(now\s*\(|timeOrigin\b)/ },
  { name: 'process.hrtime', re: /\bprocess\.hrtime\b/ },
  { name: 'setTimeout', re: /\bsetTimeout\s*\(/ },
  { name: 'setInterval', re: /\bsetInterval\s*\(/ },
  { name: 'setImmediate', re: /\bsetImmediate\s*\(/ },
  { name: 'node:timers', re: /['"](node:)?timers(\/promises)?['"]/ },
];

/**
 * The places in packages/<name>/src allowed to read the real clock, each with what
 * it may use and why; every other pattern stays forbidden there too, and an
 * exception its file no longer needs fails the test. The labs (labs/src) and
 * the app (apps/<name>/src) are not scanned: they are the programs around the
 * simulation and time them on purpose (a check's duration, the UI watchdog,
 * serve's sync timer in the `serve` command).
 */
const AMBIENT_EXCEPTIONS: readonly { file: string; allows: readonly string[]; reason: string }[] = [
  {
    file: 'packages/core/src/real-clock.ts',
    allows: ['Date.now'],
    reason:
      'wallClock, the one real-clock adapter: real SDKs and CLIs sign with their own clock (SigV4), and serve mode ' +
      "runs simulated time alongside real time (@irsa-lab/serve's ServeClock); it reaches a world only where a " +
      'caller passes it in (createWorld requestClock, serveWorld wall)',
  },
];

function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
}

/** `path:line pattern` for each ambient read in the given files (repository-relative path and text). */
function findAmbient(files: readonly { path: string; text: string }[]): string[] {
  const hits: string[] = [];
  for (const { path, text } of files) {
    const allowed = AMBIENT_EXCEPTIONS.find((e) => e.file === path)?.allows ?? [];
    stripComments(text)
      .split('\n')
      .forEach((line, i) => {
        for (const { name, re } of AMBIENT)
          if (re.test(line) && !allowed.includes(name)) hits.push(`${path}:${i + 1} ${name}`);
      });
  }
  return hits;
}

describe('determinism', () => {
  const sources = workspaceDirs()
    .filter((d) => d.includes(`${join(root, 'packages')}`))
    .flatMap((d) => filesUnder(join(d, 'src')))
    .filter((f) => /\.(ts|tsx)$/.test(f) && !TEST.test(f))
    .map((f) => ({ path: relative(root, f), text: readFileSync(f, 'utf8') }));

  it('reads no ambient time or randomness in packages/*/src outside the listed exceptions', () => {
    expect(sources.length).toBeGreaterThan(10);
    expect(findAmbient(sources)).toEqual([]);
  });

  it('lists only exceptions still in use: each file reads what it is allowed to', () => {
    for (const { file, allows } of AMBIENT_EXCEPTIONS) {
      const text = sources.find((s) => s.path === file)?.text;
      expect(text, `${file} exists`).toBeDefined();
      for (const name of allows) {
        const { re } = AMBIENT.find((a) => a.name === name) ?? { re: /$^/ };
        expect(re.test(stripComments(text ?? '')), `${file} uses ${name}`).toBe(true);
      }
    }
  });

  it('would catch each forbidden pattern (the check itself can fail)', () => {
    const samples = [
      'const t = Date.now();',
      'const now = Date.now;',
      'const d = new Date();',
      'const d = new Date;',
      'const s = Date();',
      'const s = String(Date());',
      'const r = Math.random();',
      'crypto.getRandomValues(new Uint8Array(16));',
      "const b = randomBytes(32).toString('hex');",
      'randomFillSync(buf);',
      'const n = crypto.randomInt(10);',
      'crypto.randomUUID();',
      'const t0 = performance.now();',
      'const origin = performance.timeOrigin;',
      'const [s, ns] = process.hrtime();',
      'const t = process.hrtime.bigint();',
      'setTimeout(() => {}, 1);',
      'setInterval(f, 10);',
      'setImmediate(f);',
      "import { setTimeout as sleep } from 'node:timers/promises';",
    ];
    for (const s of samples)
      expect(
        AMBIENT.some(({ re }) => re.test(s)),
        s,
      ).toBe(true);
    const pure = [
      'const d = new Date(nowMs);',
      'const d = new Date(\n',
      'const ms = Date.parse(text);',
      'const ms = Date.UTC(2026, 0, 5);',
      'const s = toNumericDate(nowMs);',
      'const s = cloudTrailDate(ms);',
      'const d: Date = x;',
      'const n = rng.int(10);',
    ];
    for (const s of pure)
      expect(
        AMBIENT.filter(({ re }) => re.test(s)).map((a) => a.name),
        s,
      ).toEqual([]);
    expect(AMBIENT.some(({ re }) => re.test(stripComments('// Date.now() is not used here')))).toBe(false);
  });

  it('allows an exception only in its file, and only what it lists', () => {
    const adapter = 'packages/core/src/real-clock.ts';
    const other = 'packages/serve/src/serve-clock.ts';
    expect(findAmbient([{ path: adapter, text: 'export const wallClock = { nowMs: () => Date.now() };' }])).toEqual([]);
    expect(findAmbient([{ path: other, text: 'const nowMs = () => Date.now();' }])).toEqual([`${other}:1 Date.now`]);
    expect(findAmbient([{ path: adapter, text: 'const jitter = Math.random();' }])).toEqual([
      `${adapter}:1 Math.random`,
    ]);
  });
});
