import { ExitPovertyBody, RecordHouseholdIncomeBody } from '@sunshine/domain';
import { readFreshlyWritten, request } from '../api';
import type { Session } from '../auth';
import { CommandForm } from '../components/command-form';
import { ErrorNote, Loading, Money } from '../components/figures';
import { Breadcrumbs } from '../components/layout';
import { Scroll, usePages } from '../components/paging';
import { exitFields, incomeFields } from '../forms';
import { HOUSEHOLD_STATUS_NAMES, nameOf } from '../labels';
import { hrefOf } from '../routes';
import { type HouseholdTimeline, householdTimeline } from '../schemas';
import { useResource } from '../use-resource';
import { HistoryTable } from './history-table';

/** A household registered a moment ago reaches the ledger shortly after: ask a few times. */
const NOT_YET_PROJECTED_POLLS_MAX = 8;
const POLL_MS = 250;

function RegistrarForms(props: { data: HouseholdTimeline; onDone: () => Promise<void> }) {
  const { data, onDone } = props;
  const base = `/api/households/${encodeURIComponent(data.householdId)}`;
  return (
    <div className="forms">
      <CommandForm title="登记收入" path={`${base}/incomes`} fields={incomeFields()}
        schema={RecordHouseholdIncomeBody} submitLabel="登记" testId="form-income"
        onDone={onDone} />
      {data.status === 'in_poverty' && (
        <CommandForm title="脱贫" path={`${base}/exit`} fields={exitFields()}
          schema={ExitPovertyBody} submitLabel="确认脱贫" testId="form-exit" onDone={onDone} />
      )}
    </div>
  );
}

/** One household's registration, status changes, payments and income shares. */
export function HouseholdView({ id, session }: { id: string; session: Session }) {
  const path = `/api/ledger/households/${encodeURIComponent(id)}/timeline`;
  const timeline = useResource(path, () => readFreshlyWritten(
    () => request(path, householdTimeline), NOT_YET_PROJECTED_POLLS_MAX, POLL_MS));
  const data = timeline.data;
  const entries = usePages(data?.entries ?? []);
  const paidFen = data?.entries.reduce((sum, entry) =>
    entry.type === 'HouseholdPaid' && entry.amountFen !== null ? sum + entry.amountFen : sum, 0);
  const awaitChange = async () => {
    const before = data?.entries.length ?? 0;
    for (let poll = 0; poll < 20; poll += 1) {
      const next = await request(path, householdTimeline);
      if (next.entries.length !== before || next.status !== data?.status) break;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    timeline.reload();
  };
  return (
    <section>
      {data && <Breadcrumbs code={data.villageCode} tail={`农户 ${id}`}
        link={(code) => hrefOf({ name: 'region', code })} />}
      <h1>户档案 <small>{id}</small></h1>
      {timeline.error && <ErrorNote error={timeline.error} onRetry={timeline.reload} />}
      {timeline.loading && <Loading />}
      {data && (
        <>
          <dl className="facts">
            <dt>户主</dt><dd data-testid="household-name">{data.maskedName}</dd>
            <dt>人口</dt><dd>{data.members}</dd>
            <dt>所在村</dt>
            <dd>
              <a href={hrefOf({ name: 'audit', code: data.villageCode })}>{data.villageCode}</a>
            </dd>
            <dt>建档日期</dt><dd>{data.registeredOn}</dd>
            <dt>状态</dt>
            <dd data-testid="household-status">
              {nameOf(HOUSEHOLD_STATUS_NAMES, data.status)}（{data.statusOn}）
            </dd>
            <dt>累计到户资金</dt><dd><Money fen={paidFen ?? 0} /></dd>
          </dl>
          {(session.role === 'registrar' || session.role === 'admin') && (
            <RegistrarForms data={data} onDone={awaitChange} />
          )}
          <h2>时间线</h2>
          <Scroll label="时间线"><HistoryTable entries={entries.rows} /></Scroll>
          {entries.pager}
          {data.incomeShares.length > 0 && (
            <>
              <h2>项目收益分配</h2>
              <Scroll label="项目收益分配">
                <table className="grid">
                  <thead><tr><th>日期</th><th>项目</th><th className="num">金额</th></tr></thead>
                  <tbody>
                    {data.incomeShares.map((share) => (
                      <tr key={share.eventId}>
                        <td>{share.distributedOn}</td>
                        <td>
                          <a href={hrefOf({ name: 'project', id: share.projectId })}>
                            {share.projectId}
                          </a>
                        </td>
                        <td className="num"><Money fen={share.amountFen} /></td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </Scroll>
            </>
          )}
        </>
      )}
    </section>
  );
}
