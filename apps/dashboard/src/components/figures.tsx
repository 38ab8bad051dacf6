import type { ReactNode } from 'react';
import type { Problem, ProblemDetail } from '../errors';
import { formatRate, formatYuan } from '../format';
import type { RegionMetrics } from '../schemas';

export function Money({ fen, testId }: { fen: number; testId?: string }) {
  return (
    <span className="money" data-testid={testId} data-fen={fen}>
      {formatYuan(fen)}
    </span>
  );
}

export function Rate({ rate, testId }: { rate: number; testId?: string }) {
  return (
    <span className="rate" data-testid={testId}>
      {formatRate(rate)}
    </span>
  );
}

function Card({ label, children, tone }: { label: string; children: ReactNode; tone?: string }) {
  return (
    <div className={`card ${tone ?? ''}`}>
      <div className="card-label">{label}</div>
      <div className="card-value">{children}</div>
    </div>
  );
}

/** The headline metrics of a region (SPEC §6), each card tagged for tests by field name. */
export function MetricCards({ metrics }: { metrics: RegionMetrics }) {
  const high = (rate: number) => (rate > 0.2 ? 'warn' : undefined);
  return (
    <div className="cards">
      <Card label="到位资金">
        <Money fen={metrics.receivedFen} testId="metric-receivedFen" />
      </Card>
      <Card label="已下达">
        <Money fen={metrics.allocatedFen} testId="metric-allocatedFen" />
      </Card>
      <Card label="已支出">
        <Money fen={metrics.disbursedFen} testId="metric-disbursedFen" />
      </Card>
      <Card label="已退回">
        <Money fen={metrics.returnedFen} testId="metric-returnedFen" />
      </Card>
      <Card label="滞留资金">
        <Money fen={metrics.retainedFen} testId="metric-retainedFen" />
      </Card>
      <Card label="资金滞留率" tone={high(metrics.retentionRate)}>
        <Rate rate={metrics.retentionRate} testId="metric-retentionRate" />
      </Card>
      <Card label="闲置资金">
        <Money fen={metrics.idleFen} testId="metric-idleFen" />
      </Card>
      <Card label="趴窝资金率" tone={high(metrics.stuckFundRate)}>
        <Rate rate={metrics.stuckFundRate} testId="metric-stuckFundRate" />
      </Card>
    </div>
  );
}

export function Loading() {
  return <p className="muted">加载中…</p>;
}

/** Field names of the API as people read them in a detail line. */
const FIELD_NAMES: Record<string, string> = {
  amountFen: '金额', budgetFen: '预算', perHouseholdCapFen: '每户上限', villageCode: '村代码',
  countyCode: '县代码', receivedOn: '到账日期', allocatedOn: '下达日期', paidOn: '支付日期',
  returnedOn: '退回日期', allocationId: '分配编号', householdId: '农户编号', fundId: '资金编号',
  headName: '户主姓名', idNumber: '身份证号', members: '人口', registeredOn: '登记日期',
  period: '收入期间', exitedOn: '脱贫日期', stage: '阶段', advancedOn: '推进日期',
  evidence: '佐证材料', earnedOn: '收益日期', distributedOn: '分配日期', shares: '分配明细',
  voucherNo: '凭证号', channel: '发放渠道', reason: '原因', name: '名称', category: '资金类别',
  department: '主管部门', level: '资金级次', fiscalYear: '年度', kind: '类别', payee: '收款方',
  note: '处理意见', resolution: '办结结论', target: '投向',
};

export function fieldName(path: string): string {
  return path
    .split('.')
    .map((part) => (/^\d+$/.test(part) ? `第${Number(part) + 1}项` : FIELD_NAMES[part] ?? part))
    .join(' › ');
}

function DetailLine({ detail }: { detail: ProblemDetail }) {
  const where = [
    detail.row !== undefined ? `第 ${detail.row} 行` : undefined,
    detail.path ? fieldName(detail.path) : undefined,
  ].filter(Boolean).join(' · ');
  return <li>{where && <strong>{where}：</strong>}{detail.message}</li>;
}

/** A failure: the Chinese sentence for its code, the API's details, and a way to try again. */
export function ErrorNote({ error, onRetry }: { error: Problem; onRetry?: () => void }) {
  return (
    <div className="error-note" role="alert" data-testid="error-note" data-code={error.code}>
      <p className="error-title">{error.title}</p>
      {error.details.length > 0 && (
        <ul className="error-details" data-testid="error-details">
          {error.details.map((detail, index) => <DetailLine key={index} detail={detail} />)}
        </ul>
      )}
      {error.message && <p className="error-message">{error.code}：{error.message}</p>}
      {onRetry && <button type="button" onClick={onRetry}>重试</button>}
    </div>
  );
}

/** A small table of counts keyed by code (alerts by rule, households by status, ...). */
export function CountTable(props: {
  title: string;
  counts: Record<string, number> | undefined;
  names: Record<string, string>;
  testId: string;
}) {
  const rows = Object.entries(props.counts ?? {}).filter(([, count]) => count > 0);
  return (
    <section className="panel" data-testid={props.testId}>
      <h3>{props.title}</h3>
      {rows.length === 0 ? (
        <p className="muted">无</p>
      ) : (
        <table>
          <tbody>
            {rows.map(([code, count]) => (
              <tr key={code}>
                <td>{props.names[code] ?? code}</td>
                <td className="num">{count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
