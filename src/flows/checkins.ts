import { and, eq, inArray, lte } from 'drizzle-orm';
import { type DbOrTx, prepared, writeTx } from '../db/client';
import { audit } from '../db/repositories/events';
import { getProgram, type Program, updateProgram } from '../db/repositories/programs';
import { checkins, goals, relationships } from '../db/schema';
import type { Deps } from '../deps';
import { daysBetween, localDate, nextWorkingTime, safeZone } from '../domain/time';
import { enqueue, enqueueDm } from '../outbox/enqueue';
import { section } from '../slack/views/blocks';
import { buildCheckinRequest } from '../slack/views/checkin';
import { endRelationship, membersByRelationship, relationshipMembersOf } from './relationships';
import { membersOf } from './sessions';

const DAY = 86_400_000;
export const CHECKIN_OPEN_DAYS = 7;
export const CHECKIN_REMINDER_DAYS = 3;
/** The final reflection's period index: after every regular one. */
export const FINAL_PERIOD = 10_000;
/** Final reflections stay open this long before the program is closed for good. */
export const CLOSURE_GRACE_DAYS = 7;
/** A final rating at or above this invites the person to tell their story. */
export const STORY_RATING = 4;

export type Checkin = typeof checkins.$inferSelect;

/** The regular check-in period a relationship is in: every `checkinDays` from its start (0 = none yet). */
export function periodIndex(startedOn: string, today: string, checkinDays: number): number {
  return Math.max(0, Math.floor(daysBetween(startedOn, today) / checkinDays));
}

function requestCheckin(
  db: DbOrTx,
  program: Program,
  relId: number,
  userId: string,
  tz: string,
  period: number,
  isFinal: boolean,
  now: Date,
  partners?: string[],
) {
  const row = db
    .insert(checkins)
    .values({
      relationshipId: relId,
      userId,
      periodIndex: period,
      isFinal,
      dueAt: now.getTime(),
      expiresAt: now.getTime() + CHECKIN_OPEN_DAYS * DAY,
    })
    .onConflictDoNothing()
    .returning({ id: checkins.id })
    .get();
  if (!row) return false;
  enqueueDm(
    db,
    {
      key: `checkin:${row.id}`,
      userId,
      notBefore: nextWorkingTime(now, tz),
      message: buildCheckinRequest({
        checkinId: row.id,
        programName: program.name,
        partners: (partners ?? membersOf(db, relId)).filter((m) => m !== userId),
        isFinal,
        reminder: false,
      }),
    },
    now,
  );
  return true;
}

/**
 * The daily check-in work for one program: open check-ins for the period each relationship has reached (a paused
 * relationship skips the period), one reminder after 3 days, expiry after 7; at the program's end, the final
 * reflection, a thank-you to each pair, and closure.
 */
export function checkinsWork(db: DbOrTx, program: Program, now: Date): Record<string, number> {
  const tz = safeZone(program.timeZone);
  const today = localDate(now, tz);
  const endsOn = localDate(new Date(program.endsAt), tz);
  const counts = { requested: 0, skipped: 0, reminded: 0, expired: 0, finals: 0, closed: 0 };

  const expired = db
    .update(checkins)
    .set({ status: 'expired' })
    .where(
      and(
        eq(checkins.status, 'open'),
        lte(checkins.expiresAt, now.getTime()),
        inArray(checkins.relationshipId, relationshipIdsOf(db, program.id)),
      ),
    )
    .run();
  counts.expired = expired.changes;

  const open = db
    .select()
    .from(checkins)
    .where(
      and(eq(checkins.status, 'open'), inArray(checkins.relationshipId, relationshipIdsOf(db, program.id))),
    )
    .all();
  for (const c of open) {
    if (c.remindedAt !== null || now.getTime() < c.dueAt + CHECKIN_REMINDER_DAYS * DAY) continue;
    const person = relationshipMembersOf(db, { id: c.relationshipId, programId: program.id }).find(
      (m) => m.userId === c.userId,
    );
    enqueueDm(
      db,
      {
        key: `checkin-reminder:${c.id}`,
        userId: c.userId,
        notBefore: nextWorkingTime(now, person?.tz ?? tz),
        message: buildCheckinRequest({
          checkinId: c.id,
          programName: program.name,
          partners: membersOf(db, c.relationshipId).filter((m) => m !== c.userId),
          isFinal: c.isFinal,
          reminder: true,
        }),
      },
      now,
    );
    db.update(checkins).set({ remindedAt: now.getTime() }).where(eq(checkins.id, c.id)).run();
    counts.reminded++;
  }

  const rels = db
    .select()
    .from(relationships)
    .where(and(eq(relationships.programId, program.id), inArray(relationships.status, ['active', 'paused'])))
    .all();
  const closing = today >= endsOn;
  const byRel = membersByRelationship(db, program.id);
  // Most days most people already have this period's check-in: a cached point lookup finds out cheaply.
  const exists = prepared(
    db,
    'select 1 from checkins where relationship_id = ? and user_id = ? and period_index = ?',
  );
  for (const rel of rels) {
    const people = byRel.get(rel.id) ?? relationshipMembersOf(db, rel);
    if (closing) {
      for (const p of people)
        if (requestCheckin(db, program, rel.id, p.userId, p.tz, FINAL_PERIOD, true, now)) counts.finals++;
      enqueue(
        db,
        {
          key: `closing:${rel.id}`,
          method: 'chat.postMessage',
          dependsOn: `rel-open:${rel.id}`,
          payload: {
            text: `${program.name} has come to an end: thank you both`,
            blocks: [
              section(
                ':tada: The program has come to an end. Thank you both for the time and honesty you brought to it. ' +
                  "If you'd like to keep going, nothing stops you: many pairs carry on informally, once a month. " +
                  "I've sent you each a last reflection: it's the best moment to notice how far you've come.",
              ),
            ],
          },
        },
        now,
      );
      endRelationship(db, rel, program, null, 'program_ended', now);
      counts.closed++;
      continue;
    }
    const period = periodIndex(localDate(new Date(rel.startedAt), tz), today, program.checkinDays);
    if (period === 0) continue;
    for (const p of people) {
      if (exists.get(rel.id, p.userId, period)) continue;
      if (rel.status === 'paused') {
        const skipped = db
          .insert(checkins)
          .values({
            relationshipId: rel.id,
            userId: p.userId,
            periodIndex: period,
            status: 'skipped',
            dueAt: now.getTime(),
            expiresAt: now.getTime(),
          })
          .onConflictDoNothing()
          .run();
        counts.skipped += skipped.changes;
      } else if (
        requestCheckin(
          db,
          program,
          rel.id,
          p.userId,
          p.tz,
          period,
          false,
          now,
          people.map((x) => x.userId),
        )
      ) {
        counts.requested++;
      }
    }
  }
  if (now.getTime() >= program.endsAt + CLOSURE_GRACE_DAYS * DAY) {
    updateProgram(db, program.id, { status: 'ended', endedAt: now.getTime() });
  }
  return counts;
}

