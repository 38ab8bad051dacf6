import { useCallback, useEffect, useState } from 'react';
import { problemOf } from './api';
import type { Problem } from './errors';

export interface Resource<T> {
  data?: T;
  error?: Problem;
  loading: boolean;
  reload(): void;
}

/**
 * Loads something whenever `key` changes; an answer that arrives after the key moved on
 * is dropped, so a quick drill-down never shows the figures of the previous region.
 */
export function useResource<T>(
  key: string,
  load: (signal: AbortSignal) => Promise<T>,
): Resource<T> {
  const [state, setState] = useState<{ key: string; data?: T; error?: Problem }>({ key: '' });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let current = true;
    // A loader of many requests stops once its answer is no longer wanted.
    const abandoned = new AbortController();
    // A retry shows "loading" again instead of the previous failure.
    setState((previous) => (previous.key === key && previous.error ? { key: '' } : previous));
    load(abandoned.signal).then(
      (data) => current && setState({ key, data }),
      (error: unknown) => current && setState({ key, error: problemOf(error) }),
    );
    return () => {
      current = false;
      abandoned.abort();
    };
    // `load` is a fresh closure on every render; `key` names what it loads.
  }, [key, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const fresh = state.key === key;
  return {
    data: fresh ? state.data : undefined,
    error: fresh ? state.error : undefined,
    loading: !fresh,
    reload,
  };
}
