import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { listProgramsByOwner, type Program } from '../db/repositories/programs';
import { participants, programs } from '../db/schema';
import type { Deps } from '../deps';
import type { Digest } from '../domain/digest';
import { type Checkin, ownCheckins } from './checkins';
import { loadDigest } from './digest';
import { type RelationshipSummary, summariesFor } from './relationships';

export interface HomeParticipation {
  programId: number;
  programName: string;
  programStatus: Program['status'];
  status: 'invited' | 'declined' | 'answered' | 'left';
}

export interface HomeProgramSummary {
  program: Program;
  invited: number;
  answered: number;
  declined: number;
  /** The digest's live figures (funnel, this week against the last, pairs at risk). */
  digest: Digest;
}

/** Programs shown on an owner's home tab, newest first: the view has room for this many. */
export const HOME_PROGRAMS_MAX = 10;

export interface HomeData {
  userId: string;
  isOwner: boolean;
  participations: HomeParticipation[];
  relationships: RelationshipSummary[];
  /** The person's own answered check-ins, private notes included: this view is published to them alone. */
  checkins: Checkin[];
  ownerPrograms: HomeProgramSummary[];
}

export function loadHome(deps: Pick<Deps, 'db' | 'clock'>, userId: string, isOwner: boolean): HomeData {
  const { db } = deps;
  const participations = db
    .select({
      programId: programs.id,
      programName: programs.name,
      programStatus: programs.status,
      status: participants.status,
    })
    .from(participants)
    .innerJoin(programs, eq(programs.id, participants.programId))
    .where(eq(participants.userId, userId))
    .orderBy(sql`${programs.id} desc`)
    .all();
  const now = deps.clock.now();
  const ownerPrograms = isOwner
    ? listProgramsByOwner(db, userId)
        .filter((p) => p.status !== 'ended')
        .slice(0, HOME_PROGRAMS_MAX)
        .map((program) => ({
          program,
          ...funnelCounts(deps, program.id),
          digest: loadDigest(db, program, now, { scope: 'home' }),
        }))
    : [];
  return {
    userId,
    isOwner,
    participations,
    relationships: summariesFor(db, userId, now),
    checkins: ownCheckins(db, userId),
    ownerPrograms,
  };
}

export function funnelCounts(deps: { db: DbOrTx }, programId: number) {
  const row = deps.db
    .select({
      invited: sql<number>`count(*)`,
      answered: sql<number>`sum(case when ${participants.status} = 'answered' then 1 else 0 end)`,
      declined: sql<number>`sum(case when ${participants.status} = 'declined' then 1 else 0 end)`,
    })
    .from(participants)
    .where(and(eq(participants.programId, programId)))
    .get();
  return { invited: row?.invited ?? 0, answered: row?.answered ?? 0, declined: row?.declined ?? 0 };
}
