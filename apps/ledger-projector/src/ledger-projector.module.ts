import { type DynamicModule, Module } from '@nestjs/common';
import type { LedgerQueries } from '@sunshine/ledger';
import { installTamperAlarm } from '@sunshine/alerts';
import { RUNTIME, type Runtime, today } from '@sunshine/platform';
import { ExportsController } from './exports.controller';
import { LedgerController } from './ledger.controller';
import { LEDGER_QUERIES, ledgerSchema, startLedger } from './ledger-runtime';
import { ListsController, registerListRoutes } from './lists.controller';
import { registerLedgerRoutes } from './openapi';
import { PeopleController } from './people.controller';
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
    // A village history that meets a broken hash chain raises TAMPER_DETECTED (SPEC §12).
    installTamperAlarm(runtime.store, {
      today: () => today(runtime),
      onError: (message, error) => runtime.logger.warn({ err: error }, message),
    });
    registerListRoutes();
    return {
      module: LedgerProjectorModule,
      controllers: [
        LedgerController, ListsController, PublicController, PeopleController, ExportsController,
      ],
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
