import { useState } from 'react';
import { describeError, query, request } from '../api';
import { mayActOnAlerts, type Session } from '../auth';
import { ErrorNote, Loading, Money } from '../components/figures';
import {
  nameOf,
  RESOLUTION_NAMES,
  RULE_NAMES,
  SEVERITY_NAMES,
  STATUS_NAMES,
} from '../labels';
import { hrefOf, isVillage, navigate } from '../routes';
import { alertList, alertView, type AlertView, writeResult } from '../schemas';
import { useResource } from '../use-resource';

/** Alerts listed on one page; the API pages further with a cursor. */
export const ALERT_PAGE_SIZE = 100;
/** The alert list is a read model: after an action, wait this long at most for it. */
const ALERT_REFRESH_POLLS_MAX = 20;
const ALERT_REFRESH_POLL_MS = 250;

/** Waits until the alert read model shows the alert past `status`, or gives up quietly. */
async function awaitStatusChange(alertId: string, status: AlertView['status']): Promise<void> {
  for (let poll = 0; poll < ALERT_REFRESH_POLLS_MAX; poll += 1) {
    // The single-alert answer carries readable evidence; only its status matters here.
    const current = await request(
      `/api/alerts/${encodeURIComponent(alertId)}`,
      alertView.pick({ status: true }),
    );
    if (current.status !== status) return;
    await new Promise((resolve) => setTimeout(resolve, ALERT_REFRESH_POLL_MS));
  }
}

function AlertActions({ alert, onDone }: { alert: AlertView; onDone: () => void }) {
  const [note, setNote] = useState('');
  const [resolution, setResolution] = useState('confirmed');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  const act = async (action: 'acknowledge' | 'resolve') => {
    setBusy(true);
    setProblem(undefined);
    const body = action === 'resolve' ? { resolution, note } : { note };
    try {
      await request(`/api/alerts/${encodeURIComponent(alert.alertId)}/${action}`, writeResult, {
        method: 'POST',
        body,
      });
      await awaitStatusChange(alert.alertId, alert.status);
      onDone();
    } catch (error) {
      setProblem(describeError(error));
    } finally {
      setBusy(false);
    }
  };
  if (alert.status === 'resolved') return null;
  return (
    <div className="actions">
      <input aria-label="处理意见" placeholder="处理意见" value={note}
        onChange={(event) => setNote(event.target.value)} />
      {alert.status === 'open' && (
        <button type="button" disabled={busy} data-testid="acknowledge"
          onClick={() => void act('acknowledge')}>确认</button>
      )}
      <select aria-label="办结结论" value={resolution}
        onChange={(event) => setResolution(event.target.value)}>
        {Object.entries(RESOLUTION_NAMES).map(([code, name]) => (
          <option key={code} value={code}>{name}</option>
        ))}
      </select>
      <button type="button" disabled={busy} data-testid="resolve"
        onClick={() => void act('resolve')}>办结</button>
      {problem && <span className="error">{problem}</span>}
    </div>
  );
}

function subjectLink(alert: AlertView): string | undefined {
  const { subject } = alert;
  if (subject.type === 'household') return hrefOf({ name: 'household', id: subject.id });
  if (isVillage(alert.regionCode)) return hrefOf({ name: 'audit', code: alert.regionCode });
  return undefined;
}

export function AlertTable(props: { items: AlertView[]; actions: boolean; onChange: () => void }) {
  if (props.items.length === 0) return <p className="muted" data-testid="no-alerts">暂无预警</p>;
  return (
    <table className="grid" data-testid="alerts">
      <thead>
        <tr>
          <th>发现日期</th><th>规则</th><th>等级</th><th>对象</th><th>区域</th>
          <th className="num">金额</th><th>状态</th>{props.actions && <th>处理</th>}
        </tr>
      </thead>
      <tbody>
        {props.items.map((alert) => {
          const link = subjectLink(alert);
          return (
            <tr key={alert.alertId} data-testid={`alert-${alert.alertId}`}
              className={`severity-${alert.severity}`}>
              <td>{alert.detectedOn}</td>
              <td>{nameOf(RULE_NAMES, alert.rule)}</td>
              <td>{nameOf(SEVERITY_NAMES, alert.severity)}</td>
              <td>{link ? <a href={link}>{alert.subject.id}</a> : alert.subject.id}</td>
              <td>{alert.regionCode}</td>
              <td className="num">
                {alert.amountFen !== undefined && <Money fen={alert.amountFen} />}
              </td>
              <td data-testid="alert-status">{nameOf(STATUS_NAMES, alert.status)}</td>
              {props.actions && (
                <td><AlertActions alert={alert} onDone={props.onChange} /></td>
              )}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** The alert inbox: filter by status and rule; auditors acknowledge and resolve. */
export function AlertsView(props: { session: Session; status?: string; rule?: string }) {
  const path = `/api/alerts${query({
    status: props.status,
    rule: props.rule,
    limit: String(ALERT_PAGE_SIZE),
  })}`;
  const alerts = useResource(path, () => request(path, alertList));
  const go = (change: { status?: string; rule?: string }) =>
    navigate({ name: 'alerts', status: props.status, rule: props.rule, ...change });
  return (
    <section>
      <h1>预警信息</h1>
      <div className="filters">
        <select aria-label="状态" value={props.status ?? ''}
          onChange={(event) => go({ status: event.target.value || undefined })}>
          <option value="">全部状态</option>
          {Object.entries(STATUS_NAMES).map(([code, name]) => (
            <option key={code} value={code}>{name}</option>
          ))}
        </select>
        <select aria-label="规则" value={props.rule ?? ''}
          onChange={(event) => go({ rule: event.target.value || undefined })}>
          <option value="">全部规则</option>
          {Object.entries(RULE_NAMES).map(([code, name]) => (
            <option key={code} value={code}>{name}</option>
          ))}
        </select>
      </div>
      {alerts.error && <ErrorNote error={alerts.error} />}
      {alerts.loading && <Loading />}
      {alerts.data && (
        <>
          <AlertTable items={alerts.data.items} actions={mayActOnAlerts(props.session)}
            onChange={alerts.reload} />
          {alerts.data.nextCursor && (
            <p className="muted">仅显示前 {ALERT_PAGE_SIZE} 条，请用筛选缩小范围。</p>
          )}
        </>
      )}
    </section>
  );
}
