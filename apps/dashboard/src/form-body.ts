import type { z } from 'zod';
import { fieldName, type Problem } from './errors';
import { parseYuanToFen } from './format';

/**
 * The body of a write form, built from what was typed: amounts typed in yuan become integer
 * fen, lines become arrays, empty optional fields are left out. Problems are keyed by the
 * field they belong to, whether the page found them or the API did.
 */

export type FieldKind = 'text' | 'money' | 'date' | 'int' | 'select' | 'textarea' | 'lines';

export interface FieldSpec {
  /** Where the value goes in the body: `amountFen`, `payee.name`. */
  name: string;
  label: string;
  kind: FieldKind;
  /** An empty optional field is left out of the body. */
  optional?: boolean;
  options?: readonly (readonly [string, string])[];
  hint?: string;
  initial?: string;
  /** For `lines`: one array item per non-empty line, or an error message for the line. */
  parseLine?: (line: string) => unknown;
  /** For `lines`: chosen files are added as "name sha256" lines, hashed in the browser. */
  digestFiles?: boolean;
}

/** Lines a `lines` field accepts at most (the API's largest array is 5,000 shares). */
export const FORM_LINES_MAX = 5_000;

const MONEY_MESSAGE = '请输入以元为单位的金额，如 1234.56（最多两位小数）';
const INT_MESSAGE = '请输入整数';

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    node[key] = (node[key] as Record<string, unknown> | undefined) ?? {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1] as string] = value;
}

export type Built = { body: Record<string, unknown>; errors: Record<string, string> };

function convert(field: FieldSpec, raw: string): { value?: unknown; error?: string } {
  const text = raw.trim();
  switch (field.kind) {
    case 'money': {
      const fen = parseYuanToFen(text);
      return fen === undefined ? { error: MONEY_MESSAGE } : { value: fen };
    }
    case 'int':
      return /^\d{1,9}$/.test(text) ? { value: Number(text) } : { error: INT_MESSAGE };
    case 'lines': {
      const lines = text.split('\n').map((line) => line.trim()).filter(Boolean);
      if (lines.length > FORM_LINES_MAX) return { error: `最多 ${FORM_LINES_MAX} 行` };
      const items = lines.map((line) => field.parseLine?.(line) ?? line);
      const bad = items.findIndex((item) => typeof item === 'string');
      if (bad >= 0) return { error: `第 ${bad + 1} 行：${String(items[bad])}` };
      return { value: items };
    }
    case 'text':
    case 'date':
    case 'select':
    case 'textarea':
      return { value: raw };
    default: {
      const unknownKind: never = field.kind;
      throw new Error(`no conversion for ${String(unknownKind)}`);
    }
  }
}

export function build(fields: FieldSpec[], values: Record<string, string>): Built {
  const body: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const field of fields) {
    const raw = values[field.name] ?? '';
    if (raw.trim() === '' && field.kind !== 'lines') {
      if (!field.optional) errors[field.name] = '必填';
      continue;
    }
    const { value, error } = convert(field, raw);
    if (error) errors[field.name] = error;
    else setPath(body, field.name, value);
  }
  return { body, errors };
}

/** The field a detail path belongs to: the longest field name that prefixes it. */
function fieldOf(fields: FieldSpec[], path: string | undefined): string | undefined {
  if (!path) return undefined;
  const owners = fields.filter((f) => path === f.name || path.startsWith(`${f.name}.`));
  return owners.sort((a, b) => b.name.length - a.name.length)[0]?.name;
}

export function schemaErrors(fields: FieldSpec[], issues: z.ZodIssue[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const path = issue.path.map(String).join('.');
    const owner = fieldOf(fields, path) ?? '';
    const where = path && path !== owner ? `${fieldName(path)}：` : '';
    const line = `${where}${issue.message}`;
    errors[owner] = errors[owner] ? `${errors[owner]}；${line}` : line;
  }
  return errors;
}

export function apiFieldErrors(fields: FieldSpec[], problem: Problem): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const detail of problem.details) {
    const owner = fieldOf(fields, detail.path);
    if (!owner) continue;
    errors[owner] = errors[owner] ? `${errors[owner]}；${detail.message}` : detail.message;
  }
  return errors;
}

/** A required choice starts on its first option; everything else starts empty. */
function initialOf(field: FieldSpec): string {
  if (field.initial !== undefined) return field.initial;
  return field.kind === 'select' && !field.optional ? (field.options?.[0]?.[0] ?? '') : '';
}

export const initialValues = (fields: FieldSpec[]) =>
  Object.fromEntries(fields.map((field) => [field.name, initialOf(field)]));
