import { Controller, Inject, Param, Post } from '@nestjs/common';
import {
  type ProjectCommand,
  projectDecider,
  type ProjectEvent,
  type ProjectState,
  RegisterProjectAssetBody,
} from '@sunshine/domain';
import {
  assertRegionAccess,
  Call,
  type CommandCall,
  CommandRoutes,
  Roles,
  RUNTIME,
  type Runtime,
  type WriteResult,
} from '@sunshine/platform';
import { projectInRegion } from './project-access';

/** Project assets (扶贫资产, SPEC §13): registered by the project owner once it is completed. */
@Controller('api/projects')
@Roles('project_manager')
export class ProjectAssetsController {
  private readonly commands: CommandRoutes<ProjectState, ProjectCommand, ProjectEvent>;

  constructor(@Inject(RUNTIME) runtime: Runtime) {
    this.commands = new CommandRoutes({
      store: runtime.store,
      decider: projectDecider,
      inRegion: projectInRegion,
    });
  }

  @Post(':id/assets')
  registerAsset(@Param('id') id: string, @Call() call: CommandCall): Promise<WriteResult> {
    return this.commands.update(call, id, {
      body: RegisterProjectAssetBody,
      occurredOn: (data) => data.acquiredOn,
      command: (data, projectId) => ({ type: 'RegisterProjectAsset', data: { ...data, projectId } }),
      // The owning village, like the project's own, lies inside the caller's regions.
      authorize: (_project, data, principal) => assertRegionAccess(principal, data.ownerVillageCode),
    });
  }
}
