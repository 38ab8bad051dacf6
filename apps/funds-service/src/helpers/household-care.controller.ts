import { Controller, Inject, Param, Post } from '@nestjs/common';
import {
  AssignHouseholdHelperBody,
  type HouseholdCommand,
  householdDecider,
  type HouseholdEvent,
  type HouseholdState,
  helperDecider,
  helperStreamId,
  RecordHouseholdVisitBody,
} from '@sunshine/domain';
import {
  Call,
  type CommandCall,
  CommandRoutes,
  loadAggregate,
  parseBody,
  Roles,
  RUNTIME,
  type Runtime,
  type WriteResult,
} from '@sunshine/platform';
import { householdInRegion } from '../households/household-access';

/** A household's helper and the helper's visits (SPEC §13): the poverty office records them. */
@Controller('api/households')
@Roles('registrar')
export class HouseholdCareController {
  private readonly commands: CommandRoutes<HouseholdState, HouseholdCommand, HouseholdEvent>;

  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {
    this.commands = new CommandRoutes({
      store: runtime.store,
      decider: householdDecider,
      inRegion: householdInRegion,
    });
  }

  @Post(':id/helper')
  async assignHelper(@Param('id') id: string, @Call() call: CommandCall): Promise<WriteResult> {
    const { helperId } = parseBody(AssignHouseholdHelperBody, call.body);
    // The helper's registration is another stream: it is read first and decided on with the
    // household, which refuses an unknown helper or one who does not cover its village.
    const helper = await loadAggregate(this.runtime.store, helperDecider, helperStreamId(helperId));
    const helperVillageCodes =
      helper.state.status === 'registered' ? helper.state.helper.villageCodes : undefined;
    return this.commands.update(call, id, {
      body: AssignHouseholdHelperBody,
      occurredOn: (data) => data.since,
      command: (data, householdId) => ({
        type: 'AssignHouseholdHelper',
        data: { ...data, householdId, ...(helperVillageCodes ? { helperVillageCodes } : {}) },
      }),
    });
  }

  @Post(':id/visits')
  recordVisit(@Param('id') id: string, @Call() call: CommandCall): Promise<WriteResult> {
    return this.commands.update(call, id, {
      body: RecordHouseholdVisitBody,
      occurredOn: (data) => data.visitedOn,
      command: (data, householdId) => ({
        type: 'RecordHouseholdVisit',
        data: { ...data, householdId },
      }),
    });
  }
}
