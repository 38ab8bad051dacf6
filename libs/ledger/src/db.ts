import { DataSource } from 'typeorm';
import { ensureReadModelSchema } from './schema';

/** Connections the ledger keeps; the embedded store runs one transaction at a time anyway. */
export const LEDGER_POOL_MAX = 4;

/**
 * A TypeORM data source over the read-model database, with `schema` created when given and
 * missing.
 * No entity metadata is registered: every statement names its schema explicitly, so one
 * data source serves the live schema and a rebuild's fresh one alike.
 */
export async function openLedgerDataSource(
  url: string,
  schema?: string,
): Promise<DataSource> {
  const dataSource = new DataSource({
    type: 'postgres',
    url,
    synchronize: false,
    logging: false,
    extra: { max: LEDGER_POOL_MAX },
  });
  await dataSource.initialize();
  if (schema === undefined) return dataSource;
  try {
    await ensureReadModelSchema(dataSource, schema);
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}
