import { Controller, Inject, Param, Post } from '@nestjs/common';
import {
  DeregisterHouseholdBody,
  ExitPovertyBody,
  type HouseholdCommand,
  householdDecider,
  type HouseholdEvent,
  type HouseholdState,
  RecordCrossCheckHitBody,
  RecordHouseholdIncomeBody,
  RegisterHouseholdBody,
  ReturnToPovertyBody,
} from '@sunshine/domain';
import {
  Call,
  type CommandCall,
  CommandRoutes,
  newId,
  Roles,
  RUNTIME,
  type Runtime,
  type WriteResult,
} from '@sunshine/platform';
import { incomeRecordedOn, householdInRegion } from './household-access';

/** The household registry (SPEC §7): the poverty office's write routes. */
@Controller('api/households')
@Roles('registrar')
export class HouseholdsController {
  private readonly commands: CommandRoutes<HouseholdState, HouseholdCommand, HouseholdEvent>;

  constructor(@Inject(RUNTIME) runtime: Runtime) {
    // The household must exist (404) and its village lie in the caller's regions (403).
    this.commands = new CommandRoutes({
      store: runtime.store,
      decider: householdDecider,
      inRegion: householdInRegion,
    });
  }

  @Post()
  register(@Call() call: CommandCall): Promise<WriteResult> {
    return this.commands.create(call, {
      body: RegisterHouseholdBody,
      region: (data) => data.villageCode,
      occurredOn: (data) => data.registeredOn,
      command: (data) => ({
        type: 'RegisterHousehold',
        data: { ...data, householdId: data.householdId ?? newId() },
      }),
    });
  }

  @Post(':id/incomes')
  recordIncome(@Param('id') id: string, @Call() call: CommandCall): Promise<WriteResult> {
    return this.commands.update(call, id, {
      body: RecordHouseholdIncomeBody,
      occurredOn: incomeRecordedOn,
      command: (data, householdId) => ({
        type: 'RecordHouseholdIncome',
        data: { ...data, householdId },
      }),
    });
  }

  @Post(':id/exit')
  exit(@Param('id') id: string, @Call() call: CommandCall): Promise<WriteResult> {
    return this.commands.update(call, id, {
      body: ExitPovertyBody,
      occurredOn: (data) => data.exitedOn,
      command: (data, householdId) => ({ type: 'ExitPoverty', data: { ...data, householdId } }),
    });
  }

  @Post(':id/return-to-poverty')
  returnToPoverty(@Param('id') id: string, @Call() call: CommandCall): Promise<WriteResult> {
    return this.commands.update(call, id, {
      body: ReturnToPovertyBody,
      occurredOn: (data) => data.returnedOn,
      command: (data, householdId) => ({ type: 'ReturnToPoverty', data: { ...data, householdId } }),
    });
  }

  @Post(':id/deregister')
  deregister(@Param('id') id: string, @Call() call: CommandCall): Promise<WriteResult> {
    return this.commands.update(call, id, {
      body: DeregisterHouseholdBody,
      occurredOn: (data) => data.deregisteredOn,
      command: (data, householdId) => ({
        type: 'DeregisterHousehold',
        data: { ...data, householdId },
      }),
    });
  }

  @Post(':id/cross-check-hits')
  recordCrossCheckHit(@Param('id') id: string, @Call() call: CommandCall): Promise<WriteResult> {
    return this.commands.update(call, id, {
      body: RecordCrossCheckHitBody,
      occurredOn: (data) => data.recordedOn,
      command: (data, householdId) => ({
        type: 'RecordCrossCheckHit',
        data: { ...data, householdId },
      }),
    });
  }
}
