/**
 * useSyncState: state whose latest value a key handler can read at once.
 * Several keys can arrive in one chunk (a paste, tmux send-keys) and Ink
 * hands them to the same handler before React re-renders; reading a ref
 * instead of the render's closure keeps each key working on the state the
 * previous key left.
 */
import { useCallback, useRef, useState } from 'react';

export function useSyncState<T>(initial: T | (() => T)): [T, () => T, (next: T | ((prev: T) => T)) => void] {
  const [value, setValue] = useState(initial);
  const ref = useRef(value);
  const get = useCallback(() => ref.current, []);
  const set = useCallback((next: T | ((prev: T) => T)) => {
    ref.current = typeof next === 'function' ? (next as (prev: T) => T)(ref.current) : next;
    setValue(ref.current);
  }, []);
  return [value, get, set];
}
