/**
 * The digest's data: everything `composeDigest` needs for one program at one instant, read with a handful of
 * aggregate queries (never one per relationship), so the job stays well under a second at 50,000 members. Also the
 * chart's PNG and the owners' CSV export. Private check-in notes are never selected here, and a highlight is read
 * only when its author agreed to share it.
 */
import { and, count, countDistinct, eq, gte, inArray, lte, ne, notInArray, or, sql } from 'drizzle-orm';
import { IANAZone } from 'luxon';
import { type DbOrTx, writeTx } from '../db/client';
import type { Program } from '../db/repositories/programs';
import {
  auditLog,
  checkins,
  members,
  offerMembers,
  offers,
  participants,
  relationshipMembers,
  relationships,
  sessions,
  surveyAnswers,
} from '../db/schema';
import type { Deps } from '../deps';
import { trendChartSvg } from '../domain/chart';
import { type Cell, toCsv } from '../domain/csv';
import {
  composeDigest,
  type Digest,
  type DigestCheckin,
  type DigestInput,
  type DigestPause,
  type DigestRelationship,
  dateOf,
  dayOf,
  relationshipsToName,
  sessionsFrom,
  standingOnDay,
  TREND_WEEKS,
  type WaitingPerson,
} from '../domain/digest';
import { optimalMatch, type UnmatchedKind } from '../domain/matching';
import { phaseLabels, phaseOf } from '../domain/slips';
import { safeZone } from '../domain/time';
import { enqueue } from '../outbox/enqueue';
import { renderPng } from './chart-png';
import { loadBlocked, matchInput, type PoolEntry } from './matching';
import { catalogueOf } from './survey';

const DAY = 86_400_000;
/** Up to this many people waiting, the digest asks the matching engine itself why each would be left out. */
export const EXPLAIN_POOL_MAX = 200;
/** Pauses last at most 8 weeks, so one that matters to the trend began at most this long before it. */
const PAUSE_LOOKBACK_DAYS = 8 * 7;

/**
 * Local 'YYYY-MM-DD' of instants in one zone. Offsets are looked up once per UTC day (and exactly on the rare day a
 * zone changes its offset): converting tens of thousands of timestamps through Luxon one by one would be slow.
 */
export function localDater(tz: string): (ms: number) => string {
  const zone = safeZone(tz);
  const names = new Map<number, string>();
  const name = (day: number) => {
    let date = names.get(day);
    if (date === undefined) {
      date = dateOf(day);
      names.set(day, date);
    }
    return date;
  };
  if (zone === 'UTC') return (ms) => name(Math.floor(ms / DAY));
  const iana = IANAZone.create(zone);
  const offsets = new Map<number, number | null>();
  return (ms) => {
    const utcDay = Math.floor(ms / DAY);
    let offset = offsets.get(utcDay);
    if (offset === undefined) {
      const start = iana.offset(utcDay * DAY);
      offset = start === iana.offset(utcDay * DAY + DAY - 1) ? start : null;
      offsets.set(utcDay, offset);
    }
    const minutes = offset ?? iana.offset(ms);
    return name(Math.floor((ms + minutes * 60_000) / DAY));
  };
}

export interface LoadOptions {
  /** 'home': the live figures only (funnel, this week and last, at risk); skips check-ins and the waiting pool. */
  scope?: 'digest' | 'home';
}

function funnelOf(db: DbOrTx, programId: number): DigestInput['funnel'] {
  const byStatus = new Map(
    db
      .select({ status: participants.status, n: count() })
      .from(participants)
      .where(eq(participants.programId, programId))
      .groupBy(participants.status)
      .all()
      .map((r) => [r.status, r.n]),
  );
  const rels = new Map(
    db
      .select({ status: relationships.status, n: count() })
      .from(relationships)
      .where(eq(relationships.programId, programId))
      .groupBy(relationships.status)
      .all()
      .map((r) => [r.status, r.n]),
  );
  const matched =
    db
      .select({ n: countDistinct(relationshipMembers.userId) })
      .from(relationships)
      .innerJoin(relationshipMembers, eq(relationshipMembers.relationshipId, relationships.id))
      .where(eq(relationships.programId, programId))
      .get()?.n ?? 0;
  const pending =
    db
      .select({ n: count() })
      .from(offers)
      .where(and(eq(offers.programId, programId), eq(offers.status, 'pending')))
      .get()?.n ?? 0;
  const n = (s: string) => byStatus.get(s as never) ?? 0;
  return {
    invited: n('invited') + n('answered') + n('declined') + n('left'),
    answered: n('answered'),
    declined: n('declined'),
    notAnswered: n('invited'),
    left: n('left'),
    matchedPeople: matched,
    offersPending: pending,
    active: rels.get('active') ?? 0,
    paused: rels.get('paused') ?? 0,
    ended: rels.get('ended') ?? 0,
  };
}

