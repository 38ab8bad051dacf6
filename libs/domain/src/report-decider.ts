import type { Decider } from './decider';
import type { EventData, EventOf } from './events';
import type { ReportCommand } from './report';
import { assertNever } from './commands';
import { alreadyExists } from './errors';
import { omitKey } from './omit';

export type ReportEvent = EventOf<'PublicReportReceived'>;

export type ReportState =
  | { status: 'none' }
  | { status: 'received'; report: EventData<'PublicReportReceived'> };

function decideReport(command: ReportCommand, state: ReportState): ReportEvent[] {
  switch (command.type) {
    case 'ReceivePublicReport':
      if (state.status !== 'none') throw alreadyExists('report', command.data.reportId);
      return [{ type: 'PublicReportReceived', data: omitKey(command.data, 'reportId') }];
    default:
      return assertNever(command.type);
  }
}

export const reportDecider: Decider<ReportState, ReportCommand, ReportEvent> = {
  initialState: () => ({ status: 'none' }),
  evolve: (_state, event) => ({ status: 'received', report: event.data }),
  decide: decideReport,
};
