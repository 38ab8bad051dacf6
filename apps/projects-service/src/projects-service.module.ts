import { type DynamicModule, Module } from '@nestjs/common';
import { RUNTIME, type Runtime } from '@sunshine/platform';
import { registerProjectsServiceRoutes } from './openapi';
import { ProjectAssetsController } from './project-assets.controller';
import { ProjectsController } from './projects.controller';

/** The projects service: the project lifecycle, written to the event store. */
@Module({})
export class ProjectsServiceModule {
  static register(runtime: Runtime): DynamicModule {
    registerProjectsServiceRoutes();
    return {
      module: ProjectsServiceModule,
      controllers: [ProjectsController, ProjectAssetsController],
      providers: [{ provide: RUNTIME, useValue: runtime }],
    };
  }
}
