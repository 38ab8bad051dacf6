import { z } from 'zod';
import type { Role } from '../auth/principal';

/**
 * Controllers describe their routes here, with the same zod schemas they parse with, and
 * `/api/docs` assembles an OpenAPI 3 document from whatever was registered.
 */

export type HttpMethod = 'get' | 'post' | 'put' | 'delete' | 'patch';

export interface RouteDoc {
  method: HttpMethod;
  /** Express style (`/api/funds/:id`) or OpenAPI style (`/api/funds/{id}`). */
  path: string;
  summary: string;
  tags?: string[];
  bodySchema?: z.ZodType;
  querySchema?: z.ZodType;
  responseSchema?: z.ZodType;
  /** Roles allowed; omitted with `public: true` for routes that need no token. */
  roles?: Role[];
  public?: boolean;
  /** Status of a success answer, default 201 for POST/PUT and 200 otherwise. */
  successStatus?: number;
  /** Media type of a success answer that is not JSON (a workbook, a zip). */
  successContentType?: string;
}

export const ROUTE_DOCS_MAX = 500;
const routes = new Map<string, RouteDoc>();

function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

/** Adds (or replaces) the description of one route. */
export function registerRoute(route: RouteDoc): void {
  const key = `${route.method} ${openApiPath(route.path)}`;
  if (!routes.has(key) && routes.size >= ROUTE_DOCS_MAX) {
    throw new Error(`more than ${ROUTE_DOCS_MAX} documented routes`);
  }
  routes.set(key, { ...route, path: openApiPath(route.path) });
}

export function registeredRoutes(): RouteDoc[] {
  return [...routes.values()];
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  return z.toJSONSchema(schema, { target: 'openapi-3.0', io, unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
}

const errorSchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'details'],
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        details: { type: 'array', items: { type: 'object' } },
      },
    },
  },
};

function queryParameters(schema: z.ZodType | undefined): Record<string, unknown>[] {
  if (!schema) return [];
  const json = jsonSchema(schema, 'input') as { properties?: Record<string, unknown>;
    required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, inner]) => ({
    name, in: 'query', required: json.required?.includes(name) ?? false, schema: inner,
  }));
}

const binarySchema = { type: 'string', format: 'binary' };

function operation(route: RouteDoc): Record<string, unknown> {
  const pathParams = [...route.path.matchAll(/\{([^}]+)\}/g)].map((match) => ({
    name: match[1], in: 'path', required: true, schema: { type: 'string' },
  }));
  const success = route.successStatus ?? (route.method === 'post' || route.method === 'put'
    ? 201 : 200);
  const content = (schema: unknown) => ({ 'application/json': { schema } });
  const roles = route.roles ? ` Roles: ${route.roles.join(', ')} (admin always).` : '';
  return {
    summary: route.summary,
    description: route.public ? 'Public: no token needed.' : `Bearer token required.${roles}`,
    tags: route.tags,
    security: route.public ? [] : [{ bearer: [] }],
    parameters: [...pathParams, ...queryParameters(route.querySchema)],
    ...(route.bodySchema
      ? { requestBody: { required: true, content: content(jsonSchema(route.bodySchema, 'input')) } }
      : {}),
    responses: {
      [success]: {
        description: 'success',
        ...(route.responseSchema ? { content: content(jsonSchema(route.responseSchema, 'output')) }
          : {}),
        ...(route.successContentType
          ? { content: { [route.successContentType]: { schema: binarySchema } } }
          : {}),
      },
      default: { description: 'error', content: content({ $ref: '#/components/schemas/Error' }) },
    },
  };
}

export function openApiDocument(title: string, version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const sorted = registeredRoutes().sort((a, b) => a.path.localeCompare(b.path));
  for (const route of sorted) {
    paths[route.path] = { ...paths[route.path], [route.method]: operation(route) };
  }
  return {
    openapi: '3.0.3',
    info: { title, version },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Error: errorSchema },
    },
    paths,
  };
}
