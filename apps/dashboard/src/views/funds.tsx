import { type FormEvent, useState } from 'react';
import { ReceiveFundBody } from '@sunshine/domain';
import { query, request } from '../api';
import { homeRegion, type Session } from '../auth';
import { CommandForm } from '../components/command-form';
import { ErrorNote, Loading, Money } from '../components/figures';
import { CursorPager, Scroll } from '../components/paging';
import { DEFAULT_REGION_CODE } from '../config';
import { receiptFields } from '../forms';
import { FUND_LEVEL_NAMES, nameOf } from '../labels';
import { hrefOf, type ListFilter, navigate } from '../routes';
import { fundList } from '../schemas';
import { useResource } from '../use-resource';

/** Funds listed on one page. */
export const FUND_PAGE_SIZE = 50;

function Filters({ filter }: { filter: ListFilter }) {
  const [draft, setDraft] = useState(filter);
  const set = (key: keyof ListFilter) => (event: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [key]: event.target.value.trim() || undefined }));
  const apply = (event: FormEvent) => {
    event.preventDefault();
    navigate({ name: 'funds', filter: { ...draft, cursor: undefined } });
  };
  return (
    <form className="filters" onSubmit={apply} aria-label="筛选资金">
      <input aria-label="区域代码" placeholder="区域代码" value={draft.region ?? ''}
        onChange={set('region')} inputMode="numeric" />
      <input aria-label="资金类别" placeholder="资金类别" value={draft.category ?? ''}
        onChange={set('category')} />
      <input aria-label="主管部门" placeholder="主管部门" value={draft.department ?? ''}
        onChange={set('department')} />
      <input aria-label="年度" placeholder="年度" value={draft.fiscalYear ?? ''}
        onChange={set('fiscalYear')} inputMode="numeric" />
      <button type="submit">筛选</button>
    </form>
  );
}

/** Every fund in the caller's regions, with its receipt form for the finance bureau. */
export function FundsView({ filter, session }: { filter: ListFilter; session: Session }) {
  const path = `/api/ledger/funds${query({
    region: filter.region, category: filter.category, department: filter.department,
    fiscalYear: filter.fiscalYear, cursor: filter.cursor, limit: String(FUND_PAGE_SIZE),
  })}`;
  const funds = useResource(path, () => request(path, fundList));
  const county = homeRegion(session, DEFAULT_REGION_CODE).slice(0, 6);
  return (
    <section>
      <h1>资金台账</h1>
      <Filters key={path} filter={filter} />
      {funds.error && <ErrorNote error={funds.error} onRetry={funds.reload} />}
      {funds.loading && <Loading />}
      {funds.data && (
        funds.data.items.length === 0 ? <p className="muted">没有符合条件的资金</p> : (
          <Scroll label="资金列表">
            <table className="grid" data-testid="funds">
              <thead>
                <tr>
                  <th>资金</th><th>类别</th><th>主管部门</th><th>级次</th><th>年度</th>
                  <th className="num">金额</th><th className="num">未下达</th><th>到账日期</th>
                </tr>
              </thead>
              <tbody>
                {funds.data.items.map((fund) => (
                  <tr key={fund.fundId} data-testid={`fund-${fund.fundId}`}>
                    <td>
                      <a href={hrefOf({ name: 'fund', id: fund.fundId })}>{fund.name}</a>
                      <small className="muted"> {fund.fundId}</small>
                    </td>
                    <td>{fund.category}</td>
                    <td>{fund.department}</td>
                    <td>{nameOf(FUND_LEVEL_NAMES, fund.level)}</td>
                    <td>{fund.fiscalYear}</td>
                    <td className="num"><Money fen={fund.amountFen} /></td>
                    <td className="num"><Money fen={fund.unallocatedFen} /></td>
                    <td>{fund.receivedOn}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Scroll>
        )
      )}
      {funds.data && (
        <CursorPager cursor={filter.cursor} nextCursor={funds.data.nextCursor}
          go={(cursor) => navigate({ name: 'funds', filter: { ...filter, cursor } })} />
      )}
      {(session.role === 'finance' || session.role === 'admin') && (
        <CommandForm title="登记资金到位" path="/api/funds" fields={receiptFields(county)}
          schema={ReceiveFundBody} submitLabel="登记" testId="form-receipt"
          onDone={(result) => navigate({ name: 'fund', id: result.id })} />
      )}
    </section>
  );
}
