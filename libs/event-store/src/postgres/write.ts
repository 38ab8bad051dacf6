import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import { DomainError } from '@sunshine/domain';
import { chainHashes, computeGlobalHash } from '../hash-chain';
import type { ExpectedVersion, NewEvent, StoredEvent } from '../port';

/**
 * The write half of the PostgreSQL adapter, shared by `append` and `appendBulk`. Everything
 * here runs inside a transaction opened by the caller: stream heads are locked first (in
 * stream id order), the position counter last, so positions are handed out in commit order.
 */

/** Rows per multi-row INSERT; keeps each statement's parameters well under 1 GB arrays. */
export const INSERT_ROWS_MAX = 2000;

export interface StreamHead {
  version: number;
  lastHash: string;
}

export function checkExpectedVersion(
  streamId: string,
  current: number,
  expected: ExpectedVersion,
): void {
  const matches =
    expected === 'any' || (expected === 'no_stream' ? current === 0 : current === expected);
  if (!matches) {
    throw new DomainError(
      'CONCURRENCY_CONFLICT',
      `stream ${streamId} is at version ${current}, expected ${String(expected)}`,
      [{ path: 'expectedVersion', message: `current version is ${current}` }],
    );
  }
}

/** An event with everything but its global position and recording time settled. */
export interface PreparedEvent {
  eventId: string;
  streamId: string;
  streamVersion: number;
  event: NewEvent;
  prevHash: string;
  hash: string;
  idempotencyKey?: string;
}

export function prepareEvents(
  streamId: string,
  head: StreamHead,
  events: NewEvent[],
  idempotencyKey?: string,
): PreparedEvent[] {
  const links = chainHashes(head.lastHash, events);
  return events.map((event, index) => {
    const link = links[index];
    if (!link) throw new Error('chainHashes returned fewer links than events');
    const prepared: PreparedEvent = {
      eventId: event.eventId ?? randomUUID(),
      streamId,
      streamVersion: head.version + index + 1,
      event,
      prevHash: link.prevHash,
      hash: link.hash,
    };
    if (idempotencyKey !== undefined) prepared.idempotencyKey = idempotencyKey;
    return prepared;
  });
}

/** Locks (creating when missing) the heads of the given streams, in stream id order. */
export async function lockHeads(
  client: PoolClient,
  streamIds: readonly string[],
  genesisHash: string,
): Promise<Map<string, StreamHead>> {
  const sorted = [...new Set(streamIds)].sort();
  const result = await client.query<{ stream_id: string; version: number; last_hash: string }>(
    `INSERT INTO es_streams (stream_id, version, last_hash)
     SELECT s, 0, $2 FROM unnest($1::text[]) WITH ORDINALITY AS t(s, n) ORDER BY n
     ON CONFLICT (stream_id) DO UPDATE SET stream_id = excluded.stream_id
     RETURNING stream_id, version, last_hash`,
    [sorted, genesisHash],
  );
  return new Map(
    result.rows.map((row) => [row.stream_id, { version: row.version, lastHash: row.last_hash }]),
  );
}

/**
 * The global chain's head while a transaction holds the position counter: the events it
 * inserts are hashed onto it in position order, and `saveGlobalHead` stores the new head in
 * the same transaction, beside the counter and as a link in `es_global_chain` at the
 * transaction's last position. The counter's row lock already orders every writer, so the
 * chain costs one hash per event and one statement per transaction, not another lock, and
 * no bytes per stored event.
 */
export class GlobalChain {
  /** The position the head was computed at. */
  position = 0;

  constructor(public head: string) {}

  /** Links events inserted next, in position order; advances the head. */
  link(events: readonly StoredEvent[]): void {
    for (const event of events) {
      this.head = computeGlobalHash(this.head, event.hash);
      this.position = event.globalPosition;
    }
  }
}

export interface TakenPositions {
  firstPosition: number;
  chain: GlobalChain;
}

/** Takes `count` consecutive global positions; returns the first one and the chain's head. */
export async function takePositions(client: PoolClient, count: number): Promise<TakenPositions> {
  const result = await client.query<{ value: string; global_hash: string }>(
    'UPDATE es_position SET value = value + $1 WHERE id = 1 RETURNING value, global_hash',
    [count],
  );
  const row = result.rows[0];
  if (!row) throw new Error('es_position has no row: migrations did not run');
  return { firstPosition: Number(row.value) - count + 1, chain: new GlobalChain(row.global_hash) };
}

export async function saveGlobalHead(client: PoolClient, chain: GlobalChain): Promise<void> {
  if (chain.position === 0) return;
  await client.query(
    `WITH head AS (UPDATE es_position SET global_hash = $2 WHERE id = 1)
     INSERT INTO es_global_chain (position, global_hash) VALUES ($1, $2)`,
    [chain.position, chain.head],
  );
}

