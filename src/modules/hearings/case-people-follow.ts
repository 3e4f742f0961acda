/**
 * Which people of one booked hearing a change of its case's people moves. Pure: CaseScheduleFollower applies it
 * to every future scheduled hearing of the case.
 *
 * - The case handed to another prosecutor: a hearing held by the old prosecutor goes to the new one. A hearing
 *   that another prosecutor attends (one stood in) keeps them.
 * - A defendant's lawyer assigned, changed or removed: in a hearing that defendant attends, the old lawyer leaves
 *   unless, after the change, they still defend another defendant who attends it (co-defendants may share one);
 *   the new lawyer joins unless they attend already. A hearing the defendant does not attend is not concerned.
 */
export interface HearingPeople {
  prosecutorId: string | null;
  defendantIds: string[];
  defenseLawyerIds: string[];
}

export interface PeopleChange {
  prosecutor: { from: string; to: string } | null;
  defenseLawyers: { defendantId: string; from: string | null; to: string | null }[];
}

export interface PeopleMove {
  /** The prosecutor to release and the one to take instead; null when the hearing's prosecutor stays. */
  prosecutor: { from: string; to: string } | null;
  /** Lawyers who leave the hearing. */
  lawyersOut: string[];
  /** Lawyers who join it, each with the defendant they defend. */
  lawyersIn: { lawyerId: string; defendantId: string }[];
}

/**
 * What `change` moves in `hearing`; `lawyerAfter`: each defendant's lawyer in the case after the change. Nothing
 * to move → every list empty and `prosecutor` null.
 */
export function peopleToMove(
  hearing: HearingPeople,
  change: PeopleChange,
  lawyerAfter: ReadonlyMap<string, string | null>,
): PeopleMove {
  const prosecutor =
    change.prosecutor &&
    hearing.prosecutorId === change.prosecutor.from &&
    change.prosecutor.to !== change.prosecutor.from
      ? change.prosecutor
      : null;
  const attending = new Set(hearing.defendantIds);
  const lawyersOut: string[] = [];
  const lawyersIn: PeopleMove['lawyersIn'] = [];
  for (const c of change.defenseLawyers) {
    if (!attending.has(c.defendantId) || c.from === c.to) continue;
    const stillDefendsAnother = (lawyerId: string) =>
      hearing.defendantIds.some((d) => d !== c.defendantId && lawyerAfter.get(d) === lawyerId);
    if (
      c.from !== null &&
      hearing.defenseLawyerIds.includes(c.from) &&
      !stillDefendsAnother(c.from) &&
      !lawyersOut.includes(c.from)
    )
      lawyersOut.push(c.from);
    if (c.to !== null && !hearing.defenseLawyerIds.includes(c.to) && !lawyersIn.some((l) => l.lawyerId === c.to))
      lawyersIn.push({ lawyerId: c.to, defendantId: c.defendantId });
  }
  return { prosecutor, lawyersOut, lawyersIn };
}

export function movesNothing(m: PeopleMove): boolean {
  return m.prosecutor === null && m.lawyersOut.length === 0 && m.lawyersIn.length === 0;
}
