import type { CommandOf } from './command-of';
import { entityId } from './primitives';
import { HelperRegistered } from './people-events';

/**
 * Helper command (SPEC §13, `PUT /api/helpers/{id}`): registers a helper (帮扶责任人) or
 * changes the registration. The id is in the path.
 */

export const RegisterHelperBody = HelperRegistered;
export const RegisterHelperData = HelperRegistered.extend({ helperId: entityId });

export type RegisterHelper = CommandOf<'RegisterHelper', typeof RegisterHelperData>;

export type HelperCommand = RegisterHelper;
