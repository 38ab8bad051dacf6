import { z } from 'zod';
import type { CommandOf } from './command-of';
import { RegionDefined } from './events';

/**
 * Region command (SPEC §7, `PUT /api/regions/{code}`). The code is in the path; the level
 * may be left out because the length of the code determines it (SPEC §3).
 */

export const DefineRegionBody = z.strictObject({
  name: RegionDefined.shape.name,
  level: RegionDefined.shape.level.optional(),
  weakVillage: RegionDefined.shape.weakVillage,
});
export const DefineRegionData = DefineRegionBody.extend({ code: RegionDefined.shape.code });

export type DefineRegion = CommandOf<'DefineRegion', typeof DefineRegionData>;

export type RegionCommand = DefineRegion;
