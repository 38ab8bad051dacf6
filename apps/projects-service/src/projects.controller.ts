import { Body, Controller, Inject, Param, Post } from '@nestjs/common';
import {
  AdvanceProjectStageBody,
  CancelProjectBody,
  DistributeProjectIncomeBody,
  type ProjectCommand,
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
    const projectId = pathId(id);
    const command = { type: 'AdvanceProjectStage' as const, data: { ...data, projectId } };
    const authorize = this.inRegion(projectId, principal);
    return this.run(command, data.advancedOn, principal, meta, authorize);
  }

  @Post(':id/income')
  async recordIncome(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<WriteResult> {
    const data = parseBody(RecordProjectIncomeBody, body);
    const projectId = pathId(id);
    const command = { type: 'RecordProjectIncome' as const, data: { ...data, projectId } };
    const authorize = this.inRegion(projectId, principal);
    return this.run(command, data.earnedOn, principal, meta, authorize);
  }

  @Post(':id/income-distributions')
  async distributeIncome(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<WriteResult> {
    const data = parseBody(DistributeProjectIncomeBody, body);
    const projectId = pathId(id);
    const command = { type: 'DistributeProjectIncome' as const, data: { ...data, projectId } };
    const authorize = this.inRegion(projectId, principal);
    return this.run(command, data.distributedOn, principal, meta, authorize);
  }

  @Post(':id/suspend')
  async suspend(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<WriteResult> {
    const data = parseBody(SuspendProjectBody, body);
    const projectId = pathId(id);
    const command = { type: 'SuspendProject' as const, data: { ...data, projectId } };
    const authorize = this.inRegion(projectId, principal);
    return this.run(command, data.on, principal, meta, authorize);
  }

  @Post(':id/resume')
  async resume(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<WriteResult> {
    const data = parseBody(ResumeProjectBody, body);
    const projectId = pathId(id);
    const command = { type: 'ResumeProject' as const, data: { ...data, projectId } };
    const authorize = this.inRegion(projectId, principal);
    return this.run(command, data.on, principal, meta, authorize);
  }

  @Post(':id/cancel')
  async cancel(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Meta() meta: RequestMeta,
  ): Promise<WriteResult> {
    const data = parseBody(CancelProjectBody, body);
    const projectId = pathId(id);
    const command = { type: 'CancelProject' as const, data: { ...data, projectId } };
    const authorize = this.inRegion(projectId, principal);
    return this.run(command, data.on, principal, meta, authorize);
  }

  /** The project must exist (404) and its village lie in the caller's regions (403). */
  private inRegion(projectId: string, principal: Principal): () => Promise<void> {
    return () => loadProjectInRegion(this.runtime.store, projectId, principal);
  }

  private run(
    command: ProjectCommand,
    occurredOn: string,
    principal: Principal,
    meta: RequestMeta,
    authorize?: () => Promise<void>,
  ): Promise<WriteResult> {
    const request = { decider: projectDecider, command, occurredOn, principal, meta, authorize };
    return runCommand(this.runtime.store, request);
  }
}
