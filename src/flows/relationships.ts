import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import { type DbOrTx, prepared, preparedQuery, writeTx } from '../db/client';
import { audit } from '../db/repositories/events';
import { getProgram, type Program } from '../db/repositories/programs';
import { programs, relationshipMembers, relationships } from '../db/schema';
import type { Deps } from '../deps';
import { dueOn, type Phase, phaseOf, type RelationshipFacts, type Standing, standing } from '../domain/slips';
import { escapeMrkdwn, joinNames } from '../domain/text';
import { formatLocal, localDate, nextSharedWorkingTime, nextWorkingTime, safeZone } from '../domain/time';
import { enqueue, enqueueDm } from '../outbox/enqueue';
import { section } from '../slack/views/blocks';
import { nextRoundText } from './matching';
import { membersOf, type Relationship, relationshipFor } from './sessions';

const DAY = 86_400_000;

export interface RelationshipMember {
  userId: string;
  role: 'mentor' | 'mentee' | 'peer';
  tz: string;
  level: 'early' | 'mid' | 'senior' | 'executive' | null;
  isActive: boolean;
  deliveryError: string | null;
  statusText: string | null;
  statusEmoji: string | null;
  statusExpiration: number | null;
}

/** The member rows the jobs and views need: profile, delivery and away status, and the survey's career stage. */
const MEMBER_ROWS = `select rm.relationship_id, rm.user_id, rm.role, m.tz, sa.level, m.is_active, m.delivery_error,
    m.status_text, m.status_emoji, m.status_expiration
  from relationship_members rm
  join relationships r on r.id = rm.relationship_id
  join members m on m.user_id = rm.user_id
  left join participants p on p.user_id = rm.user_id and p.program_id = r.program_id
  left join survey_answers sa on sa.participant_id = p.id`;

type MemberRow = [
  number,
  string,
  RelationshipMember['role'],
  string | null,
  RelationshipMember['level'],
  number,
  string | null,
  string | null,
  string | null,
  number | null,
];

function memberOf(r: MemberRow): RelationshipMember {
  return {
    userId: r[1],
    role: r[2],
    tz: safeZone(r[3]),
    level: r[4],
    isActive: r[5] === 1,
    deliveryError: r[6],
    statusText: r[7],
    statusEmoji: r[8],
    statusExpiration: r[9],
  };
}

/** The SQL of the member reads, exported for the test that checks their query plans. */
export const memberQueries = {
  ofRelationship: `${MEMBER_ROWS} where rm.relationship_id = ? order by rm.user_id`,
  ofProgram: `${MEMBER_ROWS} where r.program_id = ? and r.status in ('active', 'paused') order by rm.relationship_id, rm.user_id`,
  // Starts from the few unreachable members (a partial index holds them): the daily scan never reads everyone.
  departed: `select rm.relationship_id, m.user_id
     from members m
     cross join relationship_members rm on rm.user_id = m.user_id
     cross join relationships r on r.id = rm.relationship_id
     where (m.is_active = 0 or m.delivery_error is not null)
       and (m.is_active = 0 or m.delivery_error in ('account_inactive', 'user_not_found'))
       and r.program_id = ? and r.status in ('active', 'paused')
     order by rm.relationship_id, m.user_id`,
};

/** The people in one relationship, in a stable order. Prepared once per connection: jobs call it per message. */
export function relationshipMembersOf(db: DbOrTx, rel: Pick<Relationship, 'id'>): RelationshipMember[] {
  const rows = prepared(db, memberQueries.ofRelationship).raw().all(rel.id) as MemberRow[];
  return rows.map(memberOf);
}

/** The people of every relationship of a program that is not ended, in one query. */
export function membersByRelationship(db: DbOrTx, programId: number): Map<number, RelationshipMember[]> {
  const rows = prepared(db, memberQueries.ofProgram).raw().all(programId) as MemberRow[];
  const byRel = new Map<number, RelationshipMember[]>();
  for (const row of rows) {
    const list = byRel.get(row[0]);
    if (list) list.push(memberOf(row));
    else byRel.set(row[0], [memberOf(row)]);
  }
  return byRel;
}

/** The relationships of a program (not ended) with someone who has left Slack, and who: the first such person by id. */
export function departedMembers(db: DbOrTx, programId: number): Map<number, string> {
  const rows = prepared(db, memberQueries.departed).raw().all(programId) as [number, string][];
  const out = new Map<number, string>();
  for (const [relId, userId] of rows) if (!out.has(relId)) out.set(relId, userId);
  return out;
}

