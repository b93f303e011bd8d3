import { and, eq, inArray, isNull, lte, ne, or } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { type Program, updateProgram } from '../db/repositories/programs';
import {
  blockedPairs,
  members,
  offerMembers,
  offers,
  outbox,
  participants,
  relationshipMembers,
  relationships,
  surveyAnswers,
} from '../db/schema';
import {
  type Candidate,
  type MatchInput,
  optimalMatch,
  type ProposedMatch,
  type Unmatched,
} from '../domain/matching';
import type { SurveyAnswer } from '../domain/program-rules';
import { formatLocal, localDate, nextWorkingTime, safeZone, workingOverlapMinutes } from '../domain/time';
import { enqueueDm } from '../outbox/enqueue';
import {
  buildOffer,
  buildOfferClosedForOthers,
  buildOfferReminder,
  buildRoundHeadsUp,
  buildUnmatched,
  type OfferView,
} from '../slack/views/offer';
import { catalogueOf } from './survey';

const DAY = 86_400_000;
export const OFFER_EXPIRES_DAYS = 5;
export const OFFER_REMINDER_DAYS = 3;
export const ROUND_EVERY_DAYS = 7;

export interface PoolEntry {
  participantId: number;
  userId: string;
  name: string;
  tz: string;
  answer: SurveyAnswer;
}

/**
 * People waiting for a match: answered the survey, reachable, not skipping this round, and in no pending offer or
 * open relationship of this program.
 */
export function loadPool(db: DbOrTx, programId: number, now: Date): PoolEntry[] {
  const busy = new Set<string>([
    ...db
      .select({ userId: offerMembers.userId })
      .from(offerMembers)
      .innerJoin(offers, eq(offers.id, offerMembers.offerId))
      .where(and(eq(offers.programId, programId), eq(offers.status, 'pending')))
      .all()
      .map((r) => r.userId),
    ...db
      .select({ userId: relationshipMembers.userId })
      .from(relationshipMembers)
      .innerJoin(relationships, eq(relationships.id, relationshipMembers.relationshipId))
      .where(and(eq(relationships.programId, programId), ne(relationships.status, 'ended')))
      .all()
      .map((r) => r.userId),
  ]);
  const rows = db
    .select({ p: participants, a: surveyAnswers, m: members })
    .from(participants)
    .innerJoin(surveyAnswers, eq(surveyAnswers.participantId, participants.id))
    .innerJoin(members, eq(members.userId, participants.userId))
    .where(
      and(
        eq(participants.programId, programId),
        eq(participants.status, 'answered'),
        eq(members.isActive, true),
        isNull(members.deliveryError),
        or(isNull(participants.skipUntil), lte(participants.skipUntil, now.getTime())),
      ),
    )
    .orderBy(participants.id)
    .all();
  return rows
    .filter((r) => !busy.has(r.p.userId))
    .map((r) => {
      const { participantId: _p, updatedAt: _u, ...answer } = r.a;
      return { participantId: r.p.id, userId: r.p.userId, name: r.m.name, tz: safeZone(r.m.tz), answer };
    });
}

export function loadBlocked(db: DbOrTx, programId: number): Array<[string, string]> {
  return db
    .select({ a: blockedPairs.userA, b: blockedPairs.userB })
    .from(blockedPairs)
    .where(eq(blockedPairs.programId, programId))
    .all()
    .map((r) => [r.a, r.b] as [string, string]);
}

/** Plain data for the matching engine; overlaps are computed once per pair of time zones. */
export function matchInput(
  program: Program,
  pool: PoolEntry[],
  blocked: Array<[string, string]>,
  now: Date,
): MatchInput {
  const tzOf = new Map(pool.map((p) => [p.userId, p.tz]));
  const cache = new Map<string, number>();
  const overlapMinutes = (a: string, b: string) => {
    const za = tzOf.get(a) ?? 'UTC';
    const zb = tzOf.get(b) ?? 'UTC';
    const key = za < zb ? `${za}|${zb}` : `${zb}|${za}`;
    let v = cache.get(key);
    if (v === undefined) {
      v = workingOverlapMinutes(za, zb, now);
      cache.set(key, v);
    }
    return v;
  };
  const candidates: Candidate[] = pool.map((p) => ({
    id: p.userId,
    name: p.name,
    role: p.answer.role,
    level: p.answer.level,
    department: p.answer.department,
    teach: p.answer.teach,
    learn: p.answer.learn,
    capacity: p.answer.capacity,
    avoid: p.answer.avoid,
  }));
  return { kind: program.kind, candidates, overlapMinutes, blocked, catalogue: [...catalogueOf(program)] };
}

