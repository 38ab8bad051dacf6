import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

/**
 * k8s/ must stay deployable: rendered as `kubectl apply -k k8s/` would (`kubectl kustomize`,
 * or the files kustomization.yaml lists where no kubectl is installed), every object passes
 * the Kubernetes schemas (kubernetes-models, in a child process because it is ESM only), and
 * the hardening the services rely on is present in each workload.
 */
const root = join(__dirname, '..', '..');
const k8sDir = join(root, 'k8s');
const RUN_TIMEOUT_MS = 60_000;

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  spec?: Record<string, unknown>;
  automountServiceAccountToken?: boolean;
}

interface Container {
  name: string;
  startupProbe?: unknown;
  lifecycle?: { preStop?: unknown };
  securityContext?: { readOnlyRootFilesystem?: boolean; allowPrivilegeEscalation?: boolean };
  volumeMounts?: { name: string; mountPath: string }[];
}

interface PodSpec {
  automountServiceAccountToken?: boolean;
  serviceAccountName?: string;
  securityContext?: { runAsNonRoot?: boolean; seccompProfile?: { type?: string } };
  containers: Container[];
  initContainers?: Container[];
  volumes?: { name: string; emptyDir?: unknown }[];
}

function render(): { yaml: string; via: string } {
  const kubectl = spawnSync('kubectl', ['kustomize', k8sDir], {
    encoding: 'utf8',
    timeout: RUN_TIMEOUT_MS,
  });
  if (kubectl.status === 0) return { yaml: kubectl.stdout, via: 'kubectl kustomize' };
  // No kubectl here: the files kustomization.yaml lists, in its order.
  const kustomization = parseAllDocuments(readFileSync(join(k8sDir, 'kustomization.yaml'), 'utf8'))
    .map((doc) => doc.toJS() as { resources: string[] })[0]!;
  const files = kustomization.resources.map((file) => readFileSync(join(k8sDir, file), 'utf8'));
  return { yaml: files.join('\n---\n'), via: 'kustomization.yaml resources' };
}

const rendered = render();
const objects = parseAllDocuments(rendered.yaml)
  .map((doc) => doc.toJS() as K8sObject | null)
  .filter((object): object is K8sObject => object !== null);
const ofKind = (kind: string): K8sObject[] => objects.filter((object) => object.kind === kind);
const podSpecOf = (object: K8sObject): PodSpec =>
  (object.spec as { template: { spec: PodSpec } }).template.spec;

describe(`k8s/ rendered by ${rendered.via}`, () => {
  it('validates every object against the Kubernetes schemas', () => {
    const result = spawnSync('node', [join(__dirname, 'validate-k8s.mjs')], {
      cwd: root,
      input: rendered.yaml,
      encoding: 'utf8',
      timeout: RUN_TIMEOUT_MS,
    });
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout) as { checked: string[]; problems: string[] };
    expect(report.problems).toEqual([]);
    expect(report.checked).toHaveLength(objects.length);
  });

  it('has a Deployment, Service, HPA and PDB per service, a Job, an Ingress and policies', () => {
    const services = ['funds-service', 'projects-service', 'ledger-projector', 'alert-service'];
    for (const kind of ['Deployment', 'Service', 'HorizontalPodAutoscaler']) {
      expect(ofKind(kind).map((object) => object.metadata.name).sort()).toEqual(services.sort());
    }
    expect(ofKind('PodDisruptionBudget')).toHaveLength(services.length);
    expect(ofKind('Job')).toHaveLength(1);
    expect(ofKind('Ingress')).toHaveLength(1);
    expect(ofKind('NetworkPolicy').length).toBeGreaterThanOrEqual(1);
    expect(ofKind('ServiceAccount')[0]?.automountServiceAccountToken).toBe(false);
  });

  it('hardens every workload: no token, seccomp, non-root, read-only root, /tmp emptyDir', () => {
    const workloads = [...ofKind('Deployment'), ...ofKind('Job')];
    for (const workload of workloads) {
      const pod = podSpecOf(workload);
      expect(pod.automountServiceAccountToken).toBe(false);
      expect(pod.serviceAccountName).toBe('sunshine');
      expect(pod.securityContext?.runAsNonRoot).toBe(true);
      expect(pod.securityContext?.seccompProfile?.type).toBe('RuntimeDefault');
      const tmp = pod.volumes?.find((volume) => volume.emptyDir !== undefined);
      for (const container of [...pod.containers, ...(pod.initContainers ?? [])]) {
        expect(container.securityContext?.readOnlyRootFilesystem).toBe(true);
        expect(container.securityContext?.allowPrivilegeEscalation).toBe(false);
        expect(container.volumeMounts).toContainEqual({ name: tmp?.name, mountPath: '/tmp' });
      }
    }
  });

  it('gives each service container startup probes and a preStop pause', () => {
    for (const deployment of ofKind('Deployment')) {
      for (const container of podSpecOf(deployment).containers) {
        expect(container.startupProbe).toBeDefined();
        expect(container.lifecycle?.preStop).toBeDefined();
      }
    }
  });

  it('labels every object with the recommended app.kubernetes.io labels', () => {
    for (const object of objects) {
      const labels = object.metadata.labels ?? {};
      expect(labels['app.kubernetes.io/part-of']).toBe('sunshine');
      if (object.kind === 'Namespace' || object.kind === 'ConfigMap') continue;
      expect(labels['app.kubernetes.io/name']).toBeDefined();
      expect(labels['app.kubernetes.io/instance']).toBe('sunshine');
      expect(labels['app.kubernetes.io/managed-by']).toBe('kustomize');
    }
  });
});
