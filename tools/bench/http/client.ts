import { Agent, request } from 'node:http';
import { signToken, type Role } from '@sunshine/platform';

/**
 * A keep-alive HTTP client over `node:http`: the agent holds up to `socketsMax` connections,
 * so N concurrent callers really are N requests in flight on N sockets.
 */

export const COUNTY = '320826';
export const TOWN = '320826100';
/** The village of the long fund stream (cost per command, village history). */
export const VILLAGE_LONG = '320826100201';
/** The village of the throughput funds. */
export const VILLAGE_CPS = '320826100202';
/** Answer bodies longer than this are cut (a village history can be tens of MB). */
const BODY_CHARS_KEPT_MAX = 4_096;

export interface Answer {
  status: number;
  /** The first BODY_CHARS_KEPT_MAX characters of the body. */
  text: string;
  bytes: number;
  headers: Record<string, string | string[] | undefined>;
}

export interface HttpClient {
  send(method: string, path: string, options: SendOptions): Promise<Answer>;
  token(role: Role): string;
  close(): void;
}

export interface SendOptions {
  token: string;
  body?: unknown;
  timeoutMs: number;
  /** Characters of the answer kept in `text` (default BODY_CHARS_KEPT_MAX). */
  keepChars?: number;
}

export function httpClient(baseUrl: string, socketsMax: number, secret: string): HttpClient {
  const agent = new Agent({ keepAlive: true, maxSockets: socketsMax, maxFreeSockets: socketsMax });
  const tokens = new Map<Role, string>();
  const { hostname, port } = new URL(baseUrl);
  const send = (method: string, path: string, options: SendOptions) =>
    new Promise<Answer>((resolve, reject) => {
      const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
      const headers: Record<string, string> = { authorization: `Bearer ${options.token}` };
      if (payload !== undefined) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = String(Buffer.byteLength(payload));
      }
      const req = request({ agent, hostname, port, method, path, headers,
        signal: AbortSignal.timeout(options.timeoutMs) }, (res) => {
        let text = '';
        let bytes = 0;
        const keep = options.keepChars ?? BODY_CHARS_KEPT_MAX;
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          bytes += chunk.length;
          if (text.length < keep) text += chunk.slice(0, keep - text.length);
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text, bytes,
          headers: res.headers }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(payload);
    });
  const token = (role: Role): string => {
    const known = tokens.get(role);
    if (known) return known;
    const signed = signToken({ sub: `bench-${role}`, role, regions: [COUNTY] }, secret);
    tokens.set(role, signed);
    return signed;
  };
  return { send, token, close: () => agent.destroy() };
}

/** The id of a 201 write answer; anything else is a setup failure. */
export function createdId(answer: Answer, what: string): string {
  const body = answer.status === 201 ? (JSON.parse(answer.text) as { id?: unknown }) : {};
  if (typeof body.id !== 'string') {
    throw new Error(`${what}: ${answer.status} ${answer.text.slice(0, 300)}`);
  }
  return body.id;
}

/** The X-Projection-Position header of a projected read, or -1 when absent. */
export function projectionPosition(answer: Answer): number {
  const raw = answer.headers['x-projection-position'];
  const value = Number(Array.isArray(raw) ? raw[0] : raw);
  return Number.isFinite(value) ? value : -1;
}
