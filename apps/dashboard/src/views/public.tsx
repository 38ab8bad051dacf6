import { request } from '../api';
import { ErrorNote, Loading, MetricCards, Money, Rate } from '../components/figures';
import { Scroll, usePages } from '../components/paging';
import { rememberName, rememberNames, useRegionNames } from '../region-names';
import { FUND_LEVEL_NAMES, LEVEL_NAMES, nameOf, STAGE_NAMES } from '../labels';
import { hrefOf, isVillage, regionChain } from '../routes';
import { isUnknownRegion, publicRegionSummary, publicVillage } from '../schemas';
import { useResource } from '../use-resource';
import { NotFoundView } from './not-found';

/**
 * What the public sees without signing in (公众层). These pages call the public routes
 * anonymously, even when a token is present, so they show exactly what anyone sees.
 */

/** Links up from a region to its town and county, named. */
function PublicCrumbs({ code }: { code: string }) {
  const chain = regionChain(code);
  const names = useRegionNames(chain);
  return (
    <nav className="crumbs" aria-label="上级区域" data-testid="crumbs">
      {chain.map((prefix) => {
        const label = `${names.get(prefix) ?? ''} ${prefix}`.trim();
        return prefix === code
          ? <span key={prefix} aria-current="page">{label}</span>
          : <a key={prefix} href={hrefOf({ name: 'publicRegion', code: prefix })}>{label}</a>;
      })}
    </nav>
  );
}

export function PublicRegionView({ code }: { code: string }) {
  const path = `/api/public/regions/${code}/summary`;
  const summary = useResource(path, async () => {
    const answer = await request(path, publicRegionSummary, { anonymous: true });
    rememberName(answer.regionCode, answer.name);
    rememberNames(answer.children);
    return answer;
  });
  const data = summary.data;
  if (data && isUnknownRegion(data)) return <NotFoundView what={`没有代码为 ${code} 的区域`} />;
  return (
    <section data-testid="public-page">
      <PublicCrumbs code={code} />
      <h1>资金公开公示 <small>{data?.name ?? code} {data && nameOf(LEVEL_NAMES, data.level)}</small></h1>
      {summary.error && <ErrorNote error={summary.error} onRetry={summary.reload} />}
      {summary.loading && <Loading />}
      {data && (
        <>
          <p className="muted">截至 {data.asOf}</p>
          <MetricCards metrics={data} />
          <Scroll label="下级区域">
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
          </Scroll>
        </>
      )}
    </section>
  );
}

export function PublicVillageView({ code }: { code: string }) {
  const path = `/api/public/villages/${code}`;
  const village = useResource(path, () => request(path, publicVillage, { anonymous: true }));
  const data = village.data;
  const payments = usePages(data?.payments ?? []);
  const unknown = data && data.name === null && data.totals.receivedFen === 0 &&
    data.projects.length === 0 && data.payments.length === 0;
  if (unknown) return <NotFoundView what={`没有代码为 ${code} 的村`} />;
  return (
    <section data-testid="public-page">
      <PublicCrumbs code={code} />
      <h1>村级资金公示 <small>{data?.name ?? code}</small></h1>
      {village.error && <ErrorNote error={village.error} onRetry={village.reload} />}
      {village.loading && <Loading />}
      {data && (
        <>
          <p className="muted">截至 {data.asOf}</p>
          <MetricCards metrics={data.totals} />
          {data.sources && (
            <>
              <h2>资金来源</h2>
              {data.sources.length === 0 ? <p className="muted">尚无下达到本村的资金</p> : (
                <Scroll label="资金来源">
                  <table className="grid" data-testid="public-sources">
                    <thead>
                      <tr><th>资金</th><th>类别</th><th>主管部门</th><th>级次</th><th>年度</th>
                        <th className="num">下达本村</th></tr>
                    </thead>
                    <tbody>
                      {data.sources.map((source) => (
                        <tr key={source.fundId}>
                          <td>{source.fundName}</td>
                          <td>{source.category}</td>
                          <td>{source.department}</td>
                          <td>{nameOf(FUND_LEVEL_NAMES, source.level)}</td>
                          <td>{source.fiscalYear}</td>
                          <td className="num"><Money fen={source.allocatedFen} /></td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </Scroll>
              )}
            </>
          )}
          <h2>项目</h2>
          <Scroll label="项目">
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
          </Scroll>
          <h2>到户资金发放</h2>
          <Scroll label="到户资金发放">
            <table className="grid" data-testid="public-payments">
              <thead><tr><th>日期</th><th>户主</th><th className="num">金额</th></tr></thead>
              <tbody>
                {payments.rows.map((payment) => (
                  <tr key={payment.paymentId}>
                    <td>{payment.paidOn}</td>
                    <td>{payment.householdName}</td>
                    <td className="num"><Money fen={payment.amountFen} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Scroll>
          {payments.pager}
          {data.paymentsTruncated && <p className="muted">仅显示最近的发放记录。</p>}
        </>
      )}
    </section>
  );
}
