import type { ReactNode } from 'react';
import { fieldName, type Problem, type ProblemDetail } from '../errors';
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