export function blockPair(
  db: DbOrTx,
  programId: number,
  a: string,
  b: string,
  reason: 'declined' | 'expired' | 'matched',
  now: Date,
) {
  const [userA, userB] = a < b ? [a, b] : [b, a];
  db.insert(blockedPairs)
    .values({ programId, userA, userB, reason, createdAt: now.getTime() })
    .onConflictDoNothing()
    .run();
}

export function nextRoundAt(program: Pick<Program, 'lastRoundAt' | 'surveyClosesAt'>): number {
  return program.lastRoundAt === null ? program.surveyClosesAt : program.lastRoundAt + ROUND_EVERY_DAYS * DAY;
}

function tzOf(db: DbOrTx, userId: string): string {
  return safeZone(db.select({ tz: members.tz }).from(members).where(eq(members.userId, userId)).get()?.tz);
}

export function nextRoundText(db: DbOrTx, program: Program, userId: string, now: Date): string {
  const at = Math.max(nextRoundAt(program), now.getTime() + DAY);
  const tz = tzOf(db, userId);
  return `on ${formatLocal(nextWorkingTime(new Date(at), tz), tz).replace(/, \d\d:\d\d$/, '')}`;
}

type Proposal = ProposedMatch;

/** Creates one offer for a proposed relationship and queues its DMs, each in the recipient's working hours. */
export function createOffer(
  db: DbOrTx,
  program: Program,
  proposal: Proposal,
  now: Date,
  opts: { pickedBy?: string } = {},
): number {
  const offer = db
    .insert(offers)
    .values({
      programId: program.id,
      score: Math.round(proposal.score),
      reasons: proposal.reasons,
      createdAt: now.getTime(),
      expiresAt: now.getTime() + OFFER_EXPIRES_DAYS * DAY,
    })
    .returning({ id: offers.id })
    .get();
  const cohort = proposal.memberIds.length > 2;
  for (const userId of proposal.memberIds) {
    const role =
      proposal.mentorId === null
        ? 'peer'
        : proposal.mentorId === userId
          ? ('mentor' as const)
          : ('mentee' as const);
    const picker = opts.pickedBy === userId;
    db.insert(offerMembers)
      .values({
        offerId: offer.id,
        userId,
        role,
        response: picker ? 'accepted' : 'pending',
        respondedAt: picker ? now.getTime() : null,
      })
      .run();
    if (picker) continue;
    const tz = tzOf(db, userId);
    const sendAt = nextWorkingTime(now, tz);
    enqueueDm(
      db,
      {
        key: `offer:${offer.id}:${userId}`,
        userId,
        notBefore: sendAt,
        message: buildOffer(
          offerView(
            program,
            offer.id,
            proposal.memberIds,
            proposal.reasons,
            userId,
            role,
            cohort,
            tz,
            sendAt,
            opts.pickedBy,
          ),
        ),
      },
      now,
    );
  }
  return offer.id;
}

export function offerView(
  program: Pick<Program, 'name'>,
  offerId: number,
  memberIds: string[],
  reasons: string[],
  userId: string,
  role: OfferView['role'],
  cohort: boolean,
  tz: string,
  sentAt: Date,
  pickedBy?: string,
): OfferView {
  return {
    offerId,
    programName: program.name,
    partners: memberIds.filter((m) => m !== userId),
    reasons,
    role,
    cohort,
    expiresOn: formatLocal(new Date(sentAt.getTime() + OFFER_EXPIRES_DAYS * DAY), tz),
    pickedBy,
  };
}

