export { FundsServiceModule } from './funds-service.module';
