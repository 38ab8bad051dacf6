export { FundsServiceModule } from './funds-service.module';
export {
  COMMAND_RETRY_COUNT_MAX,
  loadAggregate,
  newId,
  runCommand,
  type CommandRequest,
  type LoadedAggregate,
  type WriteResult,
} from './http/command-runner';
export { Meta, requestMetaFromHeaders, type RequestMeta } from './http/request-meta';
export { assertInsideRegion, pathId, pathRegionCode } from './http/guards';
