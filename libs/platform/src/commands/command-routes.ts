import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import {
  type Decider,
  DomainError,
  type DomainCommand,
  type DomainEvent,
} from '@sunshine/domain';
import type { EventStore } from '@sunshine/event-store';
import type { z } from 'zod';
import type { AuthenticatedRequest } from '../auth/guard';
import { assertRegionAccess, type Principal } from '../auth/principal';
import { parseBody } from '../http/parse-body';
import { runCommand, type WriteResult } from './command-runner';
import { pathId } from './path-params';
import { requestMetaFromHeaders, type RequestMeta } from './request-meta';

/** What every write route takes from its request: the raw body, the caller, the metadata. */
export interface CommandCall {
  body: unknown;
  principal: Principal;
  meta: RequestMeta;
}

/** `@Call() call: CommandCall` in a write route; a call without a token is a 401. */
export const Call = createParamDecorator(
  (_data: unknown, context: ExecutionContext): CommandCall => {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (!request.principal) throw new DomainError('UNAUTHORIZED', 'a bearer token is required');
    return {
      body: request.body as unknown,
      principal: request.principal,
      meta: requestMetaFromHeaders(request.headers),
    };
  },
);

interface RouteBase<Schema extends z.ZodType> {
  body: Schema;
  /** The command's business date, taken from the body: every event's `occurredOn`. */
  occurredOn: (data: z.output<Schema>) => string;
}

/** A route that starts an aggregate; its body names the region the caller must hold. */
export interface CreateRoute<Schema extends z.ZodType, Command> extends RouteBase<Schema> {
  region: (data: z.output<Schema>) => string;
  command: (data: z.output<Schema>) => Command;
}

/** A route on an aggregate named by the path id. */
export interface UpdateRoute<Schema extends z.ZodType, Command, Entity>
  extends RouteBase<Schema> {
  command: (data: z.output<Schema>, id: string) => Command;
  /** Checks against the loaded entity beyond the region rule, e.g. a village in its county. */
  authorize?: (entity: Entity, data: z.output<Schema>, principal: Principal) => void;
}

export interface CommandRoutesOptions<State, Command, Event extends DomainEvent, Entity> {
  store: EventStore;
  decider: Decider<State, Command, Event>;
  /**
   * The addressed entity in the state the command is decided on: unknown is a 404, outside
   * the caller's regions a 403.
   */
  inRegion: (state: State, id: string, principal: Principal) => Entity;
}

/**
 * The plumbing every write route of one aggregate shares: parse the body, check the region,
 * run the command through the generic handler in its stream's queue, answer
 * 201 {id, streamId, version}. A controller only says how a body becomes a command.
 */
export class CommandRoutes<
  State,
  Command extends DomainCommand,
  Event extends DomainEvent,
  Entity = unknown,
> {
  constructor(private readonly options: CommandRoutesOptions<State, Command, Event, Entity>) {}

  async create<Schema extends z.ZodType>(
    call: CommandCall,
    route: CreateRoute<Schema, Command>,
  ): Promise<WriteResult> {
    const data = parseBody(route.body, call.body);
    assertRegionAccess(call.principal, route.region(data));
    return this.run(call, route.command(data), route.occurredOn(data));
  }

  async update<Schema extends z.ZodType>(
    call: CommandCall,
    id: string,
    route: UpdateRoute<Schema, Command, Entity>,
  ): Promise<WriteResult> {
    const data = parseBody(route.body, call.body);
    const entityId = pathId(id);
    const command = route.command(data, entityId);
    const { inRegion } = this.options;
    // The checks see the very state the command is decided on: one fold serves both.
    return this.run(call, command, route.occurredOn(data), (state) => {
      const entity = inRegion(state, entityId, call.principal);
      route.authorize?.(entity, data, call.principal);
    });
  }

  private run(
    call: CommandCall,
    command: Command,
    occurredOn: string,
    authorize?: (state: State) => void,
  ): Promise<WriteResult> {
    const { principal, meta } = call;
    const { store, decider } = this.options;
    return runCommand(store, { decider, command, occurredOn, principal, meta, authorize });
  }
}
