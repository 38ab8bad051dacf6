import { useEffect, useState } from 'react';
import { request } from './api';
import { publicRegionSummary } from './schemas';

/**
 * Names of regions, learnt from every summary the dashboard reads and otherwise asked of
 * the public summary (names are public), so that breadcrumbs read "涟水县 320826".
 */

/** Names kept for the life of the tab; a county has a few thousand regions at most. */
const NAMES_MAX = 10_000;
const names = new Map<string, string>();

export function rememberName(code: string, name: string | null | undefined): void {
  if (!name || names.has(code)) return;
  if (names.size >= NAMES_MAX) names.clear();
  names.set(code, name);
}

export function rememberNames(items: { regionCode: string; name: string | null }[]): void {
  for (const item of items) rememberName(item.regionCode, item.name);
}

async function lookUp(code: string): Promise<void> {
  const summary = await request(`/api/public/regions/${code}/summary`, publicRegionSummary, {
    anonymous: true,
  });
  rememberName(code, summary.name);
  rememberNames(summary.children);
}

/** The names of `codes`, as far as known; unknown ones are looked up once. */
export function useRegionNames(codes: string[]): Map<string, string> {
  const [, setVersion] = useState(0);
  const missing = codes.filter((code) => !names.has(code));
  const key = missing.join(',');
  useEffect(() => {
    if (!key) return;
    let current = true;
    // A name that cannot be had is shown as its code: nothing to report.
    void Promise.allSettled(key.split(',').map(lookUp)).then(() => {
      if (current) setVersion((v) => v + 1);
    });
    return () => {
      current = false;
    };
  }, [key]);
  return names;
}
