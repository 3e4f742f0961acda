import { DateTime } from 'luxon';

/*
 * When a participant may ask for a video token: from `opensMinutesBefore` the start (JOIN_OPENS_MINUTES_BEFORE,
 * default 30) until 60 minutes after the scheduled end, and never once the hearing is closed, completed, adjourned,
 * failed or cancelled. The token cannot enforce this (LiveKit only knows its ttl): the service checks it before
 * minting, and a token's ttl (10 minutes) bounds how long one outlives the window.
 */

/** Minutes after the scheduled end during which people may still join (a hearing that overruns). */
export const JOIN_CLOSES_MINUTES_AFTER_END = 60;

export interface JoinWindowFacts {
  startsAt: Date;
  endsAt: Date;
  /** The hearing's status: scheduled, or what its outcome or cancel made it. */
  status: string;
  /** The live state, and when it was closed (if it was). */
  liveState: string;
  closedAt: Date | null;
  /** When the hearing was cancelled or given its outcome, if it was (the window ends then). */
  endedAt: Date | null;
}

export type JoinWindow =
  | { open: true; opensAt: Date; closesAt: Date }
  | { open: false; reason: 'not_yet_open' | 'closed'; opensAt: Date; closesAt: Date };

export function joinWindow(facts: JoinWindowFacts, now: Date, opensMinutesBefore: number): JoinWindow {
  const opensAt = DateTime.fromJSDate(facts.startsAt).minus({ minutes: opensMinutesBefore }).toJSDate();
  const scheduledClose = DateTime.fromJSDate(facts.endsAt).plus({ minutes: JOIN_CLOSES_MINUTES_AFTER_END }).toJSDate();
  const over = facts.liveState === 'closed' || facts.status !== 'scheduled';
  const endedAt = over ? earliest(facts.closedAt, facts.endedAt, scheduledClose) : scheduledClose;
  const closesAt = endedAt < opensAt ? opensAt : endedAt;
  if (over || now >= closesAt) return { open: false, reason: 'closed', opensAt, closesAt };
  if (now < opensAt) return { open: false, reason: 'not_yet_open', opensAt, closesAt };
  return { open: true, opensAt, closesAt };
}

function earliest(...dates: (Date | null)[]): Date {
  return dates.filter((d): d is Date => d !== null).reduce((a, b) => (b < a ? b : a));
}
