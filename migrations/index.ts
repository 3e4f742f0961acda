import { Foundation1764500000000 } from './1764500000000-Foundation';
import { Scheduling1764500100000 } from './1764500100000-Scheduling';
import { DefendantRegisteredBy1764500210000 } from './1764500210000-DefendantRegisteredBy';
import { SittingPlan1764500260000 } from './1764500260000-SittingPlan';
import { CustodyFlagAudit1764500300000 } from './1764500300000-CustodyFlagAudit';
import { DefendantAccess1764500500000 } from './1764500500000-DefendantAccess';
import { CanonicalTimeZones1764500700000 } from './1764500700000-CanonicalTimeZones';
import { NormalizedEmailTokenVersion1764500800000 } from './1764500800000-NormalizedEmailTokenVersion';
import { LeniencyRecords1764500900000 } from './1764500900000-LeniencyRecords';
import { PleaSigningSittings1764501000000 } from './1764501000000-PleaSigningSittings';
import { HearingOutcomes1764501100000 } from './1764501100000-HearingOutcomes';
import { LeniencyScopeStamped1764501200000 } from './1764501200000-LeniencyScopeStamped';
import { Outbox1764501400000 } from './1764501400000-Outbox';
import { HearingVideo1764501500000 } from './1764501500000-HearingVideo';
import { VideoPresence1764501600000 } from './1764501600000-VideoPresence';
import { Invitations1764501700000 } from './1764501700000-Invitations';

/**
 * Every migration, in order. Listed explicitly (not globbed) so the same list runs from compiled
 * JavaScript, from jest and from the CLI. test/integration/migrations.spec.ts fails if a file is missing here.
 */
export const MIGRATIONS = [
  Foundation1764500000000,
  Scheduling1764500100000,
  DefendantRegisteredBy1764500210000,
  SittingPlan1764500260000,
  CustodyFlagAudit1764500300000,
  DefendantAccess1764500500000,
  CanonicalTimeZones1764500700000,
  NormalizedEmailTokenVersion1764500800000,
  LeniencyRecords1764500900000,
  PleaSigningSittings1764501000000,
  HearingOutcomes1764501100000,
  LeniencyScopeStamped1764501200000,
  Outbox1764501400000,
  HearingVideo1764501500000,
  VideoPresence1764501600000,
  Invitations1764501700000,
];
