import { and, eq, inArray } from 'drizzle-orm';
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

/** The SQL of the daily work, exported for the test that checks their query plans. */
export const checkinQueries = {
  open: `insert into checkins (relationship_id, user_id, period_index, is_final, due_at, expires_at)
     values (?, ?, ?, ?, ?, ?) on conflict do nothing returning id`,
  expire: `update checkins set status = 'expired'
     where status = 'open' and expires_at <= ? and relationship_id in (select id from relationships where program_id = ?)`,
  reminders: `select c.id, c.relationship_id, c.user_id, c.is_final, m.user_id is not null, m.tz
     from checkins c
     join relationships r on r.id = c.relationship_id
     left join members m on m.user_id = c.user_id
     where c.status = 'open' and c.reminded_at is null and c.due_at <= ? and r.program_id = ?
     order by c.id`,
  markReminded: 'update checkins set reminded_at = ? where id = ?',
  relationships: `select id, status, started_at from relationships where program_id = ? and status in ('active', 'paused')`,
  // The due periods come as one JSON object: a list of ids would overflow SQLite's variable limit.
  missing: `with due (relationship_id, period) as (select cast(key as integer), value from json_each(?))
     select due.relationship_id, due.period, rm.user_id, m.tz
     from due
     join relationship_members rm on rm.relationship_id = due.relationship_id
     join members m on m.user_id = rm.user_id
     where not exists (
       select 1 from checkins c
       where c.relationship_id = due.relationship_id and c.user_id = rm.user_id and c.period_index = due.period
     )
     order by due.relationship_id, rm.user_id`,
  skip: `insert into checkins (relationship_id, user_id, period_index, status, due_at, expires_at)
     values (?, ?, ?, 'skipped', ?, ?) on conflict do nothing`,
};

/** Opens one person's check-in for a period and queues its DM; false when it already exists. */
function requestCheckin(
  db: DbOrTx,
  program: Program,
  relId: number,
  userId: string,
  tz: string,
  period: number,
  isFinal: boolean,
  now: Date,
  partners: string[],
) {
  const row = prepared(db, checkinQueries.open).get(
    relId,
    userId,
    period,
    isFinal ? 1 : 0,
    now.getTime(),
    now.getTime() + CHECKIN_OPEN_DAYS * DAY,
  ) as { id: number } | undefined;
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
        partners: partners.filter((m) => m !== userId),
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
 *
 * At 50,000 members most people already have this period's check-in on most days, so the people who need one are
 * found in one query, and only they are read in full.
 */
export function checkinsWork(db: DbOrTx, program: Program, now: Date): Record<string, number> {
  const tz = safeZone(program.timeZone);
  const nowMs = now.getTime();
  const today = localDate(now, tz);
  const endsOn = localDate(new Date(program.endsAt), tz);
  const counts = { requested: 0, skipped: 0, reminded: 0, expired: 0, finals: 0, closed: 0 };

  counts.expired = prepared(db, checkinQueries.expire).run(nowMs, program.id).changes;

  const reminders = prepared(db, checkinQueries.reminders)
    .raw()
    .all(nowMs - CHECKIN_REMINDER_DAYS * DAY, program.id) as [
    number,
    number,
    string,
    number,
    number,
    string | null,
  ][];
  const markReminded = prepared(db, checkinQueries.markReminded);
  for (const [id, relId, userId, isFinal, known, memberTz] of reminders) {
    enqueueDm(
      db,
      {
        key: `checkin-reminder:${id}`,
        userId,
        notBefore: nextWorkingTime(now, known ? safeZone(memberTz) : tz),
        message: buildCheckinRequest({
          checkinId: id,
          programName: program.name,
          partners: membersOf(db, relId).filter((m) => m !== userId),
          isFinal: isFinal === 1,
          reminder: true,
        }),
      },
      now,
    );
    markReminded.run(nowMs, id);
    counts.reminded++;
  }

  if (today >= endsOn) {
    closeProgram(db, program, now, counts);
  } else {
    openPeriods(db, program, now, today, counts);
  }
  if (nowMs >= program.endsAt + CLOSURE_GRACE_DAYS * DAY) {
    updateProgram(db, program.id, { status: 'ended', endedAt: nowMs });
  }
  return counts;
}

type Counts = Record<'requested' | 'skipped' | 'finals' | 'closed', number>;

/** Each relationship's current period; the people without that period's check-in get one (or a skip while paused). */
function openPeriods(db: DbOrTx, program: Program, now: Date, today: string, counts: Counts) {
  const tz = safeZone(program.timeZone);
  const rels = prepared(db, checkinQueries.relationships).raw().all(program.id) as [
    number,
    'active' | 'paused',
    number,
  ][];
  const periods: Record<number, number> = {};
  const paused = new Set<number>();
  for (const [id, status, startedAt] of rels) {
    const period = periodIndex(localDate(new Date(startedAt), tz), today, program.checkinDays);
    if (period === 0) continue;
    periods[id] = period;
    if (status === 'paused') paused.add(id);
  }
  const missing = prepared(db, checkinQueries.missing).raw().all(JSON.stringify(periods)) as [
    number,
    number,
    string,
    string | null,
  ][];
  const skip = prepared(db, checkinQueries.skip);
  const nowMs = now.getTime();
  // Everyone in a relationship gets the same partner list: read once per relationship.
  const partnersOf = new Map<number, string[]>();
  for (const [relId, period, userId, memberTz] of missing) {
    if (paused.has(relId)) {
      counts.skipped += skip.run(relId, userId, period, nowMs, nowMs).changes;
      continue;
    }
    let partners = partnersOf.get(relId);
    if (!partners) {
      partners = membersOf(db, relId);
      partnersOf.set(relId, partners);
    }
    if (requestCheckin(db, program, relId, userId, safeZone(memberTz), period, false, now, partners))
      counts.requested++;
  }
}

/** The program has reached its end date: a final reflection for everyone, a thank-you to each pair, and closure. */
function closeProgram(db: DbOrTx, program: Program, now: Date, counts: Counts) {
  const rels = db
    .select()
    .from(relationships)
    .where(and(eq(relationships.programId, program.id), inArray(relationships.status, ['active', 'paused'])))
    .all();
  const byRel = membersByRelationship(db, program.id);
  for (const rel of rels) {
    const people = byRel.get(rel.id) ?? relationshipMembersOf(db, rel);
    const ids = people.map((p) => p.userId);
    for (const p of people)
      if (requestCheckin(db, program, rel.id, p.userId, p.tz, FINAL_PERIOD, true, now, ids)) counts.finals++;
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
  }
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
