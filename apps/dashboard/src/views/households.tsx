import { type FormEvent, useState } from 'react';
import { RegisterHouseholdBody } from '@sunshine/domain';
import { homeRegion, type Session } from '../auth';
import { CommandForm } from '../components/command-form';
import { DEFAULT_REGION_CODE } from '../config';
import { householdFields } from '../forms';
import { hrefOf, navigate } from '../routes';

const HOUSEHOLD_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Find a household by its number; the poverty office registers new ones here. */
export function HouseholdsView({ session }: { session: Session }) {
  const [id, setId] = useState('');
  const [problem, setProblem] = useState<string>();
  const home = homeRegion(session, DEFAULT_REGION_CODE);
  const find = (event: FormEvent) => {
    event.preventDefault();
    const wanted = id.trim();
    if (!HOUSEHOLD_ID.test(wanted)) return setProblem('农户编号由 1–64 位字母、数字、“-”或“_”组成');
    navigate({ name: 'household', id: wanted });
  };
  return (
    <section>
      <h1>农户</h1>
      <form className="panel find" onSubmit={find} role="search">
        <h3>查找农户</h3>
        <label htmlFor="find-household">农户编号</label>
        <div className="actions">
          <input id="find-household" value={id} onChange={(event) => setId(event.target.value)}
            aria-invalid={problem ? true : undefined} />
          <button type="submit">查找</button>
        </div>
        {problem && <p className="field-error">{problem}</p>}
        <p className="muted">
          也可在<a href={hrefOf(home.length === 12
            ? { name: 'audit', code: home } : { name: 'region', code: home })}>村级资金审计追溯</a>中
          按村查看农户。
        </p>
      </form>
      {(session.role === 'registrar' || session.role === 'admin') && (
        <CommandForm title="建档立卡：登记农户" path="/api/households"
          fields={householdFields(home.length === 12 ? home : '')} schema={RegisterHouseholdBody}
          submitLabel="登记" testId="form-household"
          onDone={(result) => navigate({ name: 'household', id: result.id })} />
      )}
    </section>
  );
}
