import { z } from 'zod';
import { openApiDocument, registerRoute } from './openapi';

describe('openApiDocument', () => {
  it('describes registered routes with their zod body schema and path parameters', () => {
    registerRoute({
      method: 'post',
      path: '/api/test-funds/:id/allocations',
      summary: 'Allocate',
      roles: ['finance'],
      bodySchema: z.strictObject({ amountFen: z.number().int().positive() }),
    });
    registerRoute({ method: 'get', path: '/api/test-public', summary: 'Public', public: true });
    const doc = openApiDocument('T', '1') as {
      openapi: string;
      paths: Record<string, Record<string, Record<string, unknown>>>;
    };
    expect(doc.openapi).toMatch(/^3\./);
    const post = doc.paths['/api/test-funds/{id}/allocations']?.post;
    expect(post?.parameters).toEqual([
      { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
    ]);
    const body = JSON.stringify(post?.requestBody);
    expect(body).toContain('"amountFen"');
    expect(body).toContain('"additionalProperties":false');
    expect(Object.keys(post?.responses as object)).toContain('201');
    expect(doc.paths['/api/test-public']?.get?.security).toEqual([]);
  });
});
