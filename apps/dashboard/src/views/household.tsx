import { request } from '../api';
import { ErrorNote, Loading, Money } from '../components/figures';
import { HOUSEHOLD_STATUS_NAMES, nameOf } from '../labels';
import { hrefOf } from '../routes';
import { householdTimeline } from '../schemas';
import { useResource } from '../use-resource';
import { HistoryTable } from './history-table';

/** One household's registration, status changes, payments and income shares. */
export function HouseholdView({ id }: { id: string }) {
  const path = `/api/ledger/households/${encodeURIComponent(id)}/timeline`;
  const timeline = useResource(path, () => request(path, householdTimeline));
  const data = timeline.data;
  const paidFen = data?.entries.reduce((sum, entry) =>
    entry.type === 'HouseholdPaid' && entry.amountFen !== null ? sum + entry.amountFen : sum, 0);
  return (
    <section>
      <h1>户档案 <small>{id}</small></h1>
      {timeline.error && <ErrorNote error={timeline.error} />}
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
            <dd>{nameOf(HOUSEHOLD_STATUS_NAMES, data.status)}（{data.statusOn}）</dd>
            <dt>累计到户资金</dt><dd><Money fen={paidFen ?? 0} /></dd>
          </dl>
          <h2>时间线</h2>
          <HistoryTable entries={data.entries} />
          {data.incomeShares.length > 0 && (
            <>
              <h2>项目收益分配</h2>
              <table className="grid">
                <thead><tr><th>日期</th><th>项目</th><th className="num">金额</th></tr></thead>
                <tbody>
                  {data.incomeShares.map((share) => (
                    <tr key={share.eventId}>
                      <td>{share.distributedOn}</td>
                      <td>{share.projectId}</td>
                      <td className="num"><Money fen={share.amountFen} /></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </>
      )}
    </section>
  );
}