/** Pause intervals from the audit log: a pause runs its weeks unless a resume cuts it short. */
function pausesOf(
  db: DbOrTx,
  programId: number,
  sinceMs: number,
  local: (ms: number) => string,
): DigestPause[] {
  const rows = db
    .select({ at: auditLog.at, action: auditLog.action, detail: auditLog.detail })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.programId, programId),
        gte(auditLog.at, sinceMs),
        inArray(auditLog.action, ['relationship.pause', 'relationship.resume']),
      ),
    )
    .orderBy(auditLog.at)
    .all();
  const out: DigestPause[] = [];
  const open = new Map<number, DigestPause>();
  for (const row of rows) {
    const relId = Number(row.detail?.relationshipId);
    if (!Number.isSafeInteger(relId)) continue;
    if (row.action === 'relationship.pause') {
      const weeks = Number(row.detail?.weeks);
      if (!(weeks > 0)) continue;
      const pause = {
        relationshipId: relId,
        fromOn: local(row.at),
        untilOn: local(row.at + weeks * 7 * DAY),
      };
      out.push(pause);
      open.set(relId, pause);
    } else {
      const pause = open.get(relId);
      const on = local(row.at);
      if (pause && on < pause.untilOn) {
        // Cut short; resumed the day it began, it leaves an empty interval rather than a backwards one.
        pause.untilOn = on;
        if (pause.untilOn < pause.fromOn) pause.untilOn = pause.fromOn;
      }
      open.delete(relId);
    }
  }
  return out;
}

type Role = WaitingPerson['role'];
type Level = PoolEntry['answer']['level'];

function waitingOf(
  db: DbOrTx,
  program: Program,
  now: Date,
): { waiting: WaitingPerson[]; matchReasons: Record<string, UnmatchedKind> | null } {
  // Raw rows: at 50,000 members thousands may wait, and mapping each into an object costs more than the query.
  const rows = db
    .select({
      userId: participants.userId,
      name: members.name,
      skipUntil: participants.skipUntil,
      isActive: members.isActive,
      deliveryError: members.deliveryError,
      role: surveyAnswers.role,
      teach: surveyAnswers.teach,
      learn: surveyAnswers.learn,
      participantId: participants.id,
    })
    .from(participants)
    .innerJoin(members, eq(members.userId, participants.userId))
    .innerJoin(surveyAnswers, eq(surveyAnswers.participantId, participants.id))
    .where(
      and(
        eq(participants.programId, program.id),
        eq(participants.status, 'answered'),
        notInArray(
          participants.userId,
          db
            .select({ userId: relationshipMembers.userId })
            .from(relationships)
            .innerJoin(relationshipMembers, eq(relationshipMembers.relationshipId, relationships.id))
            .where(and(eq(relationships.programId, program.id), ne(relationships.status, 'ended'))),
        ),
        notInArray(
          participants.userId,
          db
            .select({ userId: offerMembers.userId })
            .from(offers)
            .innerJoin(offerMembers, eq(offerMembers.offerId, offers.id))
            .where(and(eq(offers.programId, program.id), eq(offers.status, 'pending'))),
        ),
      ),
    )
    .orderBy(participants.id)
    .values() as [string, string, number | null, number, string | null, Role, string, string, number][];
  const nowMs = now.getTime();
  const waiting: WaitingPerson[] = rows.map((r) => ({
    userId: r[0],
    name: r[1],
    reachable: r[3] === 1 && r[4] === null,
    skipping: r[2] !== null && r[2] > nowMs,
    role: r[5],
    teach: JSON.parse(r[6]) as string[],
    learn: JSON.parse(r[7]) as string[],
  }));
  const pool = waiting.filter((p) => p.reachable && !p.skipping);
  if (pool.length < 2 || pool.length > EXPLAIN_POOL_MAX) {
    // One person alone cannot be matched; a large pool gets the cheap estimate from skills.
    return {
      waiting,
      matchReasons: pool.length === 1 ? { [pool[0]!.userId]: 'unavailable' } : pool.length === 0 ? {} : null,
    };
  }
  const ids = new Set(pool.map((p) => p.userId));
  const answers = db
    .select({ p: participants, a: surveyAnswers, tz: members.tz })
    .from(participants)
    .innerJoin(surveyAnswers, eq(surveyAnswers.participantId, participants.id))
    .innerJoin(members, eq(members.userId, participants.userId))
    .where(and(eq(participants.programId, program.id), inArray(participants.userId, [...ids])))
    .orderBy(participants.id)
    .all();
  const entries: PoolEntry[] = answers.map(({ p, a, tz }) => ({
    participantId: p.id,
    userId: p.userId,
    name: waiting.find((w) => w.userId === p.userId)?.name ?? p.userId,
    tz: safeZone(tz),
    answer: {
      role: a.role,
      level: a.level as Level,
      department: a.department,
      teach: a.teach,
      learn: a.learn,
      goals: '',
      capacity: a.capacity,
      avoid: a.avoid,
    },
  }));
  const result = optimalMatch(matchInput(program, entries, loadBlocked(db, program.id), now));
  return { waiting, matchReasons: Object.fromEntries(result.unmatched.map((u) => [u.id, u.kind])) };
}

