import {
  AdvanceProjectStageBody,
  DistributeProjectIncomeBody,
  PROJECT_STAGES,
  RecordProjectIncomeBody,
} from '@sunshine/domain';
import { readFreshlyWritten, request } from '../api';
import type { Session } from '../auth';
import { CommandForm } from '../components/command-form';
import { ErrorNote, Loading, Money } from '../components/figures';
import { Breadcrumbs } from '../components/layout';
import { Scroll, usePages } from '../components/paging';
import { distributionFields, projectIncomeFields, stageFields } from '../forms';
import { nameOf, STAGE_NAMES } from '../labels';
import { hrefOf } from '../routes';
import { type ProjectLedger, projectLedger } from '../schemas';
import { useResource } from '../use-resource';
import { HistoryTable } from './history-table';
import { PROJECT_STATUS_NAMES } from './projects';

/** The ledger is a read model: after a write, wait this long at most for it to show. */
const LEDGER_POLLS_MAX = 20;
const LEDGER_POLL_MS = 250;

const nextStageOf = (stage: string) =>
  PROJECT_STAGES[PROJECT_STAGES.indexOf(stage as (typeof PROJECT_STAGES)[number]) + 1];

/** Stages in order, each with the day it was reached, the current one marked. */
function StageTrack({ project }: { project: ProjectLedger }) {
  const reached = new Map(project.stages.map((s) => [s.stage, s.advancedOn]));
  reached.set('survey', reached.get('survey') ?? project.registeredOn);
  return (
    <ol className="stages" data-testid="stages">
      {PROJECT_STAGES.map((stage) => (
        <li key={stage}
          className={stage === project.stage ? 'current' : reached.has(stage) ? 'done' : ''}
          aria-current={stage === project.stage ? 'step' : undefined}>
          {nameOf(STAGE_NAMES, stage)}
          {reached.get(stage) && <small> {reached.get(stage)}</small>}
        </li>
      ))}
    </ol>
  );
}

function ManagerForms(props: {
  project: ProjectLedger;
  /** Waits until the ledger shows the change, then shows the project again. */
  onDone: (changed: (p: ProjectLedger) => boolean) => Promise<void>;
}) {
  const { project } = props;
  const base = `/api/projects/${encodeURIComponent(project.projectId)}`;
  const next = nextStageOf(project.stage);
  return (
    <div className="forms">
      {next && (
        <CommandForm key={project.stage} title="推进阶段" path={`${base}/stages`}
          fields={stageFields(next)} schema={AdvanceProjectStageBody} submitLabel="推进"
          testId="form-stage"
          onDone={(_, body) => props.onDone((p) => p.stage === body.stage)} />
      )}
      <CommandForm title="登记项目收益" path={`${base}/income`} fields={projectIncomeFields()}
        schema={RecordProjectIncomeBody} submitLabel="登记" testId="form-income"
        onDone={() => props.onDone((p) => p.incomeFen !== project.incomeFen)} />
      <CommandForm title="收益分配到户" path={`${base}/income-distributions`}
        fields={distributionFields()} schema={DistributeProjectIncomeBody} submitLabel="分配"
        testId="form-distribution"
        onDone={() => props.onDone((p) => p.distributedFen !== project.distributedFen)} />
    </div>
  );
}

export function ProjectView({ id, session }: { id: string; session: Session }) {
  const path = `/api/ledger/projects/${encodeURIComponent(id)}`;
  // A project registered a moment ago reaches the ledger shortly after.
  const project = useResource(path, () =>
    readFreshlyWritten(() => request(path, projectLedger), LEDGER_POLLS_MAX, LEDGER_POLL_MS));
  const data = project.data;
  const entries = usePages(data?.entries ?? []);
  const awaitChange = async (changed: (p: ProjectLedger) => boolean) => {
    for (let poll = 0; poll < LEDGER_POLLS_MAX; poll += 1) {
      if (changed(await request(path, projectLedger))) break;
      await new Promise((resolve) => setTimeout(resolve, LEDGER_POLL_MS));
    }
    project.reload();
  };
  return (
    <section>
      {data && <Breadcrumbs code={data.villageCode} tail={`${data.name} ${id}`}
        link={(code) => hrefOf({ name: 'region', code })} />}
      <h1>项目 <small>{data?.name ?? id}</small></h1>
      {project.error && <ErrorNote error={project.error} onRetry={project.reload} />}
      {project.loading && <Loading />}
      {data && (
        <>
          <dl className="facts">
            <dt>编号</dt><dd>{data.projectId}</dd>
            <dt>类别</dt><dd>{data.kind}</dd>
            <dt>当前阶段</dt>
            <dd data-testid="project-stage" data-stage={data.stage}>
              {nameOf(STAGE_NAMES, data.stage)}（{data.stageSince}起）
            </dd>
            <dt>状态</dt><dd>{nameOf(PROJECT_STATUS_NAMES, data.status)}</dd>
            <dt>预算</dt><dd><Money fen={data.budgetFen} /></dd>
            <dt>已拨付</dt><dd><Money fen={data.disbursedFen} /></dd>
            <dt>收益 / 已分配</dt>
            <dd><Money fen={data.incomeFen} /> / <Money fen={data.distributedFen} /></dd>
            <dt>未分配收益</dt><dd><Money fen={data.undistributedFen} testId="undistributed" /></dd>
          </dl>
          <StageTrack project={data} />
          {(session.role === 'project_manager' || session.role === 'admin') && (
            <ManagerForms project={data} onDone={awaitChange} />
          )}
          <h2>项目流水</h2>
          {data.entries.length === 0 ? <p className="muted">暂无</p> : (
            <Scroll label="项目流水"><HistoryTable entries={entries.rows} /></Scroll>
          )}
          {entries.pager}
        </>
      )}
    </section>
  );
}
