export { LedgerProjectorModule } from './ledger-projector.module';
export { LEDGER_QUERIES, ledgerSchema, startLedger, type LedgerParts } from './ledger-runtime';
export { PROJECTION_POSITION_HEADER } from './position';