/** The facts the slip rules read, as local dates in the program's zone. */
export function factsOf(
  rel: Pick<Relationship, 'status' | 'startedAt' | 'lastSessionOn' | 'pausedUntil'>,
  program: Pick<Program, 'cadenceDays' | 'timeZone'>,
): RelationshipFacts {
  const tz = safeZone(program.timeZone);
  return {
    status: rel.status,
    startedOn: localDate(new Date(rel.startedAt), tz),
    lastSessionOn: rel.lastSessionOn,
    pausedUntilOn: rel.pausedUntil === null ? null : localDate(new Date(rel.pausedUntil), tz),
    cadenceDays: program.cadenceDays,
  };
}

export interface RelationshipSummary {
  rel: Relationship;
  program: Program;
  partners: string[];
  standing: Standing;
  phase: Phase;
  dueOn: string;
  sessions: number;
  goals: { text: string; done: boolean }[];
}

export function summarize(
  db: DbOrTx,
  rel: Relationship,
  program: Program,
  userId: string,
  now: Date,
): RelationshipSummary {
  const tz = safeZone(program.timeZone);
  const today = localDate(now, tz);
  const facts = factsOf(rel, program);
  const held = prepared(db, 'select count(*) from sessions where relationship_id = ?')
    .pluck()
    .get(rel.id) as number;
  const goalRows = (
    prepared(db, 'select text, done from goals where relationship_id = ? order by position').all(rel.id) as {
      text: string;
      done: number;
    }[]
  ).map((g) => ({ text: g.text, done: g.done === 1 }));
  return {
    rel,
    program,
    partners: membersOf(db, rel.id).filter((m) => m !== userId),
    standing: standing(facts, today),
    phase: phaseOf({
      status: rel.status,
      sessions: held,
      goalsSet: goalRows.length > 0,
      programEndsOn: localDate(new Date(program.endsAt), tz),
      today,
    }),
    dueOn: dueOn(facts),
    sessions: held,
    goals: goalRows,
  };
}

/** Everything `/mentor status` and the home tab show: the person's relationships that are not ended. */
export function summariesFor(db: DbOrTx, userId: string, now: Date): RelationshipSummary[] {
  // `/mentor status` answers in its acknowledgement: the query is built and prepared once.
  const rows = preparedQuery(db, 'summariesFor', (d) =>
    d
      .select({ r: relationships, p: programs })
      .from(relationshipMembers)
      .innerJoin(relationships, eq(relationships.id, relationshipMembers.relationshipId))
      .innerJoin(programs, eq(programs.id, relationships.programId))
      .where(
        and(eq(relationshipMembers.userId, sql.placeholder('userId')), ne(relationships.status, 'ended')),
      )
      .orderBy(relationships.id)
      .prepare(),
  ).all({ userId });
  return rows.map((row) => summarize(db, row.r, row.p, userId, now));
}

function notifyPartners(
  db: DbOrTx,
  rel: Relationship,
  actor: string,
  key: string,
  text: (tz: string) => string,
  now: Date,
) {
  for (const m of relationshipMembersOf(db, rel)) {
    if (m.userId === actor) continue;
    const body = text(m.tz);
    enqueueDm(
      db,
      {
        key: `${key}:${m.userId}`,
        userId: m.userId,
        message: { text: body.replace(/[*_]/g, ''), blocks: [section(body)] },
      },
      now,
    );
  }
}

export type ChangeResult = { ok: true; message: string } | { ok: false; message: string };

/** The relationship a command acts on: the one named (a button), else the person's newest one that is not ended. */
function target(db: DbOrTx, userId: string, relationshipId?: number): Relationship | null {
  if (relationshipId !== undefined) return relationshipFor(db, relationshipId, userId);
  return (
    db
      .select({ r: relationships })
      .from(relationshipMembers)
      .innerJoin(relationships, eq(relationships.id, relationshipMembers.relationshipId))
      .where(and(eq(relationshipMembers.userId, userId), ne(relationships.status, 'ended')))
      .orderBy(relationships.id)
      .all()
      .at(-1)?.r ?? null
  );
}

const noRelationship = "You don't have a mentoring relationship right now. `/mentor join` gets you started.";
export const notYours = "That relationship isn't one of yours, so I can't change it.";
export const alreadyEnded = 'That mentoring relationship has already ended, so there is nothing to change.';

/**
 * Why a change cannot go ahead, or null. A button names its relationship: a stale one (already ended) and a forged
 * one (not the clicker's) each get their own answer; a command acts on the person's newest open one.
 */
