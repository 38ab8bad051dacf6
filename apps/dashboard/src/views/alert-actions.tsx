import { useState } from 'react';
import { problemOf, request } from '../api';
import { ErrorNote } from '../components/figures';
import type { Problem } from '../errors';
import { RESOLUTION_NAMES } from '../labels';
import { alertView, type AlertView, writeResult } from '../schemas';

/** The alert read model lags the command: after an action, wait this long at most for it. */
const ALERT_REFRESH_POLLS_MAX = 20;
const ALERT_REFRESH_POLL_MS = 250;

/** Waits until the alert read model shows the alert past `status`, or gives up quietly. */
async function awaitStatusChange(alertId: string, status: AlertView['status']): Promise<void> {
  for (let poll = 0; poll < ALERT_REFRESH_POLLS_MAX; poll += 1) {
    const current = await request(`/api/alerts/${encodeURIComponent(alertId)}`, alertView);
    if (current.status !== status) return;
    await new Promise((resolve) => setTimeout(resolve, ALERT_REFRESH_POLL_MS));
  }
}

/**
 * Acknowledge (确认) and resolve (办结) an alert. Resolving closes the case for good, so it
 * asks once more, naming the conclusion, before it is sent.
 */
export function AlertActions({ alert, onDone }: { alert: AlertView; onDone: () => void }) {
  const [note, setNote] = useState('');
  const [resolution, setResolution] = useState('confirmed');
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem>();
  const [last, setLast] = useState<'acknowledge' | 'resolve'>('acknowledge');
  const act = async (action: 'acknowledge' | 'resolve') => {
    setLast(action);
    setBusy(true);
    setProblem(undefined);
    const text = note.trim();
    const body = action === 'resolve'
      ? { resolution, ...(text ? { note: text } : {}) }
      : { ...(text ? { note: text } : {}) };
    try {
      await request(`/api/alerts/${encodeURIComponent(alert.alertId)}/${action}`, writeResult, {
        method: 'POST',
        body,
      });
      await awaitStatusChange(alert.alertId, alert.status);
      setConfirming(false);
      onDone();
    } catch (error) {
      setProblem(problemOf(error));
    } finally {
      setBusy(false);
    }
  };
  if (alert.status === 'resolved') return null;
  return (
    <div className="actions">
      <input aria-label="处理意见" placeholder="处理意见" value={note} maxLength={500}
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
      {confirming ? (
        <span className="confirm" role="group" aria-label="确认办结">
          <span>以“{RESOLUTION_NAMES[resolution]}”办结？办结后不可撤销。</span>
          <button type="button" disabled={busy} data-testid="confirm-resolve"
            onClick={() => void act('resolve')}>确认办结</button>
          <button type="button" onClick={() => setConfirming(false)}>取消</button>
        </span>
      ) : (
        <button type="button" disabled={busy} data-testid="resolve"
          onClick={() => setConfirming(true)}>办结</button>
      )}
      {problem && <ErrorNote error={problem} onRetry={() => void act(last)} />}
    </div>
  );
}
