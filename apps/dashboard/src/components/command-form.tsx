import { type FormEvent, useId, useState } from 'react';
import type { z } from 'zod';
import { problemOf, request } from '../api';
import type { Problem } from '../errors';
import {
  apiFieldErrors,
  build,
  type FieldKind,
  type FieldSpec,
  initialValues,
  schemaErrors,
} from '../form-body';
import { writeResult, type WriteResult } from '../schemas';
import { ErrorNote } from './figures';

export type { FieldSpec } from '../form-body';

/**
 * One form per write route. The body is built from the fields, checked with the very
 * command schema the API parses it with (from `@sunshine/domain`), and only then sent; a
 * refusal of the API is shown in Chinese with its details beside the fields they name.
 */

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


const INPUT_MODES: Partial<Record<FieldKind, 'decimal' | 'numeric'>> = {
  money: 'decimal',
  int: 'numeric',
};


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