function refusal(rel: Relationship | null, relationshipId: number | undefined): ChangeResult | null {
  if (relationshipId === undefined) return rel ? null : { ok: false, message: noRelationship };
  if (!rel) return { ok: false, message: notYours };
  return rel.status === 'ended' ? { ok: false, message: alreadyEnded } : null;
}

function weeksText(weeks: number): string {
  return weeks === 1 ? 'a week' : `${weeks} weeks`;
}

/**
 * Pauses a relationship for some weeks (the nudge ladder starts over when it resumes), records who did it, and
 * tells everyone else in it; `notice` words the message around the end date in each person's zone.
 */
function pause(
  tx: DbOrTx,
  rel: Relationship,
  by: { actor: string; byOwner: boolean },
  weeks: number,
  now: Date,
  notice: (untilDate: string) => string,
): void {
  const until = now.getTime() + weeks * 7 * DAY;
  tx.update(relationships)
    .set({ status: 'paused', pausedUntil: until, nudgeStep: 0, nudgeStepAt: null, atRisk: false })
    .where(eq(relationships.id, rel.id))
    .run();
  audit(
    tx,
    {
      actor: by.actor,
      action: 'relationship.pause',
      programId: rel.programId,
      detail: { relationshipId: rel.id, weeks, ...(by.byOwner ? { byOwner: true } : {}) },
    },
    now,
  );
  notifyPartners(
    tx,
    rel,
    by.actor,
    `paused:${rel.id}:${rel.status === 'paused' && rel.pausedUntil ? rel.pausedUntil : until}`,
    (tz) => notice(formatLocal(new Date(until), tz).replace(/, \d\d:\d\d$/, '')),
    now,
  );
}

/** Pauses for some weeks: no nudges until then, and the partner is told. */
export function pauseRelationship(
  deps: Deps,
  userId: string,
  weeks: number,
  now: Date,
  relationshipId?: number,
): ChangeResult {
  return writeTx(deps.db, (tx): ChangeResult => {
    const rel = target(tx, userId, relationshipId);
    const refused = refusal(rel, relationshipId);
    if (refused || !rel) return refused ?? { ok: false, message: noRelationship };
    pause(
      tx,
      rel,
      { actor: userId, byOwner: false },
      weeks,
      now,
      (until) =>
        `<@${userId}> paused your mentoring for ${weeksText(weeks)}, until ${until}. No reminders from me until then; take care!`,
    );
    return {
      ok: true,
      message: `Paused for ${weeksText(weeks)}. I've told your partner, and I won't nudge either of you until then. \`/mentor resume\` picks up earlier.`,
    };
  });
}

export function resumeRelationship(
  deps: Deps,
  userId: string,
  now: Date,
  relationshipId?: number,
): ChangeResult {
  return writeTx(deps.db, (tx): ChangeResult => {
    const rel = target(tx, userId, relationshipId);
    const refused = refusal(rel, relationshipId);
    if (refused || !rel) return refused ?? { ok: false, message: noRelationship };
    if (rel.status !== 'paused')
      return { ok: false, message: "Your mentoring isn't paused, so there's nothing to resume." };
    tx.update(relationships)
      .set({ status: 'active', pausedUntil: now.getTime(), nudgeStep: 0, nudgeStepAt: null })
      .where(eq(relationships.id, rel.id))
      .run();
    audit(
      tx,
      {
        actor: userId,
        action: 'relationship.resume',
        programId: rel.programId,
        detail: { relationshipId: rel.id },
      },
      now,
    );
    notifyPartners(
      tx,
      rel,
      userId,
      `resumed:${rel.id}:${now.getTime()}`,
      () => `<@${userId}> is back: your mentoring has resumed. Time to pick a date for your next session?`,
      now,
    );
    return {
      ok: true,
      message: "Welcome back! I've told your partner. Your next session is due in one cadence from today.",
    };
  });
}

/**
 * Ends a relationship kindly for everyone in it: a short closing message with a prompt to reflect, and both are
 * free to be matched again (with other people).
 */
