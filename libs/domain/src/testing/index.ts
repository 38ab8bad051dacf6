/**
 * Decider specs (given/when/then over Jest's expect) and event fixtures, for specs only
 * (`@sunshine/domain/testing`): the domain's main entry point reaches no Jest global.
 */
export * from './decider-spec';
export * from './fixtures';
