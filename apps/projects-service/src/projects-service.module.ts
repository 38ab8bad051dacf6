import { type DynamicModule, Module } from '@nestjs/common';
import { installTamperAlarm } from '@sunshine/alerts';
import { RUNTIME, type Runtime, today } from '@sunshine/platform';
import { registerProjectsServiceRoutes } from './openapi';
import { ProjectAssetsController } from './project-assets.controller';
import { ProjectsController } from './projects.controller';

/** The projects service: the project lifecycle, written to the event store. */
@Module({})
export class ProjectsServiceModule {
  static register(runtime: Runtime): DynamicModule {
    registerProjectsServiceRoutes();
    // A fold that meets a broken hash chain raises TAMPER_DETECTED (SPEC §12).
    installTamperAlarm(runtime.store, {
      today: () => today(runtime),
      onError: (message, error) => runtime.logger.warn({ err: error }, message),
    });
    return {
      module: ProjectsServiceModule,
      controllers: [ProjectsController, ProjectAssetsController],
      providers: [{ provide: RUNTIME, useValue: runtime }],
    };
  }
}