function toStored(
  prepared: PreparedEvent,
  globalPosition: number,
  recordedAt: string,
): StoredEvent {
  const { event } = prepared;
  const stored: StoredEvent = {
    eventId: prepared.eventId,
    type: event.type,
    schemaVersion: event.schemaVersion,
    streamId: prepared.streamId,
    streamVersion: prepared.streamVersion,
    globalPosition,
    occurredOn: event.occurredOn,
    recordedAt,
    actor: { sub: event.actor.sub, role: event.actor.role },
    correlationId: event.correlationId,
    causationId: event.causationId,
    prevHash: prepared.prevHash,
    hash: prepared.hash,
    data: event.data,
  };
  if (prepared.idempotencyKey !== undefined) stored.idempotencyKey = prepared.idempotencyKey;
  if (event.traceparent !== undefined) stored.traceparent = event.traceparent;
  return stored;
}

const INSERT_EVENTS = `INSERT INTO es_events (global_position, event_id, stream_id,
    stream_version, type, schema_version, data, metadata, occurred_on, recorded_at, prev_hash,
    hash, idempotency_key)
  SELECT t.p, t.e, t.s, t.v, t.ty, t.sv, t.d, t.m, t.o, $12::timestamptz, t.ph, t.h, t.k
  FROM unnest($1::bigint[], $2::text[], $3::text[], $4::int[], $5::text[], $6::int[],
    $7::jsonb[], $8::jsonb[], $9::date[], $10::text[], $11::text[], $13::text[])
    AS t(p, e, s, v, ty, sv, d, m, o, ph, h, k)`;

function insertParams(batch: readonly StoredEvent[], recordedAt: string): unknown[] {
  return [
    batch.map((e) => e.globalPosition),
    batch.map((e) => e.eventId),
    batch.map((e) => e.streamId),
    batch.map((e) => e.streamVersion),
    batch.map((e) => e.type),
    batch.map((e) => e.schemaVersion),
    batch.map((e) => JSON.stringify(e.data)),
    batch.map((e) => JSON.stringify(metadataOf(e))),
    batch.map((e) => e.occurredOn),
    batch.map((e) => e.prevHash),
    batch.map((e) => e.hash),
    recordedAt,
    batch.map((e) => e.idempotencyKey ?? null),
  ];
}

function metadataOf(event: StoredEvent): Record<string, unknown> {
  const metadata: Record<string, unknown> = {
    actor: event.actor,
    correlationId: event.correlationId,
    causationId: event.causationId,
  };
  if (event.traceparent !== undefined) metadata.traceparent = event.traceparent;
  return metadata;
}

/** Assigns positions and inserts the events with multi-row INSERTs of INSERT_ROWS_MAX. */
export async function insertEvents(
  client: PoolClient,
  prepared: PreparedEvent[],
): Promise<StoredEvent[]> {
  if (prepared.length === 0) return [];
  const { firstPosition, chain } = await takePositions(client, prepared.length);
  const recordedAt = new Date().toISOString();
  const stored = storedAt(prepared, firstPosition, recordedAt);
  for (let start = 0; start < stored.length; start += INSERT_ROWS_MAX) {
    await sendInsert(client, stored.slice(start, start + INSERT_ROWS_MAX), recordedAt, chain);
  }
  await saveGlobalHead(client, chain);
  return stored;
}

/** The prepared events as stored, numbered from `firstPosition`. */
export function storedAt(
  prepared: readonly PreparedEvent[],
  firstPosition: number,
  recordedAt: string,
): StoredEvent[] {
  return prepared.map((p, index) => toStored(p, firstPosition + index, recordedAt));
}

/**
 * One multi-row INSERT of at most INSERT_ROWS_MAX events with their positions set; batches
 * must be sent in position order, since each links the global chain onward.
 */
export function sendInsert(
  client: PoolClient,
  batch: readonly StoredEvent[],
  recordedAt: string,
  chain: GlobalChain,
): Promise<unknown> {
  if (batch.length > INSERT_ROWS_MAX) throw new Error('an INSERT batch exceeds INSERT_ROWS_MAX');
  chain.link(batch);
  return client.query(INSERT_EVENTS, insertParams(batch, recordedAt));
}

export async function updateHeads(
  client: PoolClient,
  heads: Map<string, StreamHead>,
): Promise<void> {
  const ids = [...heads.keys()];
  await client.query(
    `UPDATE es_streams AS s SET version = t.v, last_hash = t.h
     FROM unnest($1::text[], $2::int[], $3::text[]) AS t(id, v, h)
     WHERE s.stream_id = t.id`,
    [ids, ids.map((id) => heads.get(id)?.version), ids.map((id) => heads.get(id)?.lastHash)],
  );
}
