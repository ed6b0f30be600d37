/**
 * Citations that lead somewhere. Every `docs/<file>.md#<section>` the code
 * (comments and strings) or the Markdown names is a heading of that file;
 * every relative Markdown link resolves; every repository path README.md and
 * docs/*.md name exists; and no comment cites a document that is not in the
 * repository: the protocol and stack notes the code was first written from
 * (by section number, by name, or by their source tags) or this project's
 * issue numbers. Facts go in docs/reference.md with their public sources,
 * tool gotchas in docs/dependencies.md.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { githubSlug, headingAnchors } from './markdown-anchors.js';
import { hashComments, jsComments, type SourceComment } from './source-comments.js';

const root = join(import.meta.dirname, '..');
const SKIP_DIRS = new Set(['node_modules', 'dist', '.git', '.turbo', 'coverage']);
const JS = /\.(?:[cm]?[jt]s|tsx|jsx)$/;
const HASH = /\.(?:sh|ya?ml)$/;

/** Paths git ignores (generated output such as bench/results/): named in the docs, never in the repository. */
const ignored = readFileSync(join(root, '.gitignore'), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l !== '' && !l.startsWith('#') && !l.includes('*'));

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (SKIP_DIRS.has(name)) continue;
    const path = join(dir, name);
    const rel = relative(root, path);
    if (ignored.some((g) => rel === g.replace(/\/$/, '') || rel.startsWith(g))) continue;
    if (statSync(path).isDirectory()) walk(path, out);
    else out.push(rel);
  }
  return out;
}

const files = walk(root);
const read = (rel: string) => readFileSync(join(root, rel), 'utf8');
const codeFiles = files.filter((f) => JS.test(f) || HASH.test(f));
const markdownFiles = files.filter((f) => f.endsWith('.md'));
const anchorsOf = new Map<string, Set<string>>();
function anchors(rel: string): Set<string> {
  const known = anchorsOf.get(rel);
  if (known) return known;
  const found = headingAnchors(read(rel));
  anchorsOf.set(rel, found);
  return found;
}

/** What is wrong with a link to `target` (repository-relative) and its `#section`, if anything. */
function problemWith(target: string, section: string | undefined): string | undefined {
  if (!existsSync(join(root, target))) return `${target} does not exist`;
  if (section === undefined) return undefined;
  if (!target.endsWith('.md')) return `#${section} points into ${target}, which is not Markdown`;
  return anchors(target).has(section) ? undefined : `${target} has no heading #${section}`;
}

