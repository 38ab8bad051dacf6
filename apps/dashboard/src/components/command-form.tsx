import { type FormEvent, useId, useState } from 'react';
import type { z } from 'zod';
import { problemOf, request } from '../api';
import type { Problem } from '../errors';
import { parseYuanToFen } from '../format';
import { writeResult, type WriteResult } from '../schemas';
import { ErrorNote, fieldName } from './figures';

/**
 * One form per write route. The body is built from the fields, checked with the very
 * command schema the API parses it with (from `@sunshine/domain`), and only then sent; a
 * refusal of the API is shown in Chinese with its details beside the fields they name.
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

/** Files hashed at once for evidence; each is read whole into memory. */
export const EVIDENCE_FILES_MAX = 20;

async function sha256Hex(file: File): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

async function digestLines(files: FileList): Promise<string> {
  const chosen = Array.from(files).slice(0, EVIDENCE_FILES_MAX);
  const lines = await Promise.all(
    chosen.map(async (file) => `${file.name.replace(/\s+/g, '_')} ${await sha256Hex(file)}`),
  );
  return lines.join('\n');
}

/** Lines a `lines` field accepts at most (the API's largest array is 5,000 shares). */
export const FORM_LINES_MAX = 5_000;

const INPUT_MODES: Partial<Record<FieldKind, 'decimal' | 'numeric'>> = {
  money: 'decimal',
  int: 'numeric',
};

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

type Built = { body: Record<string, unknown>; errors: Record<string, string> };

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

function build(fields: FieldSpec[], values: Record<string, string>): Built {
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

function schemaErrors(fields: FieldSpec[], issues: z.ZodIssue[]): Record<string, string> {
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

function apiFieldErrors(fields: FieldSpec[], problem: Problem): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const detail of problem.details) {
    const owner = fieldOf(fields, detail.path);
    if (!owner) continue;
    errors[owner] = errors[owner] ? `${errors[owner]}；${detail.message}` : detail.message;
  }
  return errors;
}

function Field(props: {
  field: FieldSpec;
  value: string;
  error?: string;
  onChange: (value: string) => void;
}) {
  const id = useId();
  const { field, value, error } = props;
  const common = {
    id,
    name: field.name,
    value,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': error || field.hint ? `${id}-note` : undefined,
    onChange: (event: { target: { value: string } }) => props.onChange(event.target.value),
  };
  const unit = field.kind === 'money' ? '（元）' : '';
  return (
    <div className={`field ${field.kind === 'lines' || field.kind === 'textarea' ? 'wide' : ''}`}>
      <label htmlFor={id}>{field.label}{unit}{field.optional ? '（选填）' : ''}</label>
      {field.kind === 'select' ? (
        <select {...common}>
          {field.optional && <option value="">—</option>}
          {(field.options ?? []).map(([code, name]) => (
            <option key={code} value={code}>{name}</option>
          ))}
        </select>
      ) : field.kind === 'lines' || field.kind === 'textarea' ? (
        <>
          {field.digestFiles && (
            <input type="file" multiple aria-label={`选择文件：${field.label}`}
              onChange={(event) => {
                const files = event.target.files;
                if (files) {
                  void digestLines(files).then((lines) =>
                    props.onChange([value.trim(), lines].filter(Boolean).join('\n')));
                }
              }} />
          )}
          <textarea rows={3} {...common} />
        </>
      ) : (
        <input
          type={field.kind === 'date' ? 'date' : 'text'}
          inputMode={INPUT_MODES[field.kind]}
          {...common}
        />
      )}
      {(error || field.hint) && (
        <small id={`${id}-note`} className={error ? 'field-error' : 'muted'}>
          {error ?? field.hint}
        </small>
      )}
    </div>
  );
}

/** A required choice starts on its first option; everything else starts empty. */
function initialOf(field: FieldSpec): string {
  if (field.initial !== undefined) return field.initial;
  return field.kind === 'select' && !field.optional ? (field.options?.[0]?.[0] ?? '') : '';
}

const initialValues = (fields: FieldSpec[]) =>
  Object.fromEntries(fields.map((field) => [field.name, initialOf(field)]));

export function CommandForm(props: {
  title: string;
  /** The write route, e.g. `/api/funds/f-1/allocations`. */
  path: string;
  method?: 'POST' | 'PUT';
  fields: FieldSpec[];
  schema: z.ZodType;
  submitLabel: string;
  testId: string;
  onDone: (result: WriteResult, body: Record<string, unknown>) => void | Promise<void>;
}) {
  const [values, setValues] = useState<Record<string, string>>(() => initialValues(props.fields));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<Problem>();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string>();
  // A retry of the same body after a lost answer reuses its key, so it cannot act twice.
  const [attempt, setAttempt] = useState<{ json: string; key: string }>();
  const submit = async () => {
    setDone(undefined);
    setProblem(undefined);
    const built = build(props.fields, values);
    const parsed = props.schema.safeParse(built.body);
    const checked = parsed.success ? {} : schemaErrors(props.fields, parsed.error.issues);
    const found = { ...checked, ...built.errors };
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const json = JSON.stringify(built.body);
    const key = attempt?.json === json ? attempt.key : crypto.randomUUID();
    setAttempt({ json, key });
    setBusy(true);
    try {
      const result = await request(props.path, writeResult, {
        method: props.method ?? 'POST', body: built.body, idempotencyKey: key,
      });
      await props.onDone(result, built.body);
      setAttempt(undefined);
      setDone(result.id);
      setValues(initialValues(props.fields));
    } catch (error) {
      const next = problemOf(error);
      setProblem(next);
      setErrors(apiFieldErrors(props.fields, next));
    } finally {
      setBusy(false);
    }
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit();
  };
  return (
    <form className="panel command-form" data-testid={props.testId} onSubmit={onSubmit} noValidate>
      <h3>{props.title}</h3>
      <div className="fields">
        {props.fields.map((field) => (
          <Field key={field.name} field={field} value={values[field.name] ?? ''}
            error={errors[field.name]}
            onChange={(value) => setValues((v) => ({ ...v, [field.name]: value }))} />
        ))}
      </div>
      {errors[''] && <p className="field-error">{errors['']}</p>}
      <div className="form-actions">
        <button type="submit" disabled={busy}>{busy ? '提交中…' : props.submitLabel}</button>
        {done && <span className="ok" role="status" data-testid="form-done">已保存，编号 {done}</span>}
      </div>
      {problem && <ErrorNote error={problem} onRetry={() => void submit()} />}
    </form>
  );
}
