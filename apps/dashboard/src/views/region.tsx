import { query, request } from '../api';
import { Breadcrumbs } from '../components/layout';
import { CountTable, ErrorNote, Loading, MetricCards, Money, Rate } from '../components/figures';
import {
  HOUSEHOLD_STATUS_NAMES,
  LEVEL_NAMES,
  nameOf,
  RULE_NAMES,
  STAGE_NAMES,
} from '../labels';
import { hrefOf, isVillage, navigate } from '../routes';
import { type ChildSummary, isUnknownRegion, regionSummary } from '../schemas';
import { Scroll } from '../components/paging';
import { rememberName, rememberNames } from '../region-names';
import { NotFoundView } from './not-found';
import { useResource } from '../use-resource';
import { RetentionChart } from './retention-chart';

function ChildRows({ items, asOf }: { items: ChildSummary[]; asOf?: string }) {
  return (
    <Scroll label="下级区域">
      <table className="grid" data-testid="children">
        <thead>
          <tr>
            <th>区域</th>
            <th className="num">到位资金</th>
            <th className="num">已支出</th>
            <th className="num">滞留资金</th>
            <th className="num">滞留率</th>
            <th className="num">趴窝率</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {items.map((child) => (
            <tr key={child.regionCode} data-testid={`child-${child.regionCode}`}>
              <td>
                <a href={hrefOf({ name: 'region', code: child.regionCode, asOf })}>
                  {child.name ?? child.regionCode}
                </a>
                <small className="muted"> {child.regionCode}</small>
              </td>
              <td className="num"><Money fen={child.receivedFen} /></td>
              <td className="num"><Money fen={child.disbursedFen} /></td>
              <td className="num"><Money fen={child.retainedFen} /></td>
              <td className="num"><Rate rate={child.retentionRate} /></td>
              <td className="num"><Rate rate={child.stuckFundRate} /></td>
              <td>
                {isVillage(child.regionCode) && (
                  <a href={hrefOf({ name: 'audit', code: child.regionCode, asOf })}>审计追溯</a>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Scroll>
  );
}

const todayUtc = () => new Date().toISOString().slice(0, 10);

/** County → town → village drill-down of the SPEC §6 metrics as of a date. */
export function RegionView({ code, asOf }: { code: string; asOf?: string }) {
  const path = `/api/ledger/regions/${code}/summary${query({ asOf })}`;
  const summary = useResource(path, async () => {
    const answer = await request(path, regionSummary);
    rememberName(answer.regionCode, answer.name);
    rememberNames(answer.children);
    return answer;
  });
  const data = summary.data;
  if (data && isUnknownRegion(data)) return <NotFoundView what={`没有代码为 ${code} 的区域`} />;
  return (
    <section>
      <Breadcrumbs code={code} link={(prefix) => hrefOf({ name: 'region', code: prefix, asOf })} />
      <div className="title-row">
        <h1 data-testid="region-title">
          {data?.name ?? code}
          {data && <small> {nameOf(LEVEL_NAMES, data.level)} · {code}</small>}
        </h1>
        <label>
          截至
          <input
            type="date"
            value={asOf ?? data?.asOf ?? ''}
            onChange={(event) =>
              navigate({ name: 'region', code, asOf: event.target.value || undefined })
            }
          />
        </label>
      </div>
      {summary.error && <ErrorNote error={summary.error} onRetry={summary.reload} />}
      {summary.loading && <Loading />}
      {data && (
        <>
          <MetricCards metrics={data} />
          <p className="links">
            <a href={hrefOf({ name: 'idle', code })}>闲置资金明细</a>
            {isVillage(code) && (
              <a href={hrefOf({ name: 'audit', code, asOf })} data-testid="audit-link">
                村级资金审计追溯
              </a>
            )}
            <a href={hrefOf(isVillage(code)
              ? { name: 'publicVillage', code }
              : { name: 'publicRegion', code })}>公开公示页</a>
          </p>
          {data.children.length > 0 && <ChildRows items={data.children} asOf={asOf} />}
          <div className="panels">
            <CountTable title="未办结预警" counts={data.openAlertsByRule} names={RULE_NAMES}
              testId="alerts-by-rule" />
            <CountTable title="建档户状态" counts={data.householdsByStatus}
              names={HOUSEHOLD_STATUS_NAMES} testId="households-by-status" />
            <CountTable title="项目阶段" counts={data.projectsByStage} names={STAGE_NAMES}
              testId="projects-by-stage" />
          </div>
          <RetentionChart code={code} asOf={asOf ?? data.asOf ?? todayUtc()} />
        </>
      )}
    </section>
  );
}
