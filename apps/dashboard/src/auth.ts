import { z } from 'zod';

/**
 * The signed-in caller. The token stays in this tab's session storage; its claims are read
 * here only to choose what to show, while the API verifies the signature on every call.
 */

const STORAGE_KEY = 'sunshine.token';

/** Dispatched on `window` when the API answers 401: the stored token is no longer good. */
export const SESSION_EXPIRED_EVENT = 'sunshine:session-expired';

export const ROLES = ['finance', 'project_manager', 'registrar', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_NAMES: Record<Role, string> = {
  finance: '财政局',
  project_manager: '项目主管部门',
  registrar: '扶贫办',
  auditor: '审计/纪委',
  admin: '系统管理员',
};

const claims = z.object({
  sub: z.string(),
  role: z.enum(ROLES),
  regions: z.array(z.string()),
  exp: z.number().optional(),
});

export interface Session {
  token: string;
  sub: string;
  role: Role;
  regions: string[];
}

function decodePayload(token: string): unknown {
  const part = token.split('.')[1];
  if (!part) return undefined;
  const base64 = part.replace(/-/g, '+').replace(/_/g, '/');
  try {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return undefined;
  }
}

/** The session a token describes, or undefined for a malformed or expired one. */
export function sessionOf(token: string, nowMs: number = Date.now()): Session | undefined {
  const parsed = claims.safeParse(decodePayload(token.trim()));
  if (!parsed.success) return undefined;
  if (parsed.data.exp !== undefined && parsed.data.exp * 1000 <= nowMs) return undefined;
  const { sub, role, regions } = parsed.data;
  return { token: token.trim(), sub, role, regions };
}

export function loadSession(): Session | undefined {
  const token = sessionStorage.getItem(STORAGE_KEY);
  return token ? sessionOf(token) : undefined;
}

/** The token as stored, valid or not. */
export function storedToken(): string | undefined {
  return sessionStorage.getItem(STORAGE_KEY) ?? undefined;
}

export function saveSession(session: Session): void {
  sessionStorage.setItem(STORAGE_KEY, session.token);
}

export function clearSession(): void {
  sessionStorage.removeItem(STORAGE_KEY);
}

/** Auditors and administrators act on alerts (SPEC §7). */
export function mayActOnAlerts(session: Session | undefined): boolean {
  return session?.role === 'auditor' || session?.role === 'admin';
}

/** The region a caller starts in: their first county-or-smaller prefix, else the fallback. */
export function homeRegion(session: Session, fallback: string): string {
  return session.regions.find((code) => /^(\d{6}|\d{9}|\d{12})$/.test(code)) ?? fallback;
}
