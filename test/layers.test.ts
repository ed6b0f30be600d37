/**
 * Repository rules that keep the simulation honest: packages depend only on
 * layers above them (services never on each other), and no package source
 * reads ambient time or randomness outside the one real-clock adapter.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

/** Layer of each workspace package (architecture.md). */
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

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else out.push(path);
  }
  return out;
}

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
  imports: { file: string; spec: string }[];
}

function readPkg(dir: string): Pkg {
  const json = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
    name: string;
    dependencies?: Record<string, string>;
  };
  const srcDir = join(dir, 'src');
  let files: string[] = [];
  try {
    files = walk(srcDir).filter((f) => /\.(ts|tsx)$/.test(f) && !/\.test\.tsx?$/.test(f));
  } catch {
    files = [];
  }
  const imports = files.flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*['"](@irsa-lab\/[a-z0-9-]+)/g)].map((m) => ({
      file: relative(root, file),
      spec: m[1] as string,
    })),
  );
  return { dir, name: json.name, deps: Object.keys(json.dependencies ?? {}), imports };
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

/** Patterns that read ambient time or randomness. */
const AMBIENT = [
  { name: 'Date.now()', re: /\bDate\.now\s*\(/ },
  { name: 'new Date() without arguments', re: /\bnew\s+Date\s*\(\s*\)/ },
  { name: 'Math.random()', re: /\bMath\.random\s*\(/ },
  { name: 'setTimeout', re: /\bsetTimeout\s*\(/ },
  { name: 'setInterval', re: /\bsetInterval\s*\(/ },
  { name: 'setImmediate', re: /\bsetImmediate\s*\(/ },
  { name: 'randomUUID', re: /\brandomUUID\s*\(/ },
  { name: 'performance.now()', re: /\bperformance\.now\s*\(/ },
];

/** The one adapter allowed to read the wall clock (serve mode runs the simulated clock with real time). */
const REAL_CLOCK_ADAPTER = /(^|\/)real-clock\.ts$/;

function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
}

function findAmbient(files: readonly string[]): string[] {
  const hits: string[] = [];
  for (const file of files) {
    if (REAL_CLOCK_ADAPTER.test(file)) continue;
    const lines = stripComments(readFileSync(file, 'utf8')).split('\n');
    lines.forEach((line, i) => {
      for (const { name, re } of AMBIENT) if (re.test(line)) hits.push(`${relative(root, file)}:${i + 1} ${name}`);
    });
  }
  return hits;
}

describe('determinism', () => {
  const sources = workspaceDirs()
    .filter((d) => d.includes(`${join(root, 'packages')}`))
    .flatMap((d) => {
      try {
        return walk(join(d, 'src'));
      } catch {
        return [];
      }
    })
    .filter((f) => /\.(ts|tsx)$/.test(f) && !/\.test\.tsx?$/.test(f));

  it('reads no ambient time or randomness in packages/*/src outside the real-clock adapter', () => {
    expect(sources.length).toBeGreaterThan(10);
    expect(findAmbient(sources)).toEqual([]);
  });

  it('would catch each forbidden pattern (the check itself can fail)', () => {
    const samples = [
      'const t = Date.now();',
      'const d = new Date();',
      'const r = Math.random();',
      'setTimeout(() => {}, 1);',
      'setInterval(f, 10);',
      'crypto.randomUUID();',
    ];
    for (const s of samples)
      expect(
        AMBIENT.some(({ re }) => re.test(s)),
        s,
      ).toBe(true);
    expect(AMBIENT.some(({ re }) => re.test('const d = new Date(nowMs);'))).toBe(false);
    expect(AMBIENT.some(({ re }) => re.test(stripComments('// Date.now() is not used here')))).toBe(false);
  });
});
