import { z } from 'zod';
import type { CommandOf } from './command-of';
import { entityId } from './primitives';
import { AlertAcknowledged, AlertAssigned, AlertRaised, AlertResolved } from './events';

/**
 * Alert commands (SPEC §6, §7). Alerts are raised by the rules, not by clients, but the body
 * schema exists so that every command has one. Acknowledge and resolve bodies carry no `by`:
 * the HTTP layer takes it from the authenticated caller, so nobody signs in another's name.
 */

export const RaiseAlertBody = AlertRaised.extend({ alertId: entityId.optional() });
export const RaiseAlertData = AlertRaised.extend({ alertId: entityId });

export const AcknowledgeAlertBody = z.strictObject({
  note: AlertAcknowledged.shape.note.optional(),
});
export const AcknowledgeAlertData = AlertAcknowledged.extend({
  alertId: entityId,
  note: AlertAcknowledged.shape.note.optional(),
});

export const ResolveAlertBody = z.strictObject({
  resolution: AlertResolved.shape.resolution,
  note: AlertResolved.shape.note.optional(),
});
export const ResolveAlertData = AlertResolved.extend({
  alertId: entityId,
  note: AlertResolved.shape.note.optional(),
});

/** Case handling (督办, SPEC §12): who follows the alert up, and by when. */
export const AssignAlertBody = z.strictObject({
  assignee: AlertAssigned.shape.assignee,
  dueOn: AlertAssigned.shape.dueOn,
  note: AlertAssigned.shape.note.optional(),
});
export const AssignAlertData = AlertAssigned.extend({
  alertId: entityId,
  note: AlertAssigned.shape.note.optional(),
});

export type RaiseAlert = CommandOf<'RaiseAlert', typeof RaiseAlertData>;
export type AcknowledgeAlert = CommandOf<'AcknowledgeAlert', typeof AcknowledgeAlertData>;
export type ResolveAlert = CommandOf<'ResolveAlert', typeof ResolveAlertData>;

export type AssignAlert = CommandOf<'AssignAlert', typeof AssignAlertData>;

export type AlertCommand = RaiseAlert | AcknowledgeAlert | ResolveAlert | AssignAlert;
