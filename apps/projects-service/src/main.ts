import { runService } from '@sunshine/platform';
import { ProjectsServiceModule } from './index';

/**
 * `npm run start:projects-service`: the project lifecycle service alone (SPEC §10). It only
 * writes to the event store; the funds service's relay carries its events to Kafka.
 */

runService({
  serviceName: 'projects-service',
  modules: (runtime) => [ProjectsServiceModule.register(runtime)],
});
