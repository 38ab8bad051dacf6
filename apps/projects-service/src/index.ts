export { ProjectsServiceModule } from './projects-service.module';
