import { Money } from '../components/figures';
import { EVENT_NAMES, nameOf } from '../labels';
import { hrefOf } from '../routes';
import type { HistoryEntry } from '../schemas';

function Subject({ entry }: { entry: HistoryEntry }) {
  if (entry.householdId) {
    return <a href={hrefOf({ name: 'household', id: entry.householdId })}>{entry.householdId}</a>;
  }
  return <>{entry.projectId ?? entry.allocationId ?? entry.fundId ?? ''}</>;
}

/** Events in business-date order with the village's running balance after each. */
export function HistoryTable({ entries }: { entries: HistoryEntry[] }) {
  return (
    <table className="grid" data-testid="history">
      <thead>
        <tr>
          <th>业务日期</th><th>事项</th><th>对象</th><th className="num">金额</th>
          <th className="num">余额变动</th><th className="num">结余</th><th>事件流</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => (
          <tr key={entry.eventId}>
            <td>{entry.businessDate}</td>
            <td>{nameOf(EVENT_NAMES, entry.type)}</td>
            <td><Subject entry={entry} /></td>
            <td className="num">{entry.amountFen !== null && <Money fen={entry.amountFen} />}</td>
            <td className="num">
              {entry.balanceEffectFen !== 0 && <Money fen={entry.balanceEffectFen} />}
            </td>
            <td className="num"><Money fen={entry.balanceFen} /></td>
            <td className="muted">{entry.streamId}@{entry.streamVersion}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