/** One matching round: everyone in the pool is either offered a match or told kindly why not yet. */
export function runRound(db: DbOrTx, program: Program, now: Date, roundKey: string): Record<string, number> {
  const pool = loadPool(db, program.id, now);
  updateProgram(db, program.id, { lastRoundAt: now.getTime() });
  if (pool.length === 0) return { pool: 0, offers: 0, unmatched: 0 };
  const result: { relationships: ProposedMatch[]; unmatched: Unmatched[] } =
    pool.length < 2
      ? {
          relationships: [],
          unmatched: pool.map((p) => ({
            id: p.userId,
            kind: 'unavailable' as const,
            reason: 'Nobody else is waiting for a match yet.',
          })),
        }
      : optimalMatch(matchInput(program, pool, loadBlocked(db, program.id), now));
  for (const proposal of result.relationships) createOffer(db, program, proposal, now);
  const after = { ...program, lastRoundAt: now.getTime() };
  for (const u of result.unmatched) {
    const tz = tzOf(db, u.id);
    enqueueDm(
      db,
      {
        key: `unmatched:${program.id}:${u.id}:${roundKey}`,
        userId: u.id,
        notBefore: nextWorkingTime(now, tz),
        message: buildUnmatched({
          programName: program.name,
          reason: u.reason,
          nextRound: nextRoundText(db, after, u.id, now),
        }),
      },
      now,
    );
  }
  return { pool: pool.length, offers: result.relationships.length, unmatched: result.unmatched.length };
}

/** A member's offer DM: when it was delivered (by the injected clock), or whether it failed for good. */
function offerDm(db: DbOrTx, offerId: number, userId: string) {
  return db
    .select({ status: outbox.status, at: outbox.sentAt })
    .from(outbox)
    .where(eq(outbox.key, `offer:${offerId}:${userId}`))
    .get();
}

/** The member who picked the others as an alternative: accepted from the start, so never sent an offer DM. */
function pickerOf(db: DbOrTx, offerId: number, ms: Array<{ userId: string; response: string }>) {
  return ms.find((m) => m.response === 'accepted' && offerDm(db, offerId, m.userId) === undefined)?.userId;
}

/**
 * Offers unanswered 3 days after delivery get one reminder; 5 days after delivery they expire the way a decline
 * does: everyone is told gently and goes back into the pool, and the pair is not proposed again.
 */
export function expireAndRemindOffers(db: DbOrTx, program: Program, now: Date): Record<string, number> {
  const pending = db
    .select()
    .from(offers)
    .where(and(eq(offers.programId, program.id), eq(offers.status, 'pending')))
    .all();
  let expired = 0;
  let reminded = 0;
  let unreachable = 0;
  for (const offer of pending) {
    const ms = db.select().from(offerMembers).where(eq(offerMembers.offerId, offer.id)).all();
    const waiting = ms.filter((m) => m.response === 'pending');
    const dms = waiting.map((m) => offerDm(db, offer.id, m.userId));
    // Someone the offer could not reach (e.g. deactivated since the survey) will never answer, and its expiry counts
    // from a delivery that never happens: close it now, so the others go back to the pool instead of waiting forever.
    // No pair is blocked, and the unreachable person is not sent the news (it would fail the same way).
    const lost = dms.findIndex((d) => d?.status === 'failed');
    if (lost >= 0) {
      closeOffer(db, program, offer.id, 'withdrawn', waiting[lost]!.userId, now);
      unreachable++;
      continue;
    }
    const times = dms.map((d) => (d?.status === 'sent' ? d.at : null));
    if (times.some((t) => t === null)) continue;
    const last = Math.max(...(times as number[]));
    if (now.getTime() >= last + OFFER_EXPIRES_DAYS * DAY) {
      closeOffer(db, program, offer.id, 'expired', null, now);
      expired++;
      continue;
    }
    if (offer.remindedAt === null && now.getTime() >= last + OFFER_REMINDER_DAYS * DAY) {
      const cohort = ms.length > 2;
      // A reminder reads like the offer it repeats: "<picker> would like to be matched with you", no alternatives.
      const pickedBy = pickerOf(db, offer.id, ms);
      for (const m of waiting) {
        const tz = tzOf(db, m.userId);
        enqueueDm(
          db,
          {
            key: `offer-reminder:${offer.id}:${m.userId}`,
            userId: m.userId,
            notBefore: nextWorkingTime(now, tz),
            message: buildOfferReminder(
              offerView(
                program,
                offer.id,
                ms.map((x) => x.userId),
                offer.reasons,
                m.userId,
                m.role,
                cohort,
                tz,
                new Date(last),
                pickedBy,
              ),
            ),
          },
          now,
        );
      }
      db.update(offers).set({ remindedAt: now.getTime() }).where(eq(offers.id, offer.id)).run();
      reminded++;
    }
  }
  return { offersExpired: expired, offerReminders: reminded, offersUnreachable: unreachable };
}

