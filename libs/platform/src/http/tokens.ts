/** The pino logger of the runtime, provided to the global filter and interceptors. */
export const RUNTIME_LOGGER = 'SUNSHINE_RUNTIME_LOGGER';
