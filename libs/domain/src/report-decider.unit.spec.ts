import { reportDecider, type ReportEvent } from './report-decider';
import type { ReportCommand } from './report';
import { deciderSpec } from './testing/decider-spec';

const given = (events: ReportEvent[]) => deciderSpec(reportDecider, events);

const report = {
  regionCode: '320826100201',
  subject: { type: 'household' as const, id: 'hh-1' },
  text: '村干部代领了补贴',
  contact: '13800000000',
  receivedOn: '2024-05-01',
};
const receive: ReportCommand = {
  type: 'ReceivePublicReport',
  data: { reportId: 'r-1', ...report },
};

describe('a report not yet received', () => {
  it('is received with everything but its id', () =>
    given([]).when(receive).then([{ type: 'PublicReportReceived', data: report }]));
});

describe('a received report', () => {
  it('is not received twice', () =>
    given([{ type: 'PublicReportReceived', data: report }])
      .when(receive)
      .thenThrows('ALREADY_EXISTS'));
});
