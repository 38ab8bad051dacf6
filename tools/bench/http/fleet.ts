import { ALL_TOPICS } from '@sunshine/messaging';
import { startFleet, type Fleet, type FleetService } from '@sunshine/testing';
import { log } from '../measure';
import { commandToAlert, type AlertLatencyOptions } from './alerts';
import { HTTP_CLIENTS_MAX } from './config';
import { httpClient, type HttpClient } from './client';
import type { Sequence } from './measures';
import { seedCounty } from './seed';

/**
 * Command → alert on the four services over Kafka (SPEC §9, `fleet_command_to_alert_p99_ms`):
 * the same open-loop payments and alert watcher as on the one-process host, with each route
 * sent to the service that serves it, as a gateway in front of the fleet would.
 */

const ROUTES: [prefix: string, service: FleetService][] = [
  ['/api/alerts', 'alert-service'],
  ['/api/ledger', 'ledger-projector'],
  ['/api/public', 'ledger-projector'],
  ['/api/projects', 'projects-service'],
];

/** One client over the fleet: every path goes to the first instance of its service. */
export function routedClient(fleet: Fleet): HttpClient {
  const clients = new Map<FleetService, HttpClient>();
  const clientOf = (service: FleetService): HttpClient => {
    let client = clients.get(service);
    if (!client) {
      const instance = fleet.instances.find((i) => i.service === service);
      if (!instance) throw new Error(`the fleet runs no ${service}`);
      client = httpClient(instance.baseUrl, HTTP_CLIENTS_MAX, fleet.jwtSecret);
      clients.set(service, client);
    }
    return client;
  };
  const serviceOf = (path: string): FleetService =>
    ROUTES.find(([prefix]) => path.startsWith(prefix))?.[1] ?? 'funds-service';
  const funds = clientOf('funds-service');
  return {
    send: (method, path, options) => clientOf(serviceOf(path)).send(method, path, options),
    token: (role) => funds.token(role),
    close: () => clients.forEach((client) => client.close()),
  };
}

export async function fleetCommandToAlert(sequence: Sequence, options: AlertLatencyOptions) {
  log('fleet: starting PostgreSQL, Redis, Kafka and the four services');
  const fleet = await startFleet({ topics: ALL_TOPICS, env: { LOG_LEVEL: 'warn' } });
  const http = routedClient(fleet);
  try {
    await seedCounty(http);
    return await commandToAlert(http, sequence, options);
  } finally {
    http.close();
    await fleet.stop();
  }
}