/** Ends a pending offer; everyone but `actor` is told gently, and the pairs involved are not proposed again. */
export function closeOffer(
  db: DbOrTx,
  program: Program,
  offerId: number,
  reason: 'declined' | 'expired' | 'withdrawn',
  actor: string | null,
  now: Date,
): void {
  db.update(offers)
    .set({ status: reason, closedAt: now.getTime() })
    .where(and(eq(offers.id, offerId), eq(offers.status, 'pending')))
    .run();
  const ms = db.select().from(offerMembers).where(eq(offerMembers.offerId, offerId)).all();
  if (reason !== 'withdrawn') {
    // A decline blocks the decliner with each other member; an expiry blocks the silent ones.
    const blockers =
      reason === 'declined'
        ? ms.filter((m) => m.userId === actor)
        : ms.filter((m) => m.response === 'pending');
    for (const b of blockers) {
      for (const o of ms)
        if (o.userId !== b.userId) blockPair(db, program.id, b.userId, o.userId, reason, now);
    }
  }
  for (const m of ms) {
    if (m.userId === actor) continue;
    const tz = tzOf(db, m.userId);
    enqueueDm(
      db,
      {
        key: `offer-closed:${offerId}:${m.userId}`,
        userId: m.userId,
        notBefore: nextWorkingTime(now, tz),
        message: buildOfferClosedForOthers({
          programName: program.name,
          reason,
          nextRound: nextRoundText(db, program, m.userId, now),
        }),
      },
      now,
    );
  }
}

/** The day before a scheduled round, people in the pool hear about it and can skip it. */
export function roundHeadsUp(db: DbOrTx, program: Program, now: Date): number {
  const round = nextRoundAt(program);
  if (program.headsUpForRound === round) return 0;
  const tz = safeZone(program.timeZone);
  const tomorrow = localDate(new Date(now.getTime() + DAY), tz);
  if (localDate(new Date(round), tz) !== tomorrow) return 0;
  const pool = loadPool(db, program.id, now);
  for (const p of pool) {
    enqueueDm(
      db,
      {
        key: `round-heads-up:${program.id}:${round}:${p.userId}`,
        userId: p.userId,
        notBefore: nextWorkingTime(now, p.tz),
        // A date, not "tomorrow": the DM waits for the person's working hours and may arrive on the day itself.
        message: buildRoundHeadsUp({
          programId: program.id,
          programName: program.name,
          roundOn: `on ${formatLocal(nextWorkingTime(new Date(round), p.tz), p.tz).replace(/, \d\d:\d\d$/, '')}`,
        }),
      },
      now,
    );
  }
  updateProgram(db, program.id, { headsUpForRound: round });
  return pool.length;
}

/** Whether a scheduled run should hold a round today: from the day the survey window closes, then weekly. */
export function roundDue(program: Program, now: Date): boolean {
  const tz = safeZone(program.timeZone);
  return localDate(now, tz) >= localDate(new Date(nextRoundAt(program)), tz);
}

/** "Skip this round": out of the pool until the round after the next. */
export function skipRound(db: DbOrTx, program: Program, userId: string): boolean {
  const until = nextRoundAt(program) + DAY;
  return (
    db
      .update(participants)
      .set({ skipUntil: until })
      .where(
        and(
          eq(participants.programId, program.id),
          eq(participants.userId, userId),
          inArray(participants.status, ['answered']),
        ),
      )
      .run().changes > 0
  );
}
