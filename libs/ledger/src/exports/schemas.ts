import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The published JSON schemas the exports conform to (vendored with their licences under
 * `schemas/`, see its README), for whoever checks an export: the tests, or a publisher
 * before uploading.
 */

export interface ExportSchemas {
  /** OC4IDS project package; refers to `oc4idsProject` by its `id`. */
  oc4idsProjectPackage: Record<string, unknown>;
  oc4idsProject: Record<string, unknown>;
  fiscalDataPackage: Record<string, unknown>;
}

const read = (file: string) =>
  JSON.parse(readFileSync(join(__dirname, 'schemas', file), 'utf8')) as Record<string, unknown>;

export function exportSchemas(): ExportSchemas {
  return {
    oc4idsProjectPackage: read('oc4ids-project-package-schema.json'),
    oc4idsProject: read('oc4ids-project-schema.json'),
    fiscalDataPackage: read('fiscal-data-package.json'),
  };
}
