import { query, request } from '../api';
import { Breadcrumbs } from '../components/layout';
import { ErrorNote, Loading, Money } from '../components/figures';
import { hrefOf, navigate } from '../routes';
import { type HistoryEntry, type VillageHistory, villageHistory } from '../schemas';
import { Scroll, usePages } from '../components/paging';

/** Entries of the replay shown at once. */
export const AUDIT_PAGE_ROWS = 100;
import { useResource } from '../use-resource';
import { HistoryTable } from './history-table';

function IntegrityVerdict({ integrity }: { integrity: VillageHistory['integrity'] }) {
  if (integrity.verified) {
    return (
      <p className="verdict ok" data-testid="integrity" data-verified="true">
        ✔ 哈希链校验通过：{integrity.streams} 条事件流均未被篡改
      </p>
    );
  }
  const at = integrity.brokenAt;
  return (
    <p className="verdict broken" data-testid="integrity" data-verified="false">
      ✘ 哈希链校验失败：{at ? `${at.streamId} 第 ${at.streamVersion} 个事件起被改动` : '存在断链'}
      （共 {integrity.streams} 条事件流）
    </p>
  );
}

function AuditEntries({ entries }: { entries: HistoryEntry[] }) {
  const { rows, pager } = usePages(entries, AUDIT_PAGE_ROWS);
  return (
    <>
      <Scroll label="资金流水"><HistoryTable entries={rows} /></Scroll>
      {pager}
    </>
  );
}

/** An auditor's replay of a village's money: every event, running balance, chain verdict. */
export function AuditView({ code, asOf }: { code: string; asOf?: string }) {
  const path = `/api/ledger/villages/${code}/history${query({ asOf })}`;
  const history = useResource(path, () => request(path, villageHistory));
  const data = history.data;
  const last = data?.entries[data.entries.length - 1];
  return (
    <section>
      <Breadcrumbs code={code} link={(prefix) => hrefOf({ name: 'region', code: prefix, asOf })} />
      <div className="title-row">
        <h1>村级资金审计追溯 <small>{code}</small></h1>
        <label>
          截至
          <input type="date" value={asOf ?? data?.asOf ?? ''}
            onChange={(event) =>
              navigate({ name: 'audit', code, asOf: event.target.value || undefined })} />
        </label>
      </div>
      {history.error && <ErrorNote error={history.error} onRetry={history.reload} />}
      {history.loading && <Loading />}
      {data && (
        <>
          <IntegrityVerdict integrity={data.integrity} />
          <p>
            共 {data.entries.length} 条记录，截至 {data.asOf} 村级结余
            <strong> <Money fen={last?.balanceFen ?? 0} testId="village-balance" /></strong>
            {data.truncated && <span className="warn">（记录过多，仅显示前一部分）</span>}
          </p>
          <AuditEntries entries={data.entries} />
        </>
      )}
    </section>
  );
}
