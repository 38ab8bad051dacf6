import Ajv from 'ajv';
import draft04 from 'ajv/lib/refs/json-schema-draft-04.json';

/**
 * A validator for JSON Schema draft-04 documents (OC4IDS, Frictionless profiles), which
 * name themselves with `id` rather than `$id`. Returns the errors, none when valid.
 */
export function draft04Validator(
  schema: Record<string, unknown>,
  referenced: Record<string, unknown>[] = [],
): (data: unknown) => string[] {
  const ajv = new Ajv({ schemaId: 'id', format: 'full', allErrors: true, logger: false });
  ajv.addMetaSchema(draft04);
  // A hint for form editors in the Frictionless profiles, not a constraint.
  ajv.addFormat('textarea', () => true);
  for (const other of referenced) ajv.addSchema(other);
  const validate = ajv.compile(schema);
  return (data) => {
    if (validate(data)) return [];
    return (validate.errors ?? []).map((e) => `${e.dataPath || '/'} ${e.message ?? e.keyword}`);
  };
}