/** Everything the digest is composed from, for one program at `now` (the program's zone decides the dates). */
export function loadDigestInput(
  db: DbOrTx,
  program: Program,
  now: Date,
  opts: LoadOptions = {},
): DigestInput {
  const home = opts.scope === 'home';
  const local = localDater(program.timeZone);
  const today = local(now.getTime());
  const weeks = home ? 2 : TREND_WEEKS;
  const from = sessionsFrom(today, program.cadenceDays, weeks);
  // An instant safely before the trend's first local day, whatever the zone.
  const trendStartMs = now.getTime() - (7 * weeks + 2) * DAY;

  // Raw rows for the big reads: 20,000 relationships and tens of thousands of sessions and check-ins.
  const relRows = db
    .select({
      id: relationships.id,
      status: relationships.status,
      startedAt: relationships.startedAt,
      endedAt: relationships.endedAt,
      lastSessionOn: relationships.lastSessionOn,
      pausedUntil: relationships.pausedUntil,
      nudgeStep: relationships.nudgeStep,
      atRisk: relationships.atRisk,
      goalsSetAt: relationships.goalsSetAt,
      storyOptIn: relationships.storyOptIn,
    })
    .from(relationships)
    .where(
      and(
        eq(relationships.programId, program.id),
        or(
          ne(relationships.status, 'ended'),
          gte(relationships.endedAt, trendStartMs),
          eq(relationships.storyOptIn, true),
        ),
      ),
    )
    .values() as [
    number,
    DigestRelationship['status'],
    number,
    number | null,
    string | null,
    number | null,
    number,
    number,
    number | null,
    number,
  ][];
  // Through the program's relationship ids in order (a subquery, not a join): half the time at 60,000 sessions, and
  // each relationship's sessions come in date order.
  const sessionRows = db
    .select({ relationshipId: sessions.relationshipId, heldOn: sessions.heldOn })
    .from(sessions)
    .where(
      and(
        inArray(
          sessions.relationshipId,
          db
            .select({ id: relationships.id })
            .from(relationships)
            .where(eq(relationships.programId, program.id)),
        ),
        gte(sessions.heldOn, from),
        lte(sessions.heldOn, today),
      ),
    )
    .values() as [number, string][];
  const checkinRows = home
    ? []
    : (db
        .select({
          relationshipId: checkins.relationshipId,
          userId: checkins.userId,
          status: checkins.status,
          progress: checkins.progress,
          answeredAt: checkins.answeredAt,
          sharedHighlight: sql<string | null>`case when ${checkins.share} = 1 then ${checkins.highlight} end`,
        })
        .from(relationships)
        .innerJoin(checkins, eq(checkins.relationshipId, relationships.id))
        .where(
          and(
            eq(relationships.programId, program.id),
            gte(checkins.dueAt, now.getTime() - program.checkinDays * DAY),
          ),
        )
        .values() as [
        number,
        string,
        DigestCheckin['status'],
        number | null,
        number | null,
        string | null,
      ][]);
  // Once the program has ended nobody is waiting for a match any more.
  const over = now.getTime() >= program.endsAt;
  const { waiting, matchReasons } =
    home || over ? { waiting: [], matchReasons: null } : waitingOf(db, program, now);

  const input: DigestInput = {
    program: {
      id: program.id,
      name: program.name,
      kind: program.kind,
      cadenceDays: program.cadenceDays,
      checkinDays: program.checkinDays,
      endsOn: local(program.endsAt),
    },
    today,
    weeks,
    funnel: funnelOf(db, program.id),
    relationships: relRows.map((r) => ({
      id: r[0],
      status: r[1],
      startedOn: local(r[2]),
      endedOn: r[3] === null ? null : local(r[3]),
      lastSessionOn: r[4],
      pausedUntilOn: r[5] === null ? null : local(r[5]),
      nudgeStep: r[6],
      atRisk: r[7] === 1,
      goalsSet: r[8] !== null,
      storyOptIn: r[9] === 1,
    })),
    sessions: sessionRows.map((r) => ({ relationshipId: r[0], heldOn: r[1] })),
    pauses: pausesOf(db, program.id, trendStartMs - PAUSE_LOOKBACK_DAYS * DAY, local),
    checkins: checkinRows.map((c) => ({
      relationshipId: c[0],
      userId: c[1],
      status: c[2],
      progress: c[3],
      answeredOn: c[4] === null ? null : local(c[4]),
      sharedHighlight: c[5],
    })),
    waiting,
    matchReasons,
    names: {},
    skillLabels: Object.fromEntries(catalogueOf(program).map((sk) => [sk.slug, sk.label])),
  };
  return { ...input, names: namesOf(db, relationshipsToName(input)) };
}

