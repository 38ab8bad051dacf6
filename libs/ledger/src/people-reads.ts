import { helperLedger, listAssets, type AssetQuery } from './people-ledgers';
import {
  listHouseholds,
  watchList,
  type HouseholdListQuery,
  type WatchListQuery,
} from './people-queries';
import type { Queryable } from './schema';

/** The SPEC §13 reads over one read-model schema. */
export class PeopleReads {
  constructor(
    private readonly db: Queryable,
    private readonly schema: string,
  ) {}

  households(query: HouseholdListQuery) {
    return listHouseholds(this.db, this.schema, query);
  }

  watchList(query: WatchListQuery) {
    return watchList(this.db, this.schema, query);
  }

  helper(helperId: string) {
    return helperLedger(this.db, this.schema, helperId);
  }

  assets(query: AssetQuery) {
    return listAssets(this.db, this.schema, query);
  }
}
