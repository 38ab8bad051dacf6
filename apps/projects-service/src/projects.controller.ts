import { Controller, Inject, Param, Post } from '@nestjs/common';
import {
  AdvanceProjectStageBody,
  CancelProjectBody,
  DistributeProjectIncomeBody,
  type ProjectCommand,
  projectDecider,
  type ProjectEvent,
  type ProjectState,
  RecordProjectIncomeBody,
  RegisterProjectBody,
  ResumeProjectBody,
  SuspendProjectBody,
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
import { projectInRegion } from './project-access';

/** The project lifecycle (SPEC §4, §7): project owners' write routes. */
@Controller('api/projects')
@Roles('project_manager')
export class ProjectsController {
  private readonly commands: CommandRoutes<ProjectState, ProjectCommand, ProjectEvent>;

  constructor(@Inject(RUNTIME) runtime: Runtime) {
    // The project must exist (404) and its village lie in the caller's regions (403).
    this.commands = new CommandRoutes({
      store: runtime.store,
      decider: projectDecider,
      inRegion: projectInRegion,
    });
  }

  @Post()
  register(@Call() call: CommandCall): Promise<WriteResult> {
    return this.commands.create(call, {
      body: RegisterProjectBody,
      region: (data) => data.villageCode,
      occurredOn: (data) => data.registeredOn,
      command: (data) => ({
        type: 'RegisterProject',
        data: { ...data, projectId: data.projectId ?? newId() },
      }),
    });
  }

  @Post(':id/stages')
  advanceStage(@Param('id') id: string, @Call() call: CommandCall): Promise<WriteResult> {
    return this.commands.update(call, id, {
      body: AdvanceProjectStageBody,
      occurredOn: (data) => data.advancedOn,
      command: (data, projectId) => ({ type: 'AdvanceProjectStage', data: { ...data, projectId } }),
    });
  }

  @Post(':id/income')
  recordIncome(@Param('id') id: string, @Call() call: CommandCall): Promise<WriteResult> {
    return this.commands.update(call, id, {
      body: RecordProjectIncomeBody,
      occurredOn: (data) => data.earnedOn,
      command: (data, projectId) => ({ type: 'RecordProjectIncome', data: { ...data, projectId } }),
    });
  }

  @Post(':id/income-distributions')
  distributeIncome(@Param('id') id: string, @Call() call: CommandCall): Promise<WriteResult> {
    return this.commands.update(call, id, {
      body: DistributeProjectIncomeBody,
      occurredOn: (data) => data.distributedOn,
      command: (data, projectId) => ({
        type: 'DistributeProjectIncome',
        data: { ...data, projectId },
      }),
    });
  }

  @Post(':id/suspend')
  suspend(@Param('id') id: string, @Call() call: CommandCall): Promise<WriteResult> {
    return this.commands.update(call, id, {
      body: SuspendProjectBody,
      occurredOn: (data) => data.on,
      command: (data, projectId) => ({ type: 'SuspendProject', data: { ...data, projectId } }),
    });
  }

  @Post(':id/resume')
  resume(@Param('id') id: string, @Call() call: CommandCall): Promise<WriteResult> {
    return this.commands.update(call, id, {
      body: ResumeProjectBody,
      occurredOn: (data) => data.on,
      command: (data, projectId) => ({ type: 'ResumeProject', data: { ...data, projectId } }),
    });
  }

  @Post(':id/cancel')
  cancel(@Param('id') id: string, @Call() call: CommandCall): Promise<WriteResult> {
    return this.commands.update(call, id, {
      body: CancelProjectBody,
      occurredOn: (data) => data.on,
      command: (data, projectId) => ({ type: 'CancelProject', data: { ...data, projectId } }),
    });
  }
}