/** Display names of the people in some relationships, in the order they joined it. */
function namesOf(db: DbOrTx, ids: number[]): Record<number, string[]> {
  if (ids.length === 0) return {};
  const out: Record<number, string[]> = {};
  const rows = db
    .select({ relationshipId: relationshipMembers.relationshipId, name: members.name })
    .from(relationshipMembers)
    .innerJoin(members, eq(members.userId, relationshipMembers.userId))
    .where(inArray(relationshipMembers.relationshipId, ids))
    .orderBy(relationshipMembers.relationshipId, sql`${relationshipMembers}.rowid`)
    .all();
  for (const r of rows) {
    const list = out[r.relationshipId];
    if (list) list.push(r.name);
    else out[r.relationshipId] = [r.name];
  }
  return out;
}

export function loadDigest(db: DbOrTx, program: Program, now: Date, opts: LoadOptions = {}): Digest {
  return composeDigest(loadDigestInput(db, program, now, opts));
}

/** The trend chart as PNG, or null when the program has nothing to chart yet. */
export function digestChartPng(d: Digest): Buffer | null {
  if (!d.hasTrend) return null;
  const svg = trendChartSvg(
    d.trend.map((w) => ({ label: w.label, sessions: w.sessions, share: w.share })),
    {
      title: 'Sessions per week and pairs on track',
      subtitle: `${d.program.name} · last ${TREND_WEEKS} weeks`,
    },
  );
  return renderPng(svg);
}

// ---------------------------------------------------------------------------------------------------------
// the export

export interface ExportFile {
  filename: string;
  title: string;
  content: string;
  rows: number;
}

/**
 * The program as CSV files for its owners: members and their survey answers (never the confidential avoid list),
 * relationships with their standing, sessions (dates, not the pair's notes), and check-in scores with only the
 * highlights their authors chose to share. No private note is read.
 */
