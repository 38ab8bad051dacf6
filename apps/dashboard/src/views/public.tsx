import { request } from '../api';
import { ErrorNote, Loading, MetricCards, Money, Rate } from '../components/figures';
import { LEVEL_NAMES, nameOf, STAGE_NAMES } from '../labels';
import { hrefOf, isVillage } from '../routes';
import { publicRegionSummary, publicVillage } from '../schemas';
import { useResource } from '../use-resource';

/**
 * What the public sees without signing in (公众层). These pages call the public routes
 * anonymously, even when a token is present, so they show exactly what anyone sees.
 */

export function PublicRegionView({ code }: { code: string }) {
  const path = `/api/public/regions/${code}/summary`;
  const summary = useResource(path, () => request(path, publicRegionSummary, { anonymous: true }));
  const data = summary.data;
  return (
    <section data-testid="public-page">
      <h1>资金公开公示 <small>{data?.name ?? code} {data && nameOf(LEVEL_NAMES, data.level)}</small></h1>
      {summary.error && <ErrorNote error={summary.error} />}
      {summary.loading && <Loading />}
      {data && (
        <>
          <p className="muted">截至 {data.asOf}</p>
          <MetricCards metrics={data} />
          <table className="grid">
            <thead>
              <tr>
                <th>区域</th><th className="num">到位资金</th><th className="num">已支出</th>
                <th className="num">滞留率</th>
              </tr>
            </thead>
            <tbody>
              {data.children.map((child) => (
                <tr key={child.regionCode}>
                  <td>
                    <a href={hrefOf(isVillage(child.regionCode)
                      ? { name: 'publicVillage', code: child.regionCode }
                      : { name: 'publicRegion', code: child.regionCode })}>
                      {child.name ?? child.regionCode}
                    </a>
                  </td>
                  <td className="num"><Money fen={child.receivedFen} /></td>
                  <td className="num"><Money fen={child.disbursedFen} /></td>
                  <td className="num"><Rate rate={child.retentionRate} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

export function PublicVillageView({ code }: { code: string }) {
  const path = `/api/public/villages/${code}`;
  const village = useResource(path, () => request(path, publicVillage, { anonymous: true }));
  const data = village.data;
  return (
    <section data-testid="public-page">
      <h1>村级资金公示 <small>{data?.name ?? code}</small></h1>
      {village.error && <ErrorNote error={village.error} />}
      {village.loading && <Loading />}
      {data && (
        <>
          <p className="muted">截至 {data.asOf}</p>
          <MetricCards metrics={data.totals} />
          <h2>项目</h2>
          <table className="grid" data-testid="public-projects">
            <thead><tr><th>项目</th><th>类别</th><th className="num">预算</th><th>当前阶段</th></tr></thead>
            <tbody>
              {data.projects.map((project) => (
                <tr key={project.projectId}>
                  <td>{project.name}</td>
                  <td>{project.kind}</td>
                  <td className="num"><Money fen={project.budgetFen} /></td>
                  <td>{project.stage ? nameOf(STAGE_NAMES, project.stage) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>到户资金发放</h2>
          <table className="grid" data-testid="public-payments">
            <thead><tr><th>日期</th><th>户主</th><th className="num">金额</th></tr></thead>
            <tbody>
              {data.payments.map((payment) => (
                <tr key={payment.paymentId}>
                  <td>{payment.paidOn}</td>
                  <td>{payment.householdName}</td>
                  <td className="num"><Money fen={payment.amountFen} /></td>
                </tr>
              ))}
            </tbody>
          </table>
          {data.paymentsTruncated && <p className="muted">仅显示最近的发放记录。</p>}
        </>
      )}
    </section>
  );
}
