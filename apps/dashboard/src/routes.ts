/**
 * Views live behind the hash (`#/regions/320826`), so the host serves one `index.html`
 * and every view is a link that can be bookmarked or opened without a session.
 */

export type Route =
  | { name: 'home' }
  | { name: 'signin' }
  | { name: 'region'; code: string; asOf?: string }
  | { name: 'idle'; code: string }
  | { name: 'alerts'; status?: string; rule?: string }
  | { name: 'audit'; code: string; asOf?: string }
  | { name: 'household'; id: string }
  | { name: 'publicRegion'; code: string }
  | { name: 'publicVillage'; code: string };

const REGION_CODE = /^\d{6}(\d{3}(\d{3})?)?$/;
const VILLAGE_CODE = /^\d{12}$/;
const ENTITY_ID = /^[\w-]{1,64}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function optional(params: URLSearchParams, key: string, pattern: RegExp): string | undefined {
  const value = params.get(key) ?? undefined;
  return value && pattern.test(value) ? value : undefined;
}

export function parseRoute(hash: string): Route {
  const [pathPart = '', queryPart = ''] = hash.replace(/^#/, '').split('?');
  const parts = pathPart.split('/').filter(Boolean).map(decodeURIComponent);
  const params = new URLSearchParams(queryPart);
  const [first, second, third] = parts;
  const asOf = optional(params, 'asOf', DATE);
  if (first === 'signin') return { name: 'signin' };
  if (first === 'alerts') {
    return {
      name: 'alerts',
      status: optional(params, 'status', /^(open|acknowledged|resolved)$/),
      rule: optional(params, 'rule', /^[A-Z_]{1,60}$/),
    };
  }
  if (first === 'regions' && second && REGION_CODE.test(second)) {
    if (third === 'idle') return { name: 'idle', code: second };
    return { name: 'region', code: second, asOf };
  }
  if (first === 'villages' && second && VILLAGE_CODE.test(second)) {
    return { name: 'audit', code: second, asOf };
  }
  if (first === 'households' && second && ENTITY_ID.test(second)) {
    return { name: 'household', id: second };
  }
  if (first === 'public' && second === 'regions' && third && REGION_CODE.test(third)) {
    return { name: 'publicRegion', code: third };
  }
  if (first === 'public' && second === 'villages' && third && VILLAGE_CODE.test(third)) {
    return { name: 'publicVillage', code: third };
  }
  return { name: 'home' };
}

const withQuery = (path: string, params: Record<string, string | undefined>) => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) search.set(key, value);
  const text = search.toString();
  return text ? `${path}?${text}` : path;
};

export function hrefOf(route: Route): string {
  switch (route.name) {
    case 'home':
      return '#/';
    case 'signin':
      return '#/signin';
    case 'region':
      return withQuery(`#/regions/${route.code}`, { asOf: route.asOf });
    case 'idle':
      return `#/regions/${route.code}/idle`;
    case 'alerts':
      return withQuery('#/alerts', { status: route.status, rule: route.rule });
    case 'audit':
      return withQuery(`#/villages/${route.code}`, { asOf: route.asOf });
    case 'household':
      return `#/households/${encodeURIComponent(route.id)}`;
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