export function exportFiles(db: DbOrTx, program: Program, now: Date): ExportFile[] {
  const local = localDater(program.timeZone);
  const today = local(now.getTime());
  const slug = `program-${program.id}`;
  const file = (name: string, title: string, header: string[], rows: Cell[][]): ExportFile => ({
    filename: `${slug}-${name}.csv`,
    title: `${program.name}: ${title}`,
    content: toCsv(header, rows),
    rows: rows.length,
  });

  const people = db
    .select({
      userId: participants.userId,
      name: members.name,
      status: participants.status,
      invitedAt: participants.invitedAt,
      answeredAt: participants.answeredAt,
      declinedAt: participants.declinedAt,
      role: surveyAnswers.role,
      level: surveyAnswers.level,
      department: surveyAnswers.department,
      teach: surveyAnswers.teach,
      learn: surveyAnswers.learn,
      goals: surveyAnswers.goals,
      capacity: surveyAnswers.capacity,
    })
    .from(participants)
    .leftJoin(members, eq(members.userId, participants.userId))
    .leftJoin(surveyAnswers, eq(surveyAnswers.participantId, participants.id))
    .where(eq(participants.programId, program.id))
    .orderBy(participants.id)
    .all();
  const on = (ms: number | null) => (ms === null ? null : local(ms));
  const membersFile = file(
    'members-and-answers',
    'members and survey answers',
    [
      'user_id',
      'name',
      'status',
      'invited_on',
      'answered_on',
      'declined_on',
      'role',
      'career_stage',
      'department',
      'can_teach',
      'wants_to_learn',
      'goals',
      'mentee_capacity',
    ],
    people.map((p) => [
      p.userId,
      p.name,
      p.status,
      on(p.invitedAt),
      on(p.answeredAt),
      on(p.declinedAt),
      p.role,
      p.level,
      p.department,
      p.teach?.join('; '),
      p.learn?.join('; '),
      p.goals,
      p.capacity,
    ]),
  );

  const rels = db
    .select()
    .from(relationships)
    .where(eq(relationships.programId, program.id))
    .orderBy(relationships.id)
    .all();
  const relMembers = db
    .select({
      relationshipId: relationshipMembers.relationshipId,
      userId: relationshipMembers.userId,
      role: relationshipMembers.role,
      name: members.name,
    })
    .from(relationships)
    .innerJoin(relationshipMembers, eq(relationshipMembers.relationshipId, relationships.id))
    .leftJoin(members, eq(members.userId, relationshipMembers.userId))
    .where(eq(relationships.programId, program.id))
    .all();
  const peopleOf = new Map<number, typeof relMembers>();
  for (const m of relMembers) {
    const list = peopleOf.get(m.relationshipId);
    if (list) list.push(m);
    else peopleOf.set(m.relationshipId, [m]);
  }
  const sessionCounts = new Map(
    db
      .select({ id: sessions.relationshipId, n: count() })
      .from(relationships)
      .innerJoin(sessions, eq(sessions.relationshipId, relationships.id))
      .where(eq(relationships.programId, program.id))
      .groupBy(sessions.relationshipId)
      .all()
      .map((r) => [r.id, r.n]),
  );
  const todayDay = dayOf(today);
  const endsOn = local(program.endsAt);
  const relationshipsFile = file(
    'relationships',
    'relationships',
    [
      'relationship_id',
      'status',
      'standing',
      'phase',
      'members',
      'member_ids',
      'roles',
      'started_on',
      'last_session_on',
      'days_since_met',
      'sessions',
      'nudge_step',
      'at_risk',
      'paused_until',
      'ended_on',
      'end_reason',
      'goals_set',
      'offered_story',
    ],
    rels.map((r) => {
      const ms = peopleOf.get(r.id) ?? [];
      const started = dayOf(local(r.startedAt));
      const last = r.lastSessionOn === null ? null : dayOf(r.lastSessionOn);
      const pausedUntil = r.pausedUntil === null ? null : dayOf(local(r.pausedUntil));
      const standing =
        r.status === 'ended'
          ? 'ended'
          : r.status === 'paused' && (pausedUntil === null || pausedUntil > todayDay)
            ? 'paused'
            : standingOnDay(started, last, pausedUntil, program.cadenceDays, todayDay);
      const phase = phaseOf({
        status: r.status,
        sessions: sessionCounts.get(r.id) ?? 0,
        goalsSet: r.goalsSetAt !== null,
        programEndsOn: endsOn,
        today,
      });
      return [
        r.id,
        r.status,
        standing.replace('_', ' '),
        phaseLabels[phase],
        ms.map((m) => m.name ?? m.userId).join('; '),
        ms.map((m) => m.userId).join('; '),
        ms.map((m) => m.role).join('; '),
        local(r.startedAt),
        r.lastSessionOn,
        r.status === 'ended' ? null : todayDay - (last ?? started),
        sessionCounts.get(r.id) ?? 0,
        r.nudgeStep,
        r.atRisk,
        r.pausedUntil === null ? null : local(r.pausedUntil),
        r.endedAt === null ? null : local(r.endedAt),
        r.endReason,
        r.goalsSetAt !== null,
        r.storyOptIn,
      ];
    }),
  );

  const sessionRows = db
    .select({
      relationshipId: sessions.relationshipId,
      heldOn: sessions.heldOn,
      loggedBy: sessions.loggedBy,
      name: members.name,
    })
    .from(relationships)
    .innerJoin(sessions, eq(sessions.relationshipId, relationships.id))
    .leftJoin(members, eq(members.userId, sessions.loggedBy))
    .where(eq(relationships.programId, program.id))
    .orderBy(sessions.heldOn, sessions.relationshipId)
    .all();
  const sessionsFile = file(
    'sessions',
    'sessions',
    ['relationship_id', 'held_on', 'logged_by', 'logged_by_name'],
    sessionRows.map((s) => [s.relationshipId, s.heldOn, s.loggedBy, s.name]),
  );

  const checkinRows = db
    .select({
      id: checkins.id,
      relationshipId: checkins.relationshipId,
      userId: checkins.userId,
      name: members.name,
      periodIndex: checkins.periodIndex,
      isFinal: checkins.isFinal,
      status: checkins.status,
      dueAt: checkins.dueAt,
      answeredAt: checkins.answeredAt,
      progress: checkins.progress,
      sharedHighlight: sql<string | null>`case when ${checkins.share} = 1 then ${checkins.highlight} end`,
    })
    .from(relationships)
    .innerJoin(checkins, eq(checkins.relationshipId, relationships.id))
    .leftJoin(members, eq(members.userId, checkins.userId))
    .where(eq(relationships.programId, program.id))
    .orderBy(checkins.dueAt, checkins.id)
    .all();
  const checkinsFile = file(
    'checkins',
    'check-in scores',
    [
      'checkin_id',
      'relationship_id',
      'user_id',
      'name',
      'period',
      'status',
      'due_on',
      'answered_on',
      'progress',
      'shared_highlight',
    ],
    checkinRows.map((c) => [
      c.id,
      c.relationshipId,
      c.userId,
      c.name,
      c.isFinal ? 'final' : c.periodIndex,
      c.status,
      local(c.dueAt),
      on(c.answeredAt),
      c.progress,
      c.sharedHighlight,
    ]),
  );
  return [membersFile, relationshipsFile, sessionsFile, checkinsFile];
}

