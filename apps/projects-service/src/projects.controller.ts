import { Body, Controller, Inject, Param, Post } from '@nestjs/common';
import {
  AdvanceProjectStageBody,
  CancelProjectBody,
  DistributeProjectIncomeBody,
  projectDecider,
  RecordProjectIncomeBody,
  RegisterProjectBody,
  ResumeProjectBody,
  SuspendProjectBody,
} from '@sunshine/domain';
import {
  Meta,
  newId,
  pathId,
  type RequestMeta,
  runCommand,
  type WriteResult,
} from '@sunshine/funds-service';
import {
  assertRegionAccess,
  CurrentPrincipal,
  parseBody,
  type Principal,
  Roles,
  RUNTIME,
  type Runtime,
} from '@sunshine/platform';
import { loadProjectInRegion } from './project-access';

type ProjectCommand = Parameters<typeof projectDecider.decide>[0];

/** The project lifecycle (SPEC §4, §7): project owners' write routes. */
@Controller('api/projects')
@Roles('project_manager')
export class ProjectsController {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  @Post()
  async register(
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<WriteResult> {
    const data = parseBody(RegisterProjectBody, body);
    assertRegionAccess(principal, data.villageCode);
    const command = {
      type: 'RegisterProject' as const,
      data: { ...data, projectId: data.projectId ?? newId() },
    };
    return this.run(command, data.registeredOn, principal, meta);
  }

  @Post(':id/stages')
  async advanceStage(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<WriteResult> {
    const data = parseBody(AdvanceProjectStageBody, body);
    await loadProjectInRegion(this.runtime.store, pathId(id), principal);
    const command = { type: 'AdvanceProjectStage' as const, data: { ...data, projectId: id } };
    return this.run(command, data.advancedOn, principal, meta);
  }

  @Post(':id/income')
  async recordIncome(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<WriteResult> {
    const data = parseBody(RecordProjectIncomeBody, body);
    await loadProjectInRegion(this.runtime.store, pathId(id), principal);
    const command = { type: 'RecordProjectIncome' as const, data: { ...data, projectId: id } };
    return this.run(command, data.earnedOn, principal, meta);
  }

  @Post(':id/income-distributions')
  async distributeIncome(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<WriteResult> {
    const data = parseBody(DistributeProjectIncomeBody, body);
    await loadProjectInRegion(this.runtime.store, pathId(id), principal);
    const command = { type: 'DistributeProjectIncome' as const, data: { ...data, projectId: id } };
    return this.run(command, data.distributedOn, principal, meta);
  }

  @Post(':id/suspend')
  async suspend(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<WriteResult> {
    const data = parseBody(SuspendProjectBody, body);
    await loadProjectInRegion(this.runtime.store, pathId(id), principal);
    const command = { type: 'SuspendProject' as const, data: { ...data, projectId: id } };
    return this.run(command, data.on, principal, meta);
  }

  @Post(':id/resume')
  async resume(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<WriteResult> {
    const data = parseBody(ResumeProjectBody, body);
    await loadProjectInRegion(this.runtime.store, pathId(id), principal);
    const command = { type: 'ResumeProject' as const, data: { ...data, projectId: id } };
    return this.run(command, data.on, principal, meta);
  }

  @Post(':id/cancel')
  async cancel(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<WriteResult> {
    const data = parseBody(CancelProjectBody, body);
    await loadProjectInRegion(this.runtime.store, pathId(id), principal);
    const command = { type: 'CancelProject' as const, data: { ...data, projectId: id } };
    return this.run(command, data.on, principal, meta);
  }

  private run(
    command: ProjectCommand,
    occurredOn: string,
    principal: Principal,
    meta: RequestMeta,
  ): Promise<WriteResult> {
    const request = { decider: projectDecider, command, occurredOn, principal, meta };
    return runCommand(this.runtime.store, request);
  }
}