/** The program's relationships as a subquery: a list of ids would overflow SQLite's variable limit in big programs. */
function relationshipIdsOf(db: DbOrTx, programId: number) {
  return db
    .select({ id: relationships.id })
    .from(relationships)
    .where(eq(relationships.programId, programId));
}

export type CheckinAccess =
  | { ok: true; checkin: Checkin; goals: { text: string; done: boolean }[] }
  | { ok: false; message: string };

/** A check-in belongs to one person: nobody else can open or answer it by sending its id. */
export function checkinFor(db: DbOrTx, checkinId: number, userId: string): CheckinAccess {
  const checkin = Number.isSafeInteger(checkinId)
    ? db.select().from(checkins).where(eq(checkins.id, checkinId)).get()
    : undefined;
  if (!checkin || checkin.userId !== userId) return { ok: false, message: "That check-in isn't yours." };
  if (checkin.status === 'answered')
    return { ok: false, message: 'You have already sent this check-in. Thank you!' };
  if (checkin.status !== 'open')
    return { ok: false, message: 'This check-in has closed. The next one will come in a few weeks.' };
  const goalRows = db
    .select({ text: goals.text, done: goals.done })
    .from(goals)
    .where(eq(goals.relationshipId, checkin.relationshipId))
    .orderBy(goals.position)
    .all();
  return { ok: true, checkin, goals: goalRows };
}

export interface CheckinAnswer {
  progress: number;
  highlight: string | null;
  share: boolean;
  privateNote: string | null;
}

/** Stores the answer. The private note is written to its row and nowhere else: not the audit log, not a message. */
export function answerCheckin(
  deps: Deps,
  userId: string,
  checkinId: number,
  answer: CheckinAnswer,
  now: Date,
) {
  return writeTx(deps.db, (tx) => {
    const access = checkinFor(tx, checkinId, userId);
    if (!access.ok) return access;
    tx.update(checkins)
      .set({ status: 'answered', answeredAt: now.getTime(), ...answer })
      .where(eq(checkins.id, checkinId))
      .run();
    const rel = tx
      .select()
      .from(relationships)
      .where(eq(relationships.id, access.checkin.relationshipId))
      .get()!;
    audit(
      tx,
      {
        actor: userId,
        action: 'checkin.answer',
        programId: rel.programId,
        detail: { checkinId, progress: answer.progress, shared: answer.share },
      },
      now,
    );
    const program = getProgram(tx, rel.programId)!;
    return { ok: true as const, checkin: access.checkin, program, relationshipId: rel.id };
  });
}

/** Someone who rated the program highly agreed to tell their story: owners see the pair in the digest. */
export function optInToStory(deps: Deps, userId: string, relationshipId: number, now: Date): boolean {
  return writeTx(deps.db, (tx) => {
    const member = membersOf(tx, relationshipId).includes(userId);
    if (!member) return false;
    tx.update(relationships).set({ storyOptIn: true }).where(eq(relationships.id, relationshipId)).run();
    audit(tx, { actor: userId, action: 'story.opt_in', detail: { relationshipId } }, now);
    return true;
  });
}

/** The person's own past check-ins, newest first, for their home tab (the private note included: it is theirs). */
export function ownCheckins(db: DbOrTx, userId: string, limit = 5): Checkin[] {
  return db
    .select()
    .from(checkins)
    .where(and(eq(checkins.userId, userId), eq(checkins.status, 'answered')))
    .orderBy(checkins.answeredAt)
    .all()
    .reverse()
    .slice(0, limit);
}
