import {
  DEMO_COUNTY,
  generateCounty,
  type HostProcess,
  HOST_START_TIMEOUT_MS,
  startHostProcess,
} from '@sunshine/testing';

/** Above the host's drain time (10 s): every request here finishes well inside it. */
const STOP_WITHIN_MS = 20_000;
/** Reads and writes in flight when SIGTERM arrives. */
const REQUESTS_IN_FLIGHT = 36;
/** A client that keeps sending over its kept-alive connections while the host stops. */
const FOLLOW_UP_INTERVAL_MS = 25;

let host: HostProcess;

beforeAll(async () => {
  // The demo county gives the ledger reads something to verify and sum.
  host = await startHostProcess({ LOG_LEVEL: 'info', NODE_ENV: 'development' });
}, HOST_START_TIMEOUT_MS + 10_000);

afterAll(async () => {
  await host?.stop();
});

function bannerToken(role: string): string {
  const match = new RegExp(`^\\s+${role}\\s+(\\S+\\.\\S+\\.\\S+)$`, 'm').exec(host.output());
  if (!match?.[1]) throw new Error(`no ${role} token in the banner:\n${host.output()}`);
  return match[1];
}

type Outcome = { status: number; code?: string } | { failed: string };

/** A response's status (and error code when it is 503), or the transport failure. */
async function attempt(url: string, init: RequestInit): Promise<Outcome> {
  try {
    const response = await fetch(url, init);
    const text = await response.text();
    if (response.status !== 503) return { status: response.status };
    const body = JSON.parse(text) as { error?: { code?: string } };
    return { status: 503, code: body.error?.code };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return { failed: cause?.code ?? String(error) };
  }
}

function requests(): Array<[string, RequestInit]> {
  const { plan } = generateCounty(DEMO_COUNTY);
  const auditor = { authorization: `Bearer ${bannerToken('auditor')}` };
  const registrar = bannerToken('registrar');
  const base = host.baseUrl;
  const list: Array<[string, RequestInit]> = [];
  for (let i = 0; list.length < REQUESTS_IN_FLIGHT; i += 1) {
    const village = plan.villages[i % plan.villages.length]!.code;
    list.push([`${base}/api/ledger/villages/${village}/history?verify=full`, { headers: auditor }]);
    list.push([`${base}/api/ledger/regions/${plan.county.code}/summary`, { headers: auditor }]);
    list.push([`${base}/api/households`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${registrar}`,
        'idempotency-key': `shutdown-household-${i}`,
      },
      body: JSON.stringify({
        villageCode: village, headName: `户主${i}`, idNumber: `32082619900101${String(i).padStart(3, '0')}X`,
        members: 2, registeredOn: '2025-01-05',
      }),
    }]);
  }
  return list;
}

describe('the one-process host stopping under load', () => {
  it('finishes the requests in flight, refuses later ones cleanly and exits 0', async () => {
    const batch = requests();
    // A first round opens the connections, so that the second is sent on accepted ones.
    expect((await Promise.all(batch.map(([url, init]) => attempt(url, init))))
      .filter((o) => !('status' in o) || o.status >= 400)).toEqual([]);
    const inFlight = batch.map(([url, init]) => attempt(url, init));
    // Let the batch reach the handlers, then stop while a client keeps sending.
    await new Promise((r) => setTimeout(r, 150));
    const startedAt = Date.now();
    const stopped = host.stop();
    let exited = false;
    const followUps: Promise<Outcome>[] = [];
    const sender = (async () => {
      for (let i = 0; !exited && Date.now() - startedAt < STOP_WITHIN_MS; i += 1) {
        const [url, init] = batch[i % batch.length]!;
        followUps.push(attempt(url, init));
        await new Promise((r) => setTimeout(r, FOLLOW_UP_INTERVAL_MS));
      }
    })();
    const code = await stopped;
    exited = true;
    await sender;
    const elapsedMs = Date.now() - startedAt;

    expect(code).toBe(0);
    expect(elapsedMs).toBeLessThan(STOP_WITHIN_MS);
    // Sent before SIGTERM on open connections: answered, or refused with 503 when the host
    // had not read them yet; none cut by a closed pool or socket, and the slow ones finish.
    const answered = await Promise.all(inFlight);
    const refused = (o: Outcome) => 'status' in o && o.status === 503 && o.code === 'UNAVAILABLE';
    expect(answered.filter((o) => !refused(o) && (!('status' in o) || o.status >= 400)))
      .toEqual([]);
    expect(answered.filter((o) => 'status' in o && o.status < 300).length).toBeGreaterThan(0);
    // Sent during the stop: answered, refused with 503 UNAVAILABLE, or not taken at all (a
    // refused connection, or a kept-alive one the server closed as the request went out).
    const later = await Promise.all(followUps);
    const notTaken = ['ECONNREFUSED', 'ECONNRESET', 'UND_ERR_SOCKET'];
    const unclean = later.filter((o) =>
      'status' in o ? o.status >= 500 && o.code !== 'UNAVAILABLE' : !notTaken.includes(o.failed));
    expect(unclean).toEqual([]);
    const output = host.output();
    expect(output).not.toContain('Cannot use a pool after calling end');
    expect(output).not.toMatch(/"level":(50|60)/);
  }, STOP_WITHIN_MS + 15_000);
});
