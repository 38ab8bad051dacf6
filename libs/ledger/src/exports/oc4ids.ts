import { PROJECT_STAGES } from '@sunshine/domain';
import { fenToYuan } from './money-text';
import { currentStage, type ExportProject } from './project-rows';
import { isProjectStage, OC4IDS_STATUS_BY_STAGE, type Oc4idsStatus } from './stages';

/**
 * A region's projects as an OC4IDS project package (0.9). Only what the public may see goes
 * in: project names, villages, budgets and stages; no household appears in a project row.
 */

export const OC4IDS_VERSION = '0.9';
export const OC4IDS_ID_PREFIX = 'sunshine-';
/** Administrative division codes of GB/T 2260, which village codes extend. */
export const GAZETTEER_SCHEME = 'CN-GB/T2260';

export interface Oc4idsPackageHead {
  uri: string;
  publishedDate: string;
  publisherName: string;
}

const dateTime = (date: string) => `${date}T00:00:00Z`;

export function oc4idsStatus(project: ExportProject): Oc4idsStatus {
  if (project.status === 'cancelled') return 'cancelled';
  const stage = currentStage(project);
  return isProjectStage(stage) ? OC4IDS_STATUS_BY_STAGE[stage] : 'identification';
}

const COMPLETED_FROM = PROJECT_STAGES.indexOf('completion');

/** The date the project reached 竣工, once it has. */
function completedOn(project: ExportProject): string | undefined {
  const reached = project.stages.find(
    (s) => isProjectStage(s.stage) && PROJECT_STAGES.indexOf(s.stage) >= COMPLETED_FROM,
  );
  return reached?.advancedOn;
}

export function oc4idsProject(project: ExportProject): Record<string, unknown> {
  const lastChange = project.stages[project.stages.length - 1]?.advancedOn ?? project.registeredOn;
  const completed = completedOn(project);
  return {
    id: `${OC4IDS_ID_PREFIX}${project.projectId}`,
    updated: dateTime(lastChange),
    language: 'zh',
    identifiers: [{ id: project.projectId, scheme: 'sunshine' }],
    title: project.name,
    status: oc4idsStatus(project),
    additionalClassifications: [{ scheme: 'sunshine-project-kind', id: project.kind }],
    budget: { amount: { amount: fenToYuan(project.budgetFen), currency: 'CNY' } },
    period: { startDate: dateTime(project.registeredOn) },
    locations: [
      {
        id: '1',
        description: project.villageName ?? project.villageCode,
        gazetteer: { scheme: GAZETTEER_SCHEME, identifiers: [project.villageCode] },
      },
    ],
    ...(completed ? { completion: { endDate: dateTime(completed) } } : {}),
  };
}

/** Package head for a region: the OC4IDS version and who publishes it. */
export function oc4idsHead(head: Oc4idsPackageHead): Record<string, unknown> {
  return {
    uri: head.uri,
    publishedDate: head.publishedDate,
    version: OC4IDS_VERSION,
    publisher: { name: head.publisherName },
  };
}

/**
 * The package as JSON text, one project at a time: the head, then the projects, so a
 * region of any size is never held whole. The caller checked that there is a project
 * (the schema asks for at least one).
 */
export async function* oc4idsPackageText(
  head: Oc4idsPackageHead,
  projects: AsyncIterable<ExportProject>,
): AsyncGenerator<string> {
  const opening = JSON.stringify(oc4idsHead(head));
  yield `${opening.slice(0, -1)},"projects":[`;
  let first = true;
  for await (const project of projects) {
    yield `${first ? '' : ','}${JSON.stringify(oc4idsProject(project))}`;
    first = false;
  }
  yield ']}';
}