export interface QueuedExport {
  program: Program;
  files: { filename: string; rows: number }[];
}

/**
 * Builds each program's CSV files in one read snapshot, then queues them for the owner's DM: a conversations.open
 * for the DM, and each upload after it. Keys carry the instant, so every request sends its own copy.
 */
export function queueExport(
  deps: Pick<Deps, 'db'>,
  userId: string,
  programsToExport: readonly Program[],
  now: Date,
): QueuedExport[] {
  const built = deps.db.transaction((tx) =>
    programsToExport.map((program) => ({ program, files: exportFiles(tx, program, now) })),
  );
  const openKey = `export-open:${userId}:${now.getTime()}`;
  writeTx(deps.db, (tx) => {
    enqueue(
      tx,
      { key: openKey, method: 'conversations.open', recipient: userId, payload: { users: userId } },
      now,
    );
    for (const { program, files } of built) {
      for (const f of files) {
        enqueue(
          tx,
          {
            key: `export:${program.id}:${userId}:${now.getTime()}:${f.filename}`,
            method: 'files.upload',
            recipient: userId,
            dependsOn: openKey,
            payload: {
              filename: f.filename,
              title: f.title,
              content_base64: Buffer.from(f.content, 'utf8').toString('base64'),
            },
          },
          now,
        );
      }
    }
  });
  return built.map(({ program, files }) => ({
    program,
    files: files.map((f) => ({ filename: f.filename, rows: f.rows })),
  }));
}
