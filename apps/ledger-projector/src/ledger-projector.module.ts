import { type DynamicModule, Module } from '@nestjs/common';
import type { LedgerQueries } from '@sunshine/ledger';
import { RUNTIME, type Runtime } from '@sunshine/platform';
import { LedgerController } from './ledger.controller';
import { LEDGER_QUERIES, ledgerSchema, startLedger } from './ledger-runtime';
import { ListsController, registerListRoutes } from './lists.controller';
import { registerLedgerRoutes } from './openapi';
import { PublicController } from './public.controller';
import { createRegionSummaries, REGION_SUMMARIES } from './region-summaries';

/**
 * The ledger projector: projects events into the read models and serves the ledger and
 * public reads from them. The projection starts when the module is created.
 */
@Module({})
export class LedgerProjectorModule {
  static register(runtime: Runtime): DynamicModule {
    registerLedgerRoutes();
    registerListRoutes();
    return {
      module: LedgerProjectorModule,
      controllers: [LedgerController, ListsController, PublicController],
      providers: [
        { provide: RUNTIME, useValue: runtime },
        {
          provide: LEDGER_QUERIES,
          useFactory: async () => (await startLedger(runtime)).queries,
        },
        {
          provide: REGION_SUMMARIES,
          useFactory: (queries: LedgerQueries) =>
            createRegionSummaries(runtime, queries, ledgerSchema(runtime)),
          inject: [LEDGER_QUERIES],
        },
      ],
      exports: [LEDGER_QUERIES],
    };
  }
}