export function endRelationship(
  db: DbOrTx,
  rel: Relationship,
  program: Program,
  actor: string | null,
  reason: 'ended_by_member' | 'ended_by_owner' | 'member_left_slack' | 'program_ended',
  now: Date,
): void {
  if (rel.status === 'ended') return;
  db.update(relationships)
    .set({ status: 'ended', endedAt: now.getTime(), endReason: reason, atRisk: false })
    .where(eq(relationships.id, rel.id))
    .run();
  audit(
    db,
    {
      actor: actor ?? 'bot',
      action: 'relationship.end',
      programId: program.id,
      detail: { relationshipId: rel.id, reason },
    },
    now,
  );
  // At the program's end the pair gets a thank-you in their group DM and a final reflection instead.
  if (reason === 'program_ended') return;
  const name = escapeMrkdwn(program.name);
  for (const m of relationshipMembersOf(db, rel)) {
    if (!m.isActive || (reason === 'member_left_slack' && m.userId === actor)) continue;
    const others = joinNames(
      membersOf(db, rel.id)
        .filter((u) => u !== m.userId)
        .map((u) => `<@${u}>`),
    );
    const opening =
      reason === 'member_left_slack'
        ? `${others} is no longer on Slack, so your mentoring relationship in *${name}* has ended.`
        : reason === 'ended_by_owner' && m.userId !== actor
          ? `<@${actor}>, who runs *${name}*, has ended your mentoring relationship with ${others}. Thank you for the time you gave it; it counts.`
          : m.userId === actor
            ? `You've ended your mentoring relationship with ${others} in *${name}*. Thank you for the time you gave it.`
            : `${actor ? `<@${actor}>` : 'Your partner'} has ended your mentoring relationship in *${name}*. Thank you for the time you gave it; it counts.`;
    const text =
      `${opening}\n*A moment to reflect:* what did you learn, and what will you keep doing?\n` +
      `You're back in the pool: I'll look for a new match ${nextRoundText(db, program, m.userId, now)}.`;
    enqueueDm(
      db,
      {
        key: `ended:${rel.id}:${m.userId}`,
        userId: m.userId,
        notBefore: reason === 'ended_by_member' && m.userId === actor ? now : nextWorkingTime(now, m.tz),
        message: {
          text: `Your mentoring relationship in ${name} has ended`,
          blocks: [section(text)],
        },
      },
      now,
    );
  }
}

export function endByMember(deps: Deps, userId: string, now: Date, relationshipId?: number): ChangeResult {
  return writeTx(deps.db, (tx): ChangeResult => {
    const rel = target(tx, userId, relationshipId);
    const refused = refusal(rel, relationshipId);
    if (refused || !rel) return refused ?? { ok: false, message: noRelationship };
    const program = getProgram(tx, rel.programId)!;
    endRelationship(tx, rel, program, userId, 'ended_by_member', now);
    return { ok: true, message: 'Done: the relationship has ended, and I have told your partner kindly.' };
  });
}

/** Someone's Slack account was deactivated: their relationships end gracefully and partners go back to the pool. */
export function memberLeftSlack(db: DbOrTx, userId: string, now: Date): number {
  const rels = db
    .select({ r: relationships })
    .from(relationshipMembers)
    .innerJoin(relationships, eq(relationships.id, relationshipMembers.relationshipId))
    .where(and(eq(relationshipMembers.userId, userId), inArray(relationships.status, ['active', 'paused'])))
    .all();
  for (const { r } of rels) {
    const program = getProgram(db, r.programId);
    if (program) endRelationship(db, r, program, userId, 'member_left_slack', now);
  }
  return rels.length;
}

/** Any relationship by id: for program owners, who act on relationships they are not in. */
export function relationshipById(db: DbOrTx, relationshipId: number): Relationship | null {
  if (!Number.isSafeInteger(relationshipId)) return null;
  return db.select().from(relationships).where(eq(relationships.id, relationshipId)).get() ?? null;
}

const notFound = "I can't find that relationship any more.";

/** An owner pauses a pair from the digest: no nudges until then, and everyone in it is told who paused it. */
export function pauseAsOwner(
  deps: Deps,
  ownerId: string,
  relationshipId: number,
  weeks: number,
  now: Date,
): ChangeResult {
  return writeTx(deps.db, (tx): ChangeResult => {
    const rel = relationshipById(tx, relationshipId);
    if (!rel) return { ok: false, message: notFound };
    if (rel.status === 'ended') return { ok: false, message: alreadyEnded };
    pause(
      tx,
      rel,
      { actor: ownerId, byOwner: true },
      weeks,
      now,
      (until) =>
        `<@${ownerId}>, who runs the program, paused your mentoring for ${weeksText(weeks)}, until ${until}. No reminders from me until then; \`/mentor resume\` picks up earlier.`,
    );
    const who = joinNames(membersOf(tx, rel.id).map((u) => `<@${u}>`));
    return {
      ok: true,
      message: `Paused ${who} for ${weeksText(weeks)}: I've told them, and I won't nudge them until then.`,
    };
  });
}

