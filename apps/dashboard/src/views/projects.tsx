import { PROJECT_STAGES, RegisterProjectBody } from '@sunshine/domain';
import { query, request } from '../api';
import { homeRegion, type Session } from '../auth';
import { CommandForm } from '../components/command-form';
import { ErrorNote, Loading, Money } from '../components/figures';
import { CursorPager, Scroll } from '../components/paging';
import { DEFAULT_REGION_CODE } from '../config';
import { projectFields } from '../forms';
import { nameOf, STAGE_NAMES } from '../labels';
import { hrefOf, type ListFilter, navigate } from '../routes';
import { projectList } from '../schemas';
import { useResource } from '../use-resource';

export const PROJECT_PAGE_SIZE = 50;

export const PROJECT_STATUS_NAMES: Record<string, string> = {
  active: '进行中',
  suspended: '暂停',
  cancelled: '已取消',
};

/** Projects in the caller's regions by stage; project managers register new ones here. */
export function ProjectsView({ filter, session }: { filter: ListFilter; session: Session }) {
  const path = `/api/ledger/projects${query({
    region: filter.region, stage: filter.stage, cursor: filter.cursor,
    limit: String(PROJECT_PAGE_SIZE),
  })}`;
  const projects = useResource(path, () => request(path, projectList));
  const home = homeRegion(session, DEFAULT_REGION_CODE);
  const go = (change: ListFilter) =>
    navigate({ name: 'projects', filter: { ...filter, ...change } });
  return (
    <section>
      <h1>项目</h1>
      <div className="filters">
        <select aria-label="阶段" value={filter.stage ?? ''}
          onChange={(event) => go({ stage: event.target.value || undefined, cursor: undefined })}>
          <option value="">全部阶段</option>
          {PROJECT_STAGES.map((stage) => (
            <option key={stage} value={stage}>{nameOf(STAGE_NAMES, stage)}</option>
          ))}
        </select>
      </div>
      {projects.error && <ErrorNote error={projects.error} onRetry={projects.reload} />}
      {projects.loading && <Loading />}
      {projects.data && (
        projects.data.items.length === 0 ? <p className="muted">没有符合条件的项目</p> : (
          <Scroll label="项目列表">
            <table className="grid" data-testid="projects">
              <thead>
                <tr><th>项目</th><th>村</th><th>类别</th><th className="num">预算</th>
                  <th>阶段</th><th>状态</th></tr>
              </thead>
              <tbody>
                {projects.data.items.map((project) => (
                  <tr key={project.projectId} data-testid={`project-${project.projectId}`}>
                    <td>
                      <a href={hrefOf({ name: 'project', id: project.projectId })}>
                        {project.name}
                      </a>
                      <small className="muted"> {project.projectId}</small>
                    </td>
                    <td>{project.villageCode}</td>
                    <td>{project.kind}</td>
                    <td className="num"><Money fen={project.budgetFen} /></td>
                    <td>{nameOf(STAGE_NAMES, project.stage)}（{project.stageSince}起）</td>
                    <td>{nameOf(PROJECT_STATUS_NAMES, project.status)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Scroll>
        )
      )}
      {projects.data && (
        <CursorPager cursor={filter.cursor} nextCursor={projects.data.nextCursor}
          go={(cursor) => go({ cursor })} />
      )}
      {(session.role === 'project_manager' || session.role === 'admin') && (
        <CommandForm title="项目立项" path="/api/projects"
          fields={projectFields(home.length === 12 ? home : '')} schema={RegisterProjectBody}
          submitLabel="立项" testId="form-project"
          onDone={(result) => navigate({ name: 'project', id: result.id })} />
      )}
    </section>
  );
}
