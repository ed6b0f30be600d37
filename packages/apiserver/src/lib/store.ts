/**
 * The in-memory object store (the simulation's etcd): objects keyed by kind,
 * namespace and name, one global revision counter for resourceVersion, and
 * the last applied manifest kept beside each object for `kubectl apply`.
 */
import { SimError } from '@irsa-lab/core';
import type { K8sObject, Kind, KindMap } from '../types.js';

/** Kinds that live inside a namespace. */
export const NAMESPACED: Readonly<Record<Kind, boolean>> = {
  Namespace: false,
  Node: false,
  ServiceAccount: true,
  Pod: true,
  Secret: true,
};

/** A stored object and what the store knows about it. */
export interface StoredEntry<K extends Kind = Kind> {
  readonly object: KindMap[K];
  /** When it was created, simulated epoch ms. */
  readonly createdAtMs: number;
  /** The normalized manifest of the last apply (absent if created otherwise). */
  readonly lastApplied?: Record<string, unknown>;
}

/** Most objects the store holds (a limit on everything). */
export const MAX_OBJECTS = 100_000;

export class ObjectStore {
  readonly #entries = new Map<string, StoredEntry>();
  #revision = 0;

  #key(kind: Kind, namespace: string | undefined, name: string): string {
    return NAMESPACED[kind] ? `${kind}/${namespace ?? ''}/${name}` : `${kind}//${name}`;
  }

  get<K extends Kind>(kind: K, namespace: string | undefined, name: string): StoredEntry<K> | undefined {
    return this.#entries.get(this.#key(kind, namespace, name)) as StoredEntry<K> | undefined;
  }

  /** Store (create or replace) an entry; sets a fresh resourceVersion on the object and returns it. */
  put<K extends Kind>(entry: StoredEntry<K>): StoredEntry<K> {
    const { kind, metadata } = entry.object as K8sObject;
    const key = this.#key(kind, metadata.namespace, metadata.name);
    if (!this.#entries.has(key) && this.#entries.size >= MAX_OBJECTS) {
      throw new SimError('K8S_FORBIDDEN', `the object store is full (${MAX_OBJECTS} objects)`, {
        limit: `MAX_OBJECTS=${MAX_OBJECTS}`,
        reason: 'Forbidden',
        httpCode: 403,
      });
    }
    metadata.resourceVersion = String(++this.#revision);
    this.#entries.set(key, entry);
    return entry;
  }

  remove(kind: Kind, namespace: string | undefined, name: string): StoredEntry | undefined {
    const key = this.#key(kind, namespace, name);
    const entry = this.#entries.get(key);
    this.#entries.delete(key);
    return entry;
  }

  /** Entries of one kind, in one namespace or all, ordered by namespace then name (etcd key order). */
  list<K extends Kind>(kind: K, namespace?: string): StoredEntry<K>[] {
    const out: StoredEntry<K>[] = [];
    for (const entry of this.#entries.values()) {
      const o = entry.object as K8sObject;
      if (o.kind !== kind) continue;
      if (namespace !== undefined && NAMESPACED[kind] && o.metadata.namespace !== namespace) continue;
      out.push(entry as StoredEntry<K>);
    }
    const sortKey = (e: StoredEntry<K>) =>
      `${(e.object as K8sObject).metadata.namespace ?? ''}/${(e.object as K8sObject).metadata.name}`;
    return out.sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));
  }
}