/** An owner ends a pair from the digest: everyone in it is told kindly who ended it, and goes back to the pool. */
export function endAsOwner(deps: Deps, ownerId: string, relationshipId: number, now: Date): ChangeResult {
  return writeTx(deps.db, (tx): ChangeResult => {
    const rel = relationshipById(tx, relationshipId);
    if (!rel) return { ok: false, message: notFound };
    if (rel.status === 'ended') return { ok: false, message: alreadyEnded };
    const program = getProgram(tx, rel.programId);
    if (!program) return { ok: false, message: notFound };
    const who = joinNames(membersOf(tx, rel.id).map((u) => `<@${u}>`));
    endRelationship(tx, rel, program, ownerId, 'ended_by_owner', now);
    return {
      ok: true,
      message: `Ended the relationship of ${who}. I've told them kindly, and they're back in the pool for someone new.`,
    };
  });
}

/**
 * An owner reaches out to a pair from the digest: a group DM with the pair and the owner, opened with a friendly
 * note in the pair's working hours. Cohorts too large for one group DM (8 people) each get the note directly. Once a
 * day per owner and pair, so a double click sends one note.
 */
export function reachOutAsOwner(
  deps: Deps,
  ownerId: string,
  relationshipId: number,
  now: Date,
): ChangeResult {
  return writeTx(deps.db, (tx): ChangeResult => {
    const rel = relationshipById(tx, relationshipId);
    if (!rel) return { ok: false, message: notFound };
    if (rel.status === 'ended') return { ok: false, message: alreadyEnded };
    const program = getProgram(tx, rel.programId);
    if (!program) return { ok: false, message: notFound };
    const people = relationshipMembersOf(tx, rel).filter((m) => m.userId !== ownerId);
    const pair = joinNames(people.map((m) => `<@${m.userId}>`));
    const day = localDate(now, safeZone(program.timeZone));
    const key = `owner-dm:${rel.id}:${ownerId}:${day}`;
    const name = escapeMrkdwn(program.name);
    const sendAt = nextSharedWorkingTime(
      people.map((m) => m.tz),
      now,
    );
    const note = (together: boolean) =>
      `:wave: Hi ${together ? pair : 'there'}! <@${ownerId}>, who runs *${name}*, asked me to ${together ? 'open this conversation' : 'pass on a word'}: ` +
      "it's been a while since your last session. Is anything getting in the way, and is there something that would help? " +
      `${together ? 'Reply here' : `Reply to <@${ownerId}> directly`}: a pause is fine too (\`/mentor pause\`).`;
    let created: boolean;
    if (people.length + 1 <= 8) {
      created = enqueue(
        tx,
        {
          key: `${key}:open`,
          method: 'conversations.open',
          payload: { users: [...people.map((m) => m.userId), ownerId].join(',') },
        },
        now,
      );
      if (created)
        enqueue(
          tx,
          {
            key,
            method: 'chat.postMessage',
            dependsOn: `${key}:open`,
            notBefore: sendAt,
            payload: {
              text: `A word from ${name}'s owner`,
              blocks: [section(note(true))],
              unfurl_links: false,
            },
          },
          now,
        );
    } else {
      created = false;
      for (const m of people)
        created =
          enqueueDm(
            tx,
            {
              key: `${key}:${m.userId}`,
              userId: m.userId,
              notBefore: nextWorkingTime(now, m.tz),
              message: { text: `A word from ${name}'s owner`, blocks: [section(note(false))] },
            },
            now,
          ) || created;
    }
    if (!created) return { ok: true, message: `You already reached out to ${pair} today.` };
    audit(
      tx,
      {
        actor: ownerId,
        action: 'relationship.owner_reach_out',
        programId: rel.programId,
        detail: { relationshipId: rel.id },
      },
      now,
    );
    const when =
      sendAt.getTime() <= now.getTime()
        ? 'now'
        : `at ${formatLocal(sendAt, program.timeZone)} (${program.timeZone}), in their working hours`;
    return {
      ok: true,
      message:
        people.length + 1 <= 8
          ? `I've opened a group DM with ${pair} and you, and I'll post a friendly note there ${when}. Take it from there!`
          : `${pair} are too many for one group DM, so I'll send each of them a friendly note ${when}, asking them to reply to you.`,
    };
  });
}
