import { request } from '../api';
import { mayActOnAlerts, type Session } from '../auth';
import { ErrorNote, Loading, Money } from '../components/figures';
import { Breadcrumbs } from '../components/layout';
import { Scroll } from '../components/paging';
import { formatYuan } from '../format';
import {
  EVENT_NAMES,
  HISTORY_TYPE_NAMES,
  nameOf,
  RESOLUTION_NAMES,
  RULE_NAMES,
  SEVERITY_NAMES,
  STATUS_NAMES,
  SUBJECT_NAMES,
} from '../labels';
import { hrefOf, isVillage } from '../routes';
import { type AlertDetail, alertDetail, villageHistory } from '../schemas';
import { useResource } from '../use-resource';
import { AlertActions } from './alert-actions';
import { subjectLink } from './alerts';

interface EvidenceRow {
  eventId: string;
  type?: string;
  occurredOn?: string;
  amountFen?: number;
  streamId?: string;
  summary?: string;
}

/**
 * The evidence as events people can read. Where the API names only event ids, the events
 * of the alert's village are looked up in its history (every event touching the village).
 */
async function loadEvidence(alert: AlertDetail): Promise<EvidenceRow[]> {
  const rows: EvidenceRow[] = alert.evidence.map((item) =>
    typeof item === 'string' ? { eventId: item } : item);
  if (rows.every((row) => row.type) || !isVillage(alert.regionCode)) return rows;
  const history = await request(`/api/ledger/villages/${alert.regionCode}/history`, villageHistory);
  const byId = new Map(history.entries.map((entry) => [entry.eventId, entry]));
  return rows.map((row) => {
    const entry = byId.get(row.eventId);
    if (!entry || row.type) return row;
    return {
      eventId: row.eventId,
      type: entry.type,
      occurredOn: entry.businessDate,
      ...(entry.amountFen !== null ? { amountFen: entry.amountFen } : {}),
      streamId: entry.streamId,
      summary: [entry.householdId && `农户 ${entry.householdId}`,
        entry.projectId && `项目 ${entry.projectId}`,
        entry.allocationId && `分配 ${entry.allocationId}`].filter(Boolean).join('，'),
    };
  });
}

function Evidence({ alert }: { alert: AlertDetail }) {
  const rows = useResource(`evidence:${alert.alertId}`, () => loadEvidence(alert));
  if (alert.evidence.length === 0) return <p className="muted">无关联事件（按汇总指标触发）</p>;
  if (rows.error) return <ErrorNote error={rows.error} onRetry={rows.reload} />;
  if (!rows.data) return <Loading />;
  return (
    <Scroll label="预警证据">
      <table className="grid" data-testid="evidence">
        <thead>
          <tr><th>业务日期</th><th>事项</th><th className="num">金额</th><th>说明</th><th>事件</th></tr>
        </thead>
        <tbody>
          {rows.data.map((row) => (
            <tr key={row.eventId}>
              <td>{row.occurredOn ?? '—'}</td>
              <td>{row.type ? nameOf(EVENT_NAMES, row.type) : '—'}</td>
              <td className="num">
                {row.amountFen !== undefined && <Money fen={row.amountFen} />}
              </td>
              <td>{row.summary || '—'}</td>
              <td className="muted small">{row.streamId ?? row.eventId}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Scroll>
  );
}

interface RecordRow { what: string; by?: string; at?: string; note?: string }

/** The handling record: the API's `history` where it has one, else from the alert's fields. */
function recordOf(alert: AlertDetail): RecordRow[] {
  if (alert.history) {
    return alert.history.map((item) => {
      const what = nameOf(HISTORY_TYPE_NAMES, item.type);
      return {
        what: item.resolution ? `${what}（${nameOf(RESOLUTION_NAMES, item.resolution)}）` : what,
        by: item.by, at: item.at, note: item.note,
      };
    });
  }
  const rows: RecordRow[] = [{ what: '系统预警', by: '系统', at: alert.raisedAt ?? alert.detectedOn }];
  if (alert.acknowledged) rows.push({ what: '确认', ...alert.acknowledged });
  if (alert.resolved) {
    const { resolution, ...rest } = alert.resolved;
    rows.push({ what: `办结（${nameOf(RESOLUTION_NAMES, resolution)}）`, ...rest });
  }
  return rows;
}

function HandlingRecord({ alert }: { alert: AlertDetail }) {
  return (
    <ol className="record" data-testid="handling-record">
      {recordOf(alert).map((row, index) => (
        <li key={index}>
          <strong>{row.what}</strong>
          {row.by && <span> · {row.by}</span>}
          {row.at && <span className="muted"> · {row.at.replace('T', ' ').slice(0, 19)}</span>}
          {row.note && <p className="note">{row.note}</p>}
        </li>
      ))}
    </ol>
  );
}

/** One alert: what fired, on what evidence, who handled it, and the actions left. */
export function AlertDetailView({ id, session }: { id: string; session: Session }) {
  const path = `/api/alerts/${encodeURIComponent(id)}`;
  const alert = useResource(path, () => request(path, alertDetail));
  const data = alert.data;
  const link = data && subjectLink(data);
  return (
    <section>
      {data && <Breadcrumbs code={data.regionCode} tail={`预警 ${id}`}
        link={(code) => hrefOf({ name: 'region', code })} />}
      <h1>预警详情 <small>{data ? nameOf(RULE_NAMES, data.rule) : id}</small></h1>
      {alert.error && <ErrorNote error={alert.error} onRetry={alert.reload} />}
      {alert.loading && <Loading />}
      {data && (
        <>
          <dl className="facts">
            <dt>规则</dt><dd>{nameOf(RULE_NAMES, data.rule)}（{data.rule}）</dd>
            <dt>等级</dt><dd>{nameOf(SEVERITY_NAMES, data.severity)}</dd>
            <dt>状态</dt><dd data-testid="alert-status">{nameOf(STATUS_NAMES, data.status)}</dd>
            <dt>对象</dt>
            <dd>
              {nameOf(SUBJECT_NAMES, data.subject.type)}{' '}
              {link ? <a href={link}>{data.subject.id}</a> : data.subject.id}
            </dd>
            <dt>区域</dt><dd>{data.regionCode}</dd>
            {data.amountFen !== undefined && (
              <><dt>金额</dt><dd>{formatYuan(data.amountFen)}</dd></>
            )}
            <dt>发现日期</dt><dd>{data.detectedOn}</dd>
            {data.assignee && (<><dt>督办人</dt><dd>{data.assignee}（{data.dueOn}前）</dd></>)}
          </dl>
          <h2>证据</h2>
          <Evidence alert={data} />
          <h2>处理记录</h2>
          <HandlingRecord alert={data} />
          {mayActOnAlerts(session) && data.status !== 'resolved' && (
            <section className="panel">
              <h3>处理</h3>
              <AlertActions alert={data} onDone={alert.reload} />
            </section>
          )}
        </>
      )}
    </section>
  );
}