/** Citations that name a document not in the repository, as a comment may have them. */
const OUTSIDE = [
  { what: "the protocol notes' sections", re: /\breference\s*§/i },
  { what: 'the stack notes', re: /stack-notes/i },
  { what: 'the protocol notes', re: /irsa-protocol/i },
  {
    what: "the protocol notes' source tags",
    re: /\b(?:EC2-UG|EC2-MODEL|EKS-UG|EKS-BPG|EKS-IRSA-PAGE|REPOST-IIT|STS-MODEL|IAM-MODEL|IAM-CT|BOTO-CREDS|(?:K8S|WH|JSV3|SMITHY)-[A-Z]+)\b/,
  },
  { what: "this project's issue numbers (cite a public one as owner/repo#N or its URL)", re: /\bissues?[\s-]*#?\d/i },
];

function commentsOf(rel: string): SourceComment[] {
  return JS.test(rel) ? jsComments(read(rel)) : hashComments(read(rel));
}

describe('citations', () => {
  it('finds the files it checks', () => {
    expect(codeFiles.length).toBeGreaterThan(300);
    expect(markdownFiles).toEqual(expect.arrayContaining(['README.md', 'docs/reference.md', 'labs/README.md']));
  });

  it('every docs/<file>.md#<section> in the code and the Markdown names a heading that exists', () => {
    const broken: string[] = [];
    for (const rel of [...codeFiles, ...markdownFiles]) {
      for (const m of read(rel).matchAll(/docs\/([\w.-]+\.md)#([\w-]+)/g)) {
        const problem = problemWith(`docs/${m[1]}`, m[2]);
        if (problem) broken.push(`${rel}: ${problem}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('every relative link in the Markdown resolves, to a heading where it names one', () => {
    const broken: string[] = [];
    for (const rel of markdownFiles) {
      for (const [, href] of read(rel).matchAll(/\]\(([^)\s]+)\)/g)) {
        if (href === undefined || /^[a-z][a-z+.-]*:/i.test(href)) continue;
        const [path = '', section] = href.split('#');
        const target = path === '' ? rel : normalize(join(dirname(rel), path));
        const problem = problemWith(target, section);
        if (problem) broken.push(`${rel}: (${href}) ${problem}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('every repository path README.md and docs/*.md name exists', () => {
    const docs = ['README.md', ...markdownFiles.filter((f) => /^docs\/[^/]+\.md$/.test(f))];
    const missing: string[] = [];
    for (const rel of docs) {
      for (const [path] of read(rel).matchAll(
        /(?<![\w./:@-])(?:packages|apps|labs|docs|test|scripts|bench|\.ci)\/[\w./-]*/g,
      )) {
        const clean = path.replace(/[.,]+$/, '');
        if (ignored.some((g) => clean.startsWith(g))) continue;
        if (!existsSync(join(root, clean))) missing.push(`${rel}: ${clean}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('no comment cites a document that is not in the repository', () => {
    const found: string[] = [];
    for (const rel of codeFiles) {
      for (const comment of commentsOf(rel)) {
        for (const { what, re } of OUTSIDE) {
          const hit = re.exec(comment.text)?.[0];
          if (hit) found.push(`${rel}:${comment.line} cites ${what}: "${hit}"`);
        }
      }
    }
    expect(found).toEqual([]);
  });

  it('no Markdown cites the notes that are not in the repository', () => {
    const found = markdownFiles.flatMap((rel) =>
      OUTSIDE.slice(0, 3).flatMap(({ what, re }) => (re.test(read(rel)) ? [`${rel} cites ${what}`] : [])),
    );
    expect(found).toEqual([]);
  });
});

describe('the checks themselves', () => {
  it('slugs headings as GitHub does', () => {
    expect(githubSlug('STS AssumeRoleWithWebIdentity')).toBe('sts-assumerolewithwebidentity');
    expect(githubSlug('hostNetwork pods')).toBe('hostnetwork-pods');
    expect(githubSlug("What's `HttpTokens`: v1, v2?")).toBe('whats-httptokens-v1-v2');
    expect(githubSlug('Ink 6.8 → 8.0 (through 7)')).toBe('ink-68--80-through-7');
    expect([...headingAnchors('# A\n## A\n```\n# not a heading\n```\n## B')]).toEqual(['a', 'a-1', 'b']);
  });

  it('finds comments, and nothing in strings, templates or regular expressions', () => {
    const source = [
      "const url = 'https://example.com/a'; // one",
      // a template literal with interpolations (`$(` stands for a dollar and an opening brace)
      'const t = `x $(a /* two */} // not one $(`/* nor this */`}`;'.replaceAll('$(', '$' + '{'),
      'const re = /\\/\\*[^/]*/g; const q = a / b; /* three',
      'still three */ const s = "reference §6";',
      'return /x/.test(y); // four',
    ].join('\n');
    expect(jsComments(source)).toEqual([
      { line: 1, text: '// one' },
      { line: 2, text: '/* two */' },
      { line: 3, text: '/* three\nstill three */' },
      { line: 5, text: '// four' },
    ]);
    expect(hashComments("trap '' PIPE # why\necho '#no' \"#no\" a#b # yes")).toEqual([
      { line: 1, text: '# why' },
      { line: 2, text: '# yes' },
    ]);
  });

  it('would catch each citation of a document outside the repository', () => {
    const samples = [
      'as reference §6 says',
      '(stack-notes §7)',
      'reference/irsa-protocol.md §5.2',
      'Paths follow EC2-UG data-categories',
      'K8S-KUBELET requiresRefresh',
      'Issue 7, properties',
      'the issue-7 benchmarks',
      '(issue #7)',
    ];
    for (const s of samples)
      expect(
        OUTSIDE.some(({ re }) => re.test(s)),
        s,
      ).toBe(true);
    const fine = ['RFC 7515 §5.2', 'aws-load-balancer-controller#2315', 'docs/reference.md#sts-errors', 'issues them'];
    for (const s of fine)
      expect(
        OUTSIDE.some(({ re }) => re.test(s)),
        s,
      ).toBe(false);
  });
});
