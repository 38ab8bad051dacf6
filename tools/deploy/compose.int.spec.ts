import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parse } from 'yaml';

/**
 * docker-compose.yml must stay valid for `docker compose up`. Only the client is needed to
 * validate it: Compose v2 (`docker compose`) where installed, else Debian's `docker-compose`.
 */
const root = join(__dirname, '..', '..');
const COMPOSE_TIMEOUT_MS = 60_000;

function composeCommand(): string[] | undefined {
  const v2 = spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' });
  if (v2.status === 0) return ['docker', 'compose'];
  const v1 = spawnSync('docker-compose', ['version'], { encoding: 'utf8' });
  if (v1.status === 0) return ['docker-compose'];
  return undefined;
}

function compose(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const command = composeCommand();
  if (!command) throw new Error('no compose client: apt-get install -y docker-compose (.ci/run)');
  const [program, ...prefix] = command;
  return spawnSync(program!, [...prefix, '-f', 'docker-compose.yml', ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: COMPOSE_TIMEOUT_MS,
  });
}

describe('docker-compose.yml', () => {
  it('validates with the compose client', () => {
    const result = compose('config', '-q');
    expect(result.stderr.trim()).toBe('');
    expect(result.status).toBe(0);
  });

  it('brings up every service of the architecture', () => {
    const result = compose('config', '--services');
    const services = result.stdout.split('\n').filter(Boolean);
    for (const name of ['funds-service', 'projects-service', 'ledger-projector', 'alert-service']) {
      expect(services).toContain(name);
    }
    expect(services.length).toBeGreaterThanOrEqual(9);
  });

  it('pins every image, checks every service, and runs the apps on esdb + kafka as node', () => {
    const result = compose('config');
    expect(result.status).toBe(0);
    type Service = {
      image?: string;
      healthcheck?: { test?: unknown };
      command?: unknown;
      environment?: Record<string, string>;
      volumes?: unknown[];
    };
    const services = (parse(result.stdout) as { services: Record<string, Service> }).services;
    for (const [name, service] of Object.entries(services)) {
      expect([name, service.image]).toEqual([name, expect.stringMatching(/:[\w.-]+$/)]);
      expect(service.image).not.toMatch(/:latest$/);
      expect([name, service.healthcheck?.test]).toEqual([name, expect.anything()]);
    }
    for (const name of ['funds-service', 'projects-service', 'ledger-projector', 'alert-service']) {
      const service = services[name]!;
      expect(service.command).toBeUndefined();
      const expected = { EVENT_STORE: 'esdb', BUS: 'kafka', SERVICE: name };
      expect(service.environment).toMatchObject(expected);
    }
    expect(services.kafka?.environment?.KAFKA_LOG_DIRS).toBe('/var/lib/kafka/data');
  });
});
