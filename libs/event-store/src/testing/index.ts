/**
 * The event-store contract suite and its fixtures, for specs only
 * (`@sunshine/event-store/testing`): the suite calls Jest's describe and it, so production
 * code never imports this entry point.
 */
export * from './event-store-contract';
export * from './fixtures';
