import { query, request } from '../api';
import { mayActOnAlerts, type Session } from '../auth';
import { ErrorNote, Loading, Money, Rate } from '../components/figures';
import { Scroll } from '../components/paging';
import { hrefOf } from '../routes';
import { alertList, regionSummary } from '../schemas';
import { useResource } from '../use-resource';
import { ALERT_PAGE_SIZE, AlertTable } from './alerts';

/**
 * Idle (趴窝) money in a region: the idle share of each child region as of today, and the
 * allocations the last scan found idle, with their remainders.
 */
export function IdleView({ code, session }: { code: string; session: Session }) {
  const summaryPath = `/api/ledger/regions/${code}/summary`;
  const summary = useResource(summaryPath, () => request(summaryPath, regionSummary));
  const alertsPath = `/api/alerts${query({
    region: code,
    rule: 'IDLE_ALLOCATION',
    limit: String(ALERT_PAGE_SIZE),
  })}`;
  const alerts = useResource(alertsPath, () => request(alertsPath, alertList));
  const data = summary.data;
  return (
    <section>
      <h1>闲置资金 <small>{data?.name ?? code}</small></h1>
      {summary.error && <ErrorNote error={summary.error} onRetry={summary.reload} />}
      {summary.loading && <Loading />}
      {data && (
        <>
          <p>
            截至 {data.asOf}，闲置超过 {data.idleDays ?? 90} 天的资金
            <strong> <Money fen={data.idleFen} testId="idle-total" /> </strong>
            ，占已下达资金 <Rate rate={data.stuckFundRate} />。
          </p>
          {data.children.length > 0 && (
            <Scroll label="各区域闲置资金">
              <table className="grid">
                <thead>
                  <tr>
                    <th>区域</th><th className="num">已下达</th><th className="num">闲置资金</th>
                    <th className="num">趴窝率</th>
                  </tr>
                </thead>
                <tbody>
                  {[...data.children]
                    .sort((a, b) => b.idleFen - a.idleFen)
                    .map((child) => (
                      <tr key={child.regionCode}>
                        <td>
                          <a href={hrefOf({ name: 'idle', code: child.regionCode })}>
                            {child.name ?? child.regionCode}
                          </a>
                        </td>
                        <td className="num"><Money fen={child.allocatedFen} /></td>
                        <td className="num"><Money fen={child.idleFen} /></td>
                        <td className="num"><Rate rate={child.stuckFundRate} /></td>
                      </tr>
                    ))}
                </tbody>
              </table>
            </Scroll>
          )}
        </>
      )}
      <h2>闲置资金预警（按分配）</h2>
      {alerts.error && <ErrorNote error={alerts.error} onRetry={alerts.reload} />}
      {alerts.loading && <Loading />}
      {alerts.data && (
        <AlertTable items={alerts.data.items} actions={mayActOnAlerts(session)}
          onChange={alerts.reload} />
      )}
    </section>
  );
}
