import { ALERT_RULES } from '@sunshine/domain';
import { query, request } from '../api';
import { mayActOnAlerts, type Session } from '../auth';
import { ErrorNote, Loading, Money } from '../components/figures';
import { CursorPager, Scroll } from '../components/paging';
import { nameOf, RULE_NAMES, SEVERITY_NAMES, STATUS_NAMES } from '../labels';
import { hrefOf, isVillage, navigate } from '../routes';
import { alertList, type AlertView } from '../schemas';
import { useResource } from '../use-resource';
import { AlertActions } from './alert-actions';

/** Alerts listed on one page; the API pages further with a cursor. */
export const ALERT_PAGE_SIZE = 50;

export function subjectLink(alert: Pick<AlertView, 'subject' | 'regionCode'>) {
  const { subject } = alert;
  if (subject.type === 'household') return hrefOf({ name: 'household', id: subject.id });
  if (subject.type === 'project') return hrefOf({ name: 'project', id: subject.id });
  if (subject.type === 'fund') return hrefOf({ name: 'fund', id: subject.id });
  if (isVillage(alert.regionCode)) return hrefOf({ name: 'audit', code: alert.regionCode });
  return undefined;
}

export function AlertTable(props: { items: AlertView[]; actions: boolean; onChange: () => void }) {
  if (props.items.length === 0) return <p className="muted" data-testid="no-alerts">暂无预警</p>;
  return (
    <Scroll label="预警列表">
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
                <td>
                  <a href={hrefOf({ name: 'alert', id: alert.alertId })}>
                    {nameOf(RULE_NAMES, alert.rule)}
                  </a>
                </td>
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
    </Scroll>
  );
}

/** The alert inbox: filter by status and rule; auditors acknowledge and resolve. */
export function AlertsView(props: {
  session: Session;
  status?: string;
  rule?: string;
  cursor?: string;
}) {
  const path = `/api/alerts${query({
    status: props.status,
    rule: props.rule,
    limit: String(ALERT_PAGE_SIZE),
    cursor: props.cursor,
  })}`;
  const alerts = useResource(path, () => request(path, alertList));
  const go = (change: { status?: string; rule?: string; cursor?: string }) =>
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
          {ALERT_RULES.map((code) => (
            <option key={code} value={code}>{nameOf(RULE_NAMES, code)}</option>
          ))}
        </select>
      </div>
      {alerts.error && <ErrorNote error={alerts.error} onRetry={alerts.reload} />}
      {alerts.loading && <Loading />}
      {alerts.data && (
        <>
          <AlertTable items={alerts.data.items} actions={mayActOnAlerts(props.session)}
            onChange={alerts.reload} />
          <CursorPager cursor={props.cursor} nextCursor={alerts.data.nextCursor}
            go={(cursor) => go({ cursor })} />
        </>
      )}
    </section>
  );
}
