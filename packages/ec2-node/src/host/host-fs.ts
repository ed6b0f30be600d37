/**
 * HostFs: the node's filesystem as one in-memory tree of directories and
 * files (content, mode, owner, mtime on the node's clock). The kubelet
 * writes projected tokens into it; containers read it through their mounts,
 * with the owner/group/other read bits checked against the reader's ids.
 */
import { type Clock, SimError } from '@irsa-lab/core';
import { normalizePath, parentOf } from './paths.js';

/** Who owns a file or directory. */
export interface FileOwner {
  readonly uid: number;
  readonly gid: number;
}

/** Who is reading: uid 0 reads everything, as root does. */
export interface FsReader extends FileOwner {
  /** Supplementary groups (a pod's fsGroup and supplementalGroups). */
  readonly groups?: readonly number[];
}

/** What `stat` reports. */
export interface FileStat extends FileOwner {
  readonly type: 'file' | 'dir';
  /** Permission bits, e.g. 0o644. */
  readonly mode: number;
  /** Content length in bytes (0 for directories). */
  readonly size: number;
  readonly modifiedAtMs: number;
}

/** The superuser: the kubelet, and containers that run as root. */
export const ROOT: FsReader = Object.freeze({ uid: 0, gid: 0 });

/** Largest file the host filesystem holds (tokens are a few KB). */
export const MAX_FILE_BYTES = 1024 * 1024;
/** Most entries (files and directories) the host filesystem holds. */
export const MAX_FS_ENTRIES = 100_000;

interface Entry extends FileOwner {
  type: 'file' | 'dir';
  mode: number;
  content: string;
  modifiedAtMs: number;
}

const encoder = new TextEncoder();

/** The node's filesystem. Paths are absolute and normalised; `..` never leaves `/`. */
export class HostFs {
  readonly #entries = new Map<string, Entry>();
  readonly #clock: Clock;

  constructor(clock: Clock) {
    this.#clock = clock;
    this.#entries.set('/', { type: 'dir', mode: 0o755, uid: 0, gid: 0, content: '', modifiedAtMs: clock.nowMs() });
  }

  /** Read a file as `reader` (default root). SimError FS_NOT_FOUND (ENOENT, EISDIR) or FS_PERMISSION_DENIED (EACCES). */
  read(path: string, reader: FsReader = ROOT): string {
    const p = normalizePath(path);
    const entry = this.#entries.get(p);
    if (!entry) throw fsError('FS_NOT_FOUND', 'ENOENT', p, 'no such file or directory');
    if (entry.type === 'dir') throw fsError('FS_NOT_FOUND', 'EISDIR', p, 'is a directory');
    if (!canRead(entry, reader)) throw fsError('FS_PERMISSION_DENIED', 'EACCES', p, 'permission denied');
    return entry.content;
  }

