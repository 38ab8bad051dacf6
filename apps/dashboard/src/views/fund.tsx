import {
  AllocateFundBody,
  DisburseFundsBody,
  PayHouseholdBody,
  ReturnFundsBody,
} from '@sunshine/domain';
import { request } from '../api';
import type { Session } from '../auth';
import { CommandForm } from '../components/command-form';
import { ErrorNote, Loading, Money } from '../components/figures';
import { Breadcrumbs } from '../components/layout';
import { Scroll, usePages } from '../components/paging';
import { formatYuan } from '../format';
import {
  type AllocationChoice,
  allocationFields,
  disbursementFields,
  paymentFields,
  returnFields,
} from '../forms';
import { FUND_LEVEL_NAMES, MOVEMENT_NAMES, nameOf } from '../labels';
import { hrefOf } from '../routes';
import { type FundLedger, fundLedger, type FundState, fundState } from '../schemas';
import { useResource } from '../use-resource';

function Allocations({ fund }: { fund: FundState }) {
  const { rows, pager } = usePages(fund.allocations);
  if (fund.allocations.length === 0) return <p className="muted">尚未下达</p>;
  return (
    <>
      <Scroll label="资金分配">
        <table className="grid" data-testid="allocations">
          <thead>
            <tr><th>分配</th><th>村</th><th>投向</th><th className="num">金额</th>
              <th className="num">剩余</th></tr>
          </thead>
          <tbody>
            {rows.map((a) => (
              <tr key={a.allocationId} data-testid={`allocation-${a.allocationId}`}>
                <td>{a.allocationId}</td>
                <td>
                  <a href={hrefOf({ name: 'audit', code: a.villageCode })}>{a.villageCode}</a>
                </td>
                <td>
                  {a.target.type === 'project'
                    ? <a href={hrefOf({ name: 'project', id: a.target.id })}>项目 {a.target.id}</a>
                    : `村 ${a.target.id}`}
                </td>
                <td className="num"><Money fen={a.amountFen} /></td>
                <td className="num" data-testid="remaining"><Money fen={a.remainingFen} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      </Scroll>
      {pager}
    </>
  );
}

function Movements({ ledger }: { ledger: FundLedger }) {
  const { rows, pager } = usePages(ledger.movements);
  if (ledger.movements.length === 0) return <p className="muted">暂无支出</p>;
  return (
    <>
      <Scroll label="资金流水">
        <table className="grid" data-testid="movements">
          <thead>
            <tr><th>日期</th><th>事项</th><th>编号</th><th>分配</th><th>对象</th>
              <th className="num">金额</th></tr>
          </thead>
          <tbody>
            {rows.map((m) => (
              <tr key={`${m.kind}-${m.movementId}`}>
                <td>{m.businessDate}</td>
                <td>{nameOf(MOVEMENT_NAMES, m.kind)}</td>
                <td>{m.movementId}</td>
                <td>{m.allocationId ?? '—'}</td>
                <td>
                  {m.householdId
                    ? <a href={hrefOf({ name: 'household', id: m.householdId })}>{m.householdId}</a>
                    : m.regionCode}
                </td>
                <td className="num"><Money fen={m.amountFen} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      </Scroll>
      {pager}
    </>
  );
}

function FinanceForms({ fund, onDone }: { fund: FundState; onDone: () => void }) {
  const base = `/api/funds/${encodeURIComponent(fund.fundId)}`;
  const choices: AllocationChoice[] = fund.allocations.map((a) => [
    a.allocationId, `${a.allocationId} · ${a.villageCode} · 剩余 ${formatYuan(a.remainingFen)}`,
  ]);
  const hasAllocations = choices.length > 0;
  return (
    <div className="forms">
      <CommandForm title="下达资金" path={`${base}/allocations`} fields={allocationFields()}
        schema={AllocateFundBody} submitLabel="下达" testId="form-allocation" onDone={onDone} />
      {hasAllocations && (
        <>
          <CommandForm title="发放到户" path={`${base}/household-payments`}
            fields={paymentFields(choices)} schema={PayHouseholdBody} submitLabel="发放"
            testId="form-payment" onDone={onDone} />
          <CommandForm title="拨付" path={`${base}/disbursements`}
            fields={disbursementFields(choices)} schema={DisburseFundsBody} submitLabel="拨付"
            testId="form-disbursement" onDone={onDone} />
        </>
      )}
      <CommandForm title="资金退回" path={`${base}/returns`} fields={returnFields(choices)}
        schema={ReturnFundsBody} submitLabel="退回" testId="form-return" onDone={onDone} />
    </div>
  );
}

/**
 * One fund: its figures as folded from the event store (current the moment a write is
 * answered), its allocations, its movements from the ledger, and the finance forms.
 */
export function FundView({ id, session }: { id: string; session: Session }) {
  const path = `/api/funds/${encodeURIComponent(id)}`;
  const fund = useResource(path, () => request(path, fundState));
  const ledgerPath = `/api/ledger/funds/${encodeURIComponent(id)}`;
  const ledger = useResource(`${ledgerPath}#${fund.data?.version ?? 0}`,
    () => request(ledgerPath, fundLedger));
  const data = fund.data;
  const reload = () => fund.reload();
  return (
    <section>
      {data && <Breadcrumbs code={data.countyCode} tail={`${data.name} ${id}`}
        link={(code) => hrefOf({ name: 'funds', filter: { region: code } })} />}
      <h1>资金 <small>{data?.name ?? id}</small></h1>
      {fund.error && <ErrorNote error={fund.error} onRetry={fund.reload} />}
      {fund.loading && <Loading />}
      {data && (
        <>
          <dl className="facts">
            <dt>编号</dt><dd>{data.fundId}</dd>
            <dt>类别</dt><dd>{data.category}</dd>
            {ledger.data && (
              <>
                <dt>主管部门</dt><dd>{ledger.data.department}</dd>
                <dt>级次 · 年度</dt>
                <dd>{nameOf(FUND_LEVEL_NAMES, ledger.data.level)} · {ledger.data.fiscalYear}</dd>
                <dt>到账日期</dt><dd>{ledger.data.receivedOn}</dd>
              </>
            )}
            <dt>金额</dt><dd><Money fen={data.amountFen} testId="fund-amount" /></dd>
            <dt>已下达</dt><dd><Money fen={data.allocatedFen} testId="fund-allocated" /></dd>
            <dt>未下达</dt><dd><Money fen={data.unallocatedFen} testId="fund-unallocated" /></dd>
          </dl>
          <h2>分配</h2>
          <Allocations fund={data} />
          <h2>流水</h2>
          {ledger.error && <ErrorNote error={ledger.error} onRetry={ledger.reload} />}
          {ledger.data && <Movements ledger={ledger.data} />}
          {(session.role === 'finance' || session.role === 'admin') && (
            <FinanceForms fund={data} onDone={reload} />
          )}
        </>
      )}
    </section>
  );
}
