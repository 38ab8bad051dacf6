import { type DynamicModule, Module } from '@nestjs/common';
import { RUNTIME, type Runtime } from '@sunshine/platform';
import { FundsQueryController } from './funds/funds-query.controller';
import { FundsController } from './funds/funds.controller';
import { HelpersController } from './helpers/helpers.controller';
import { HouseholdCareController } from './helpers/household-care.controller';
import { HouseholdsController } from './households/households.controller';
import { RegionsController } from './regions/regions.controller';
import { registerFundsServiceRoutes } from './openapi';

/**
 * The funds service: funds and their money movements, the household registry and regions.
 * It writes to the event store only; read models are the ledger projector's.
 */
@Module({})
export class FundsServiceModule {
  static register(runtime: Runtime): DynamicModule {
    registerFundsServiceRoutes();
    return {
      module: FundsServiceModule,
      controllers: [RegionsController, FundsController, FundsQueryController, HouseholdsController,
        HelpersController, HouseholdCareController],
      providers: [{ provide: RUNTIME, useValue: runtime }],
    };
  }
}
