import { type DynamicModule, Module } from '@nestjs/common';
import { installTamperAlarm } from '@sunshine/alerts';
import { registerUploadRoute, RUNTIME, type Runtime, today } from '@sunshine/platform';
import { FundsQueryController } from './funds/funds-query.controller';
import { FundsController } from './funds/funds.controller';
import { HelpersController } from './helpers/helpers.controller';
import { HouseholdCareController } from './helpers/household-care.controller';
import { HouseholdsController } from './households/households.controller';
import { RegionsController } from './regions/regions.controller';
import { ApprovalsController } from './money/approvals.controller';
import { PaymentBatchesController } from './money/payment-batches.controller';
import { registerFundsServiceRoutes } from './openapi';

/**
 * The funds service: funds and their money movements, the household registry and regions.
 * It writes to the event store only; read models are the ledger projector's.
 */
@Module({})
export class FundsServiceModule {
  static register(runtime: Runtime): DynamicModule {
    registerFundsServiceRoutes();
    registerUploadRoute(/^\/api\/funds\/[^/]+\/payment-batches$/);
    registerUploadRoute(/^\/api\/funds\/[^/]+\/payment-batches\/[^/]+\/bank-results$/);
    // A fold that meets a broken hash chain raises TAMPER_DETECTED (SPEC §12).
    installTamperAlarm(runtime.store, {
      today: () => today(runtime),
      onError: (message, error) => runtime.logger.warn({ err: error }, message),
    });
    return {
      module: FundsServiceModule,
      controllers: [
        RegionsController,
        FundsController,
        FundsQueryController,
        HouseholdsController,
        PaymentBatchesController,
        ApprovalsController,
        HelpersController,
        HouseholdCareController,
      ],
      providers: [{ provide: RUNTIME, useValue: runtime }],
    };
  }
}