  /**
   * Write a file, creating missing parent directories (as `mkdir -p`). A new
   * file gets `mode` (default 0o644) and `owner` (default root); an existing
   * one keeps its mode and owner unless they are given.
   */
  write(path: string, content: string, mode?: number, owner?: FileOwner): void {
    if (typeof content !== 'string') throw new TypeError('content must be a string');
    if (mode !== undefined) checkMode(mode);
    const p = normalizePath(path);
    const size = encoder.encode(content).length;
    if (size > MAX_FILE_BYTES) {
      throw new SimError('INPUT_INVALID', `${p}: file of ${size} bytes exceeds ${MAX_FILE_BYTES}`, {
        path: p,
        limit: 'MAX_FILE_BYTES',
      });
    }
    const existing = this.#entries.get(p);
    if (existing?.type === 'dir') throw fsError('FS_NOT_FOUND', 'EISDIR', p, 'is a directory');
    if (!existing) this.mkdir(parentOf(p));
    this.#add(p, {
      type: 'file',
      mode: mode ?? existing?.mode ?? 0o644,
      uid: owner?.uid ?? existing?.uid ?? 0,
      gid: owner?.gid ?? existing?.gid ?? 0,
      content,
      modifiedAtMs: this.#clock.nowMs(),
    });
  }

  /** Create a directory and its missing parents (`mkdir -p`); SimError FS_NOT_FOUND (ENOTDIR) across a file. */
  mkdir(path: string, mode = 0o755, owner: FileOwner = ROOT): void {
    checkMode(mode);
    const p = normalizePath(path);
    let at = '';
    for (const part of p.split('/').slice(1)) {
      if (part === '') continue;
      at = `${at}/${part}`;
      const entry = this.#entries.get(at);
      if (entry?.type === 'file') throw fsError('FS_NOT_FOUND', 'ENOTDIR', at, 'not a directory');
      if (!entry) {
        this.#add(at, {
          type: 'dir',
          mode,
          uid: owner.uid,
          gid: owner.gid,
          content: '',
          modifiedAtMs: this.#clock.nowMs(),
        });
      }
    }
  }

  /** Names directly inside directory `dir`, sorted. SimError FS_NOT_FOUND (ENOENT, ENOTDIR). */
  list(dir: string): string[] {
    const p = normalizePath(dir);
    const entry = this.#entries.get(p);
    if (!entry) throw fsError('FS_NOT_FOUND', 'ENOENT', p, 'no such file or directory');
    if (entry.type !== 'dir') throw fsError('FS_NOT_FOUND', 'ENOTDIR', p, 'not a directory');
    const prefix = p === '/' ? '/' : `${p}/`;
    const names: string[] = [];
    for (const key of this.#entries.keys()) {
      if (key !== p && key.startsWith(prefix) && !key.slice(prefix.length).includes('/')) {
        names.push(key.slice(prefix.length));
      }
    }
    return names.sort();
  }

  /** Whether a file or directory exists at `path`. */
  exists(path: string): boolean {
    return this.#entries.has(normalizePath(path));
  }

  /** Type, mode, owner, size and mtime of `path`, or undefined if absent. */
  stat(path: string): FileStat | undefined {
    const entry = this.#entries.get(normalizePath(path));
    if (!entry) return undefined;
    const { type, mode, uid, gid, modifiedAtMs } = entry;
    return { type, mode, uid, gid, modifiedAtMs, size: encoder.encode(entry.content).length };
  }

  /** Remove a file, or a directory with everything under it (`rm -rf`). Returns whether anything was there. */
  remove(path: string): boolean {
    const p = normalizePath(path);
    if (p === '/') throw new TypeError('refusing to remove /');
    if (!this.#entries.has(p)) return false;
    const prefix = `${p}/`;
    for (const key of [...this.#entries.keys()]) {
      if (key === p || key.startsWith(prefix)) this.#entries.delete(key);
    }
    return true;
  }

  #add(path: string, entry: Entry): void {
    if (!this.#entries.has(path) && this.#entries.size >= MAX_FS_ENTRIES) {
      throw new SimError('INPUT_INVALID', `the host filesystem is full (${MAX_FS_ENTRIES} entries)`, {
        path,
        limit: 'MAX_FS_ENTRIES',
      });
    }
    this.#entries.set(path, entry);
  }
}

/**
 * The classic check: owner bits for the owner, group bits for a member, other bits for the rest; root passes.
 * Simplification: directories' search (x) bits are not checked on the way down.
 */
function canRead(entry: Entry, reader: FsReader): boolean {
  if (reader.uid === 0) return true;
  if (reader.uid === entry.uid) return (entry.mode & 0o400) !== 0;
  if (reader.gid === entry.gid || reader.groups?.includes(entry.gid)) return (entry.mode & 0o040) !== 0;
  return (entry.mode & 0o004) !== 0;
}

function checkMode(mode: number): void {
  if (!Number.isInteger(mode) || mode < 0 || mode > 0o7777) {
    throw new TypeError(`mode must be an integer from 0 to 0o7777, got ${String(mode)}`);
  }
}

function fsError(code: 'FS_NOT_FOUND' | 'FS_PERMISSION_DENIED', errno: string, path: string, words: string): SimError {
  return new SimError(code, `${errno}: ${words}, '${path}'`, { path, errno });
}
