import { createHash } from 'node:crypto';
import { isUtf8 } from 'node:buffer';
import type { Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { DomainError } from '@sunshine/domain';
import type { NextFunction, Request, Response } from 'express';
import type { Runtime } from '../runtime/runtime';
import { mapError } from './exception-filter';
import { JSON_DEPTH_MAX, jsonNestsDeeperThan } from './hostile-input';

/**
 * Bodies of the routes that take files (SPEC §11 payment batches and bank results): JSON,
 * CSV or an XLSX workbook, larger than the 1 MB every other route accepts. They are read
 * here, before authentication as every body is, with the same content-coding rules as the
 * JSON parser, a byte limit on the wire and after inflating, and a SHA-256 of the bytes.
 * The handler reads them with `@UploadBody()`; the idempotency fingerprint sees
 * `request.body = {upload: {kind, sha256}, query}`, so a replay with other bytes or other
 * query parameters is a mismatch.
 */

/** The largest upload, compressed on the wire and inflated alike. */
export const UPLOAD_BODY_LIMIT_BYTES = 48 * 1024 * 1024;
/** An over-limit body is still read (and dropped) up to this, so the client sees the 413. */
export const UPLOAD_DRAIN_BYTES_MAX = 256 * 1024 * 1024;

export const UPLOAD_MEDIA_TYPES = {
  'application/json': 'json',
  'text/csv': 'csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
} as const;
export type UploadKind = (typeof UPLOAD_MEDIA_TYPES)[keyof typeof UPLOAD_MEDIA_TYPES];

export interface Upload {
  kind: UploadKind;
  bytes: Buffer;
  sha256: string;
}

const uploadRoutes: RegExp[] = [];
const uploads = new WeakMap<object, Upload>();

/** Makes POSTs to paths matching `pattern` upload routes (call while registering a module). */
export function registerUploadRoute(pattern: RegExp): void {
  if (!uploadRoutes.some((known) => known.source === pattern.source)) uploadRoutes.push(pattern);
}

const refusal = (code: 'PAYLOAD_TOO_LARGE' | 'UNSUPPORTED_MEDIA_TYPE' | 'VALIDATION_FAILED',
  message: string) => new DomainError(code, message);

function mediaType(request: Request): { kind: UploadKind; charset?: string } {
  const header = request.headers['content-type'];
  const [type = '', ...params] = (header ?? '').split(';').map((part) => part.trim());
  const kind = (UPLOAD_MEDIA_TYPES as Record<string, UploadKind>)[type.toLowerCase()];
  if (!kind) {
    const accepted = Object.keys(UPLOAD_MEDIA_TYPES).join(', ');
    throw refusal('UNSUPPORTED_MEDIA_TYPE', `Content-Type must be one of ${accepted}`);
  }
  const charset = params
    .map((param) => /^charset=(.*)$/i.exec(param)?.[1]?.replace(/"/g, '').toLowerCase())
    .find((value) => value !== undefined);
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    throw refusal('UNSUPPORTED_MEDIA_TYPE', 'text bodies must be UTF-8');
  }
  return { kind, ...(charset ? { charset } : {}) };
}

function decoder(request: Request): Transform | undefined {
  const coding = (request.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  switch (coding) {
    case 'identity':
      return undefined;
    case 'gzip':
      return createGunzip();
    case 'deflate':
      return createInflate();
    case 'br':
      return createBrotliDecompress();
    default:
      throw refusal('UNSUPPORTED_MEDIA_TYPE',
        'Content-Encoding must be one of identity, gzip, deflate, br');
  }
}

/** Reads the whole body within the limits; resolves with the inflated bytes. */
function readBody(request: Request): Promise<Buffer> {
  const declared = Number(request.headers['content-length'] ?? 0);
  const inflate = decoder(request);
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let wireBytes = 0;
    let bytes = 0;
    let failure: unknown = declared > UPLOAD_BODY_LIMIT_BYTES
      ? refusal('PAYLOAD_TOO_LARGE', 'the request body is too large')
      : undefined;
    const fail = (error: unknown) => {
      failure ??= error;
      chunks.length = 0;
    };
    const keep = (chunk: Buffer) => {
      if (failure) return;
      bytes += chunk.length;
      if (bytes > UPLOAD_BODY_LIMIT_BYTES) {
        fail(refusal('PAYLOAD_TOO_LARGE', 'the request body is too large'));
        inflate?.destroy();
        return;
      }
      chunks.push(chunk);
    };
    request.on('data', (chunk: Buffer) => {
      wireBytes += chunk.length;
      if (wireBytes > UPLOAD_DRAIN_BYTES_MAX) request.destroy();
      if (failure) return;
      if (wireBytes > UPLOAD_BODY_LIMIT_BYTES) {
        fail(refusal('PAYLOAD_TOO_LARGE', 'the request body is too large'));
        return;
      }
      if (inflate) inflate.write(chunk);
      else keep(chunk);
    });
    inflate?.on('data', keep);
    inflate?.on('error', () => fail(refusal('VALIDATION_FAILED', 'the body does not inflate')));
    const settle = () => (failure ? reject(failure) : resolve(Buffer.concat(chunks)));
    request.on('error', (error) => reject(error));
    request.on('end', () => {
      if (!inflate || failure) return settle();
      inflate.once('end', settle);
      inflate.once('close', settle);
      inflate.end();
    });
  });
}

function matches(request: Request): boolean {
  return request.method === 'POST' && uploadRoutes.some((pattern) => pattern.test(request.path));
}

/** Express middleware: reads upload-route bodies and answers refusals in the SPEC format. */
export function uploadReader(runtime: Runtime) {
  return (request: Request, response: Response, next: NextFunction): void => {
    if (!matches(request)) return next();
    const answer = (error: unknown) => {
      const mapped = mapError(error);
      const status = mapped.status >= 500 ? 400 : mapped.status;
      runtime.logger.info({ status, path: request.path }, 'upload refused');
      if (!response.headersSent) response.status(status).json(mapped.body);
    };
    let kind: UploadKind;
    try {
      ({ kind } = mediaType(request));
    } catch (error) {
      // Read and drop the body first, so that the client sees the answer, not a reset.
      let dropped = 0;
      request.on('data', (chunk: Buffer) => {
        dropped += chunk.length;
        if (dropped > UPLOAD_DRAIN_BYTES_MAX) request.destroy();
      });
      request.once('end', () => answer(error));
      return;
    }
    readBody(request).then((bytes) => {
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      uploads.set(request, { kind, bytes, sha256 });
      // Marks the body as parsed, so the JSON parser after this leaves it alone.
      (request as Request & { _body?: boolean })._body = true;
      request.body = { upload: { kind, sha256 }, query: request.query };
      next();
    }, answer);
  };
}

/** `@UploadBody() upload: Upload` in an upload route's handler. */
export const UploadBody = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Upload => {
    const upload = uploads.get(context.switchToHttp().getRequest<object>());
    if (!upload) throw refusal('UNSUPPORTED_MEDIA_TYPE', 'this route takes an uploaded body');
    return upload;
  },
);

/** An upload's bytes as UTF-8 text; other encodings are refused (415). */
export function uploadText(upload: Upload): string {
  if (!isUtf8(upload.bytes)) {
    throw refusal('UNSUPPORTED_MEDIA_TYPE', `${upload.kind.toUpperCase()} bodies must be UTF-8`);
  }
  return upload.bytes.toString('utf8');
}

/** A JSON upload parsed with the same defences as every JSON body (UTF-8, depth). */
export function uploadJson(upload: Upload): unknown {
  const text = uploadText(upload);
  if (jsonNestsDeeperThan(upload.bytes, JSON_DEPTH_MAX)) {
    throw refusal('VALIDATION_FAILED', `JSON may nest at most ${JSON_DEPTH_MAX} levels`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw refusal('VALIDATION_FAILED', 'malformed request body');
  }
}
