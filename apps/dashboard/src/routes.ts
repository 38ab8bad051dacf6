/**
 * Views live behind the hash (`#/regions/320826`), so the host serves one `index.html`
 * and every view is a link that can be bookmarked or opened without a session.
 */

export type Route =
  | { name: 'home' }
  | { name: 'signin' }
  | { name: 'notFound' }
  | { name: 'region'; code: string; asOf?: string }
  | { name: 'idle'; code: string }
  | { name: 'alerts'; status?: string; rule?: string; cursor?: string }
  | { name: 'alert'; id: string }
  | { name: 'audit'; code: string; asOf?: string }
  | { name: 'households' }
  | { name: 'household'; id: string }
  | { name: 'funds'; filter: ListFilter }
  | { name: 'fund'; id: string }
  | { name: 'projects'; filter: ListFilter }
  | { name: 'project'; id: string }
  | { name: 'publicRegion'; code: string }
  | { name: 'publicVillage'; code: string };

/** Filters of the fund and project lists; each is optional and kept in the link. */
export interface ListFilter {
  region?: string;
  category?: string;
  department?: string;
  fiscalYear?: string;
  stage?: string;
  cursor?: string;
}

const REGION_CODE = /^\d{6}(\d{3}(\d{3})?)?$/;
const VILLAGE_CODE = /^\d{12}$/;
const ENTITY_ID = /^[\w-]{1,64}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Free text in a filter: no control characters, at most 100 of them. */
const FILTER_TEXT = /^[^\u0000-\u001f]{1,100}$/;
const FILTER_PATTERNS: Record<keyof ListFilter, RegExp> = {
  region: /^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/,
  category: FILTER_TEXT,
  department: FILTER_TEXT,
  fiscalYear: /^\d{4}$/,
  stage: /^[a-z_]{1,40}$/,
  cursor: /^[\w\-=.:~]{1,500}$/,
};

function optional(params: URLSearchParams, key: string, pattern: RegExp): string | undefined {
  const value = params.get(key) ?? undefined;
  return value && pattern.test(value) ? value : undefined;
}

function filterOf(params: URLSearchParams): ListFilter {
  const filter: ListFilter = {};
  for (const key of Object.keys(FILTER_PATTERNS) as (keyof ListFilter)[]) {
    const value = optional(params, key, FILTER_PATTERNS[key]);
    if (value) filter[key] = value;
  }
  return filter;
}

function entityRoute(first: string | undefined, id: string): Route | undefined {
  if (!ENTITY_ID.test(id)) return undefined;
  if (first === 'households') return { name: 'household', id };
  if (first === 'funds') return { name: 'fund', id };
  if (first === 'projects') return { name: 'project', id };
  if (first === 'alerts') return { name: 'alert', id };
  return undefined;
}

function publicRoute(kind: string | undefined, code: string | undefined): Route | undefined {
  if (kind === 'regions' && code && REGION_CODE.test(code)) return { name: 'publicRegion', code };
  if (kind === 'villages' && code && VILLAGE_CODE.test(code)) {
    return { name: 'publicVillage', code };
  }
  return undefined;
}

function parsePath(parts: string[], params: URLSearchParams): Route | undefined {
  const [first, second, third] = parts;
  const asOf = optional(params, 'asOf', DATE);
  if (parts.length === 0) return { name: 'home' };
  if (parts.length === 1) {
    if (first === 'signin') return { name: 'signin' };
    if (first === 'households') return { name: 'households' };
    if (first === 'funds') return { name: 'funds', filter: filterOf(params) };
    if (first === 'projects') return { name: 'projects', filter: filterOf(params) };
    if (first === 'alerts') {
      return {
        name: 'alerts',
        status: optional(params, 'status', /^(open|acknowledged|resolved)$/),
        rule: optional(params, 'rule', /^[A-Z_]{1,60}$/),
        cursor: optional(params, 'cursor', FILTER_PATTERNS.cursor),
      };
    }
    return undefined;
  }
  if (first === 'public') return parts.length === 3 ? publicRoute(second, third) : undefined;
  if (first === 'regions' && second && REGION_CODE.test(second)) {
    if (parts.length === 2) return { name: 'region', code: second, asOf };
    return third === 'idle' && parts.length === 3 ? { name: 'idle', code: second } : undefined;
  }
  if (parts.length !== 2 || !second) return undefined;
  if (first === 'villages') {
    return VILLAGE_CODE.test(second) ? { name: 'audit', code: second, asOf } : undefined;
  }
  return entityRoute(first, second);
}

/** The view a link names; a link that names none is the "not found" page, never a guess. */
export function parseRoute(hash: string): Route {
  const [pathPart = '', queryPart = ''] = hash.replace(/^#/, '').split('?');
  let parts: string[];
  try {
    parts = pathPart.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    return { name: 'notFound' };
  }
  return parsePath(parts, new URLSearchParams(queryPart)) ?? { name: 'notFound' };
}

const withQuery = (path: string, params: Record<string, string | undefined>) => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) search.set(key, value);
  const text = search.toString();
  return text ? `${path}?${text}` : path;
};

const idPath = (base: string, id: string) => `#/${base}/${encodeURIComponent(id)}`;

export function hrefOf(route: Route): string {
  switch (route.name) {
    case 'home':
      return '#/';
    case 'signin':
      return '#/signin';
    case 'notFound':
      return '#/not-found';
    case 'region':
      return withQuery(`#/regions/${route.code}`, { asOf: route.asOf });
    case 'idle':
      return `#/regions/${route.code}/idle`;
    case 'alerts':
      return withQuery('#/alerts', {
        status: route.status,
        rule: route.rule,
        cursor: route.cursor,
      });
    case 'alert':
      return idPath('alerts', route.id);
    case 'audit':
      return withQuery(`#/villages/${route.code}`, { asOf: route.asOf });
    case 'households':
      return '#/households';
    case 'household':
      return idPath('households', route.id);
    case 'funds':
      return withQuery('#/funds', { ...route.filter });
    case 'fund':
      return idPath('funds', route.id);
    case 'projects':
      return withQuery('#/projects', { ...route.filter });
    case 'project':
      return idPath('projects', route.id);
    case 'publicRegion':
      return `#/public/regions/${route.code}`;
    case 'publicVillage':
      return `#/public/villages/${route.code}`;
    default: {
      const unknownRoute: never = route;
      throw new Error(`no link for ${JSON.stringify(unknownRoute)}`);
    }
  }
}

export function navigate(route: Route): void {
  window.location.hash = hrefOf(route);
}

export function isVillage(code: string): boolean {
  return VILLAGE_CODE.test(code);
}

/** The county, town and village codes that contain `code`, widest first, `code` last. */
export function regionChain(code: string): string[] {
  return [6, 9, 12].filter((length) => length <= code.length).map((n) => code.slice(0, n));
}
