/**
 * RecentKeys: the keys of a Map in the order they were first set, as a
 * queue. Evicting a Map's oldest entry with `map.keys().next()` walks past
 * every entry deleted before it (a Map keeps those holes until it is
 * rehashed), so a Map used as a bounded FIFO pays for its past evictions on
 * every insert; the queue finds the oldest key at once.
 */
export class RecentKeys<K = string> {
  #keys: K[] = [];
  #head = 0;

  get size(): number {
    return this.#keys.length - this.#head;
  }

  push(key: K): void {
    this.#keys.push(key);
  }

  /** The oldest key, without removing it. */
  peek(): K | undefined {
    return this.#head < this.#keys.length ? this.#keys[this.#head] : undefined;
  }

  /** Remove and return the oldest key. */
  shift(): K | undefined {
    if (this.#head >= this.#keys.length) return undefined;
    const key = this.#keys[this.#head] as K;
    this.#head++;
    // drop the consumed front now and then (amortized O(1) per key)
    if (this.#head >= 1024 && this.#head * 2 >= this.#keys.length) {
      this.#keys = this.#keys.slice(this.#head);
      this.#head = 0;
    }
    return key;
  }
}
