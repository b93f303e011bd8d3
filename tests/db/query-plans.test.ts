/**
 * The scans jobs and the deliverer make must find their rows through an index, never by reading a whole table:
 * at 50,000 members a year in, outbox, participants, sessions and check-ins hold hundreds of thousands of rows
 * (see bench/seed.ts). The hottest queries are the code's own SQL, imported; the others mirror the SQL drizzle builds
 * for the code named beside it: when that code changes shape, change the query here too. Tables may be named by
 * their alias in the query; a scan through a partial index (it holds only the rows the query wants) is allowed.
 *
 * Plans are read from a freshly migrated database without ANALYZE statistics, as production databases are: that
 * is the planner's view the app runs with.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, type Db, openDb, runMigrations } from '../../src/db/client';
import { checkinQueries } from '../../src/flows/checkins';
import { memberQueries } from '../../src/flows/relationships';
import { nudgeQueries } from '../../src/jobs/nudges';

/** Tables that grow with members, relationships or time. */
const BIG_TABLES = new Set([
  'members',
  'participants',
  'survey_answers',
  'offers',
  'offer_members',
  'blocked_pairs',
  'relationships',
  'relationship_members',
  'sessions',
  'nudges',
  'goals',
  'checkins',
  'outbox',
  'rate_events',
  'job_runs',
  'processed_events',
  'audit_log',
]);

interface PlanCase {
  /** What the query is for, and where it is run. */
  name: string;
  sql: string;
  /** Table -> the index its rows must be found with ('PRIMARY KEY' for an integer primary key lookup). */
  uses: Record<string, string | readonly string[]>;
}

const cases: PlanCase[] = [
  // ----- the deliverer (src/outbox/deliver.ts), every pass in the server and every job process
  {
    name: 'outbox: due rows (deliver.ts dueRows)',
    sql: `select * from outbox
          where (outbox.status = ? and outbox.not_before <= ? and outbox.next_attempt_at <= ?)
          order by outbox.not_before asc, outbox.id asc limit ?`,
    uses: { outbox: 'outbox_due_idx' },
  },
  {
    name: 'outbox: next retry (deliver.ts nextRetryAt)',
    sql: `select min(outbox.next_attempt_at) from outbox
          where (outbox.status = ? and outbox.not_before <= ?)`,
    uses: { outbox: 'outbox_due_idx' },
  },
  {
    name: 'outbox: rows left sending (deliver.ts recoverAbandoned)',
    sql: `select * from outbox where outbox.status = ?`,
    uses: { outbox: 'outbox_due_idx' },
  },
  {
    name: 'outbox: a row by key (deliver.ts resolvePayload, enqueue.ts outboxResult)',
    sql: `select outbox.status, outbox.result from outbox where outbox.key = ?`,
    uses: { outbox: 'outbox_key_uq' },
  },
  {
    name: 'rate budget: calls in the window (rate-limit.ts takeToken)',
    sql: `select count(*), min(rate_events.at) from rate_events
          where (rate_events.bucket = ? and rate_events.at >= ?)`,
    uses: { rate_events: 'rate_events_bucket_at_idx' },
  },
  {
    name: 'rate budget: oldest call in the window (rate-limit.ts oldestInWindow)',
    sql: `select rate_events.at from rate_events where (rate_events.bucket = ? and rate_events.at >= ?)
          order by rate_events.at limit ? offset ?`,
    uses: { rate_events: 'rate_events_bucket_at_idx' },
  },
  {
    name: 'rate budget: forget calls older than a minute (rate-limit.ts takeToken)',
    sql: `delete from rate_events where (rate_events.bucket = ? and rate_events.at < ?)`,
    uses: { rate_events: 'rate_events_bucket_at_idx' },
  },

  // ----- every job (src/jobs/run.ts, src/db/repositories/job-runs.ts)
  {
    name: 'job runs: has this period run (job-runs.ts hasRun, recordJobSummary)',
    sql: `select job_runs.id from job_runs
          where (job_runs.job = ? and job_runs.program_id = ? and job_runs.period = ?)`,
    uses: { job_runs: 'job_runs_job_program_period_uq' },
  },

  // ----- survey-reminders (src/jobs/survey-reminders.ts)
  {
    name: 'survey-reminders: invited people with their delivered invitation',
    sql: `select participants.id, participants.user_id, participants.reminders_sent, members.tz, outbox.sent_at
          from participants
          inner join members on members.user_id = participants.user_id
          inner join outbox on outbox.key = 'invite:' || participants.program_id || ':' || participants.user_id
          where (participants.program_id = ? and participants.status = ? and participants.reminders_sent < ?
                 and outbox.status = ? and members.is_active = ?)`,
    uses: {
      participants: 'participants_program_status_idx',
      members: 'sqlite_autoindex_members_1',
      outbox: 'outbox_key_uq',
    },
  },

  // ----- digest (src/jobs/digest.ts -> src/flows/home.ts funnelCounts)
  {
    name: 'digest: the funnel of a program (home.ts funnelCounts)',
    sql: `select count(*),
                 sum(case when participants.status = 'answered' then 1 else 0 end),
                 sum(case when participants.status = 'declined' then 1 else 0 end)
          from participants where participants.program_id = ?`,
    uses: { participants: ['participants_program_status_idx', 'participants_program_user_uq'] },
  },
  {
    name: 'digest: the sessions of the trend window (flows/digest.ts loadDigestInput)',
    sql: `select sessions.relationship_id, sessions.held_on from sessions
          where (sessions.relationship_id in (select relationships.id from relationships
                                              where relationships.program_id = ?)
                 and sessions.held_on >= ? and sessions.held_on <= ?)`,
    uses: { relationships: 'relationships_program_status_idx', sessions: 'sessions_relationship_day_uq' },
  },
  {
    name: 'digest: sessions held across a program in a week',
    sql: `select count(*) from sessions
          inner join relationships on relationships.id = sessions.relationship_id
          where relationships.program_id = ? and sessions.held_on >= ? and sessions.held_on < ?`,
    uses: {
      relationships: ['relationships_program_status_idx', 'PRIMARY KEY'],
      sessions: ['sessions_relationship_day_uq', 'sessions_held_on_idx'],
    },
  },

  {
    name: 'digest: pauses and resumes from the audit log (flows/digest.ts pausesOf)',
    sql: `select audit_log.at, audit_log.action, audit_log.detail from audit_log
          where (audit_log.program_id = ? and audit_log.at >= ? and audit_log.action in (?, ?))
          order by audit_log.at`,
    uses: { audit_log: 'audit_log_program_idx' },
  },
  {
    name: 'digest: relationships with their last session before the window (flows/digest.ts)',
    sql: `select relationships.id, relationships.status,
                 (select max(sessions.held_on) from sessions
                  where sessions.relationship_id = relationships.id and sessions.held_on < ?)
          from relationships
          where (relationships.program_id = ?
                 and (relationships.status <> ? or relationships.ended_at >= ? or relationships.story_opt_in = ?))`,
    uses: { relationships: 'relationships_program_status_idx', sessions: 'sessions_relationship_day_uq' },
  },
  {
    name: 'digest: check-ins due in the last period (flows/digest.ts)',
    sql: `select checkins.relationship_id, checkins.user_id, checkins.status, checkins.progress
          from relationships inner join checkins on checkins.relationship_id = relationships.id
          where (relationships.program_id = ? and checkins.due_at >= ?)`,
    uses: {
      relationships: 'relationships_program_status_idx',
      checkins: 'checkins_relationship_due_idx',
    },
  },

  // ----- match (src/flows/matching.ts loadPool, loadBlocked)
  {
    name: 'match: the pool of answered, reachable people',
    sql: `select * from participants
          inner join survey_answers on survey_answers.participant_id = participants.id
          inner join members on members.user_id = participants.user_id
          where (participants.program_id = ? and participants.status = ? and members.is_active = ?
                 and members.delivery_error is null
                 and (participants.skip_until is null or participants.skip_until <= ?))
          order by participants.id`,
    uses: {
      participants: 'participants_program_status_idx',
      survey_answers: 'PRIMARY KEY',
      members: 'sqlite_autoindex_members_1',
    },
  },
  {
    name: 'match: people in an open relationship',
    sql: `select relationship_members.user_id from relationship_members
          inner join relationships on relationships.id = relationship_members.relationship_id
          where (relationships.program_id = ? and relationships.status <> ?)`,
    uses: {
      relationships: 'relationships_program_status_idx',
      relationship_members: 'sqlite_autoindex_relationship_members_1',
    },
  },
  {
    name: 'match: people in a pending offer',
    sql: `select offer_members.user_id from offer_members
          inner join offers on offers.id = offer_members.offer_id
          where (offers.program_id = ? and offers.status = ?)`,
    uses: { offers: 'offers_program_status_idx', offer_members: 'sqlite_autoindex_offer_members_1' },
  },
  {
    name: 'match: pairs never to propose again',
    sql: `select blocked_pairs.user_a, blocked_pairs.user_b from blocked_pairs where blocked_pairs.program_id = ?`,
    uses: { blocked_pairs: 'sqlite_autoindex_blocked_pairs_1' },
  },

  // ----- nudges and check-ins (src/jobs/nudges.ts, src/flows/checkins.ts checkinsWork)
  {
    name: 'nudges, check-ins: the active and paused relationships of a program',
    sql: `select * from relationships
          where (relationships.program_id = ? and relationships.status in (?, ?))`,
    uses: { relationships: 'relationships_program_status_idx' },
  },
  {
    name: 'nudges: what the ladder needs of each relationship (nudgeQueries.relationships)',
    sql: nudgeQueries.relationships,
    uses: { relationships: 'relationships_program_status_idx' },
  },
  {
    name: 'nudges: relationships with someone who left Slack (memberQueries.departed)',
    sql: memberQueries.departed,
    uses: { m: 'members_unreachable_idx', rm: 'relationship_members_user_idx', r: 'PRIMARY KEY' },
  },
  {
    name: 'nudges, check-ins: the people of a relationship (memberQueries.ofRelationship)',
    sql: memberQueries.ofRelationship,
    uses: {
      rm: 'sqlite_autoindex_relationship_members_1',
      r: 'PRIMARY KEY',
      m: 'sqlite_autoindex_members_1',
      p: ['participants_program_user_uq', 'participants_user_idx'],
      sa: 'PRIMARY KEY',
    },
  },
  {
    name: 'check-ins at the end: the people of every relationship (memberQueries.ofProgram)',
    sql: memberQueries.ofProgram,
    uses: {
      r: 'relationships_program_status_idx',
      rm: 'sqlite_autoindex_relationship_members_1',
      m: 'sqlite_autoindex_members_1',
      p: ['participants_program_user_uq', 'participants_user_idx'],
      sa: 'PRIMARY KEY',
    },
  },
  {
    name: 'check-ins: expire open check-ins of a program (checkinQueries.expire)',
    sql: checkinQueries.expire,
    uses: { checkins: 'checkins_status_idx', relationships: 'relationships_program_status_idx' },
  },
  {
    name: 'check-ins: open check-ins owed a reminder (checkinQueries.reminders)',
    sql: checkinQueries.reminders,
    uses: { c: 'checkins_status_idx', r: 'PRIMARY KEY', m: 'sqlite_autoindex_members_1' },
  },
  {
    name: "check-ins: each relationship's start (checkinQueries.relationships)",
    sql: checkinQueries.relationships,
    uses: { relationships: 'relationships_program_status_idx' },
  },
  {
    name: "check-ins: the people without this period's check-in (checkinQueries.missing)",
    sql: checkinQueries.missing,
    uses: {
      rm: 'sqlite_autoindex_relationship_members_1',
      m: 'sqlite_autoindex_members_1',
      c: 'checkins_relationship_user_period_uq',
    },
  },
  {
    name: 'nudges: sessions held by a relationship (relationships.ts summarize)',
    sql: `select count(*) from sessions where sessions.relationship_id = ?`,
    uses: { sessions: 'sessions_relationship_day_uq' },
  },
  {
    name: 'nudges: the last session of a relationship',
    sql: `select max(sessions.held_on) from sessions where sessions.relationship_id = ?`,
    uses: { sessions: 'sessions_relationship_day_uq' },
  },
  {
    name: 'nudges: sessions of a relationship since a day',
    sql: `select count(*) from sessions where (sessions.relationship_id = ? and sessions.held_on >= ?)`,
    uses: { sessions: 'sessions_relationship_day_uq' },
  },
  {
    name: 'nudges: has this step been taken this cycle',
    sql: `select nudges.id from nudges
          where (nudges.relationship_id = ? and nudges.cycle = ? and nudges.step = ?)`,
    uses: { nudges: 'nudges_relationship_cycle_step_uq' },
  },
  {
    name: 'nudges, check-ins: the people in a relationship',
    sql: `select relationship_members.user_id, relationship_members.role from relationship_members
          where relationship_members.relationship_id = ?`,
    uses: { relationship_members: 'sqlite_autoindex_relationship_members_1' },
  },
  {
    name: "check-ins: one person's check-in for a period",
    sql: `select * from checkins
          where (checkins.relationship_id = ? and checkins.user_id = ? and checkins.period_index = ?)`,
    uses: { checkins: 'checkins_relationship_user_period_uq' },
  },
  {
    name: 'check-ins: the goals of a relationship',
    sql: `select * from goals where goals.relationship_id = ? order by goals.position`,
    uses: { goals: 'goals_relationship_position_uq' },
  },

  // ----- `/mentor status` (acknowledged within the latency budget)
  {
    name: "status: a person's open relationships",
    sql: `select relationships.* from relationship_members
          inner join relationships on relationships.id = relationship_members.relationship_id
          where (relationship_members.user_id = ? and relationships.status <> ?)`,
    uses: { relationship_members: 'relationship_members_user_idx', relationships: 'PRIMARY KEY' },
  },
  {
    name: "status: a person's participations",
    sql: `select * from participants inner join programs on programs.id = participants.program_id
          where participants.user_id = ?`,
    uses: { participants: 'participants_user_idx' },
  },
];

// Only the database layer is imported (not tests/helpers/harness.ts, which loads the whole app): a migrated
// in-memory database plans exactly as a file does.
let db: Db;
/** Indexes with a WHERE clause: they hold only some of their table's rows. */
let partialIndexes: Set<string>;

beforeAll(() => {
  db = openDb(':memory:');
  runMigrations(db);
  partialIndexes = new Set(
    (
      db.$client
        .prepare(`select name from sqlite_master where type = 'index' and sql like '% WHERE %'`)
        .all() as {
        name: string;
      }[]
    ).map((r) => r.name),
  );
});
afterAll(() => {
  closeDb(db);
});

/** Alias -> table, from the query's `from` and `join` clauses. */
function aliasesOf(sql: string): Map<string, string> {
  const out = new Map<string, string>();
  const keywords = new Set([
    'on',
    'where',
    'inner',
    'left',
    'cross',
    'join',
    'order',
    'group',
    'limit',
    'as',
  ]);
  for (const m of sql.matchAll(/\b(?:from|join)\s+(\w+)\s+(?:as\s+)?(\w+)/gi)) {
    const [, table, alias] = m;
    if (table && alias && !keywords.has(alias.toLowerCase())) out.set(alias, table);
  }
  return out;
}

function planOf(sql: string): string[] {
  const stmt = db.$client.prepare(`explain query plan ${sql}`);
  const params = Array.from({ length: (sql.match(/\?/g) ?? []).length }, () => 1);
  return (stmt.all(...params) as Array<{ detail: string }>).map((r) => r.detail);
}

/** The index a plan line reads `table` with, 'PRIMARY KEY' for a rowid lookup, or null when it scans. */
function accessOf(lines: string[], table: string): { line: string; index: string | null } | undefined {
  for (const line of lines) {
    const m = /^(SEARCH|SCAN) (\S+)(?: USING (?:COVERING )?INDEX (\S+)| USING INTEGER PRIMARY KEY)?/.exec(
      line,
    );
    if (!m || m[2] !== table) continue;
    // A scan reads the whole table, unless it walks a partial index that holds only the rows wanted.
    if (m[1] === 'SCAN') return { line, index: m[3] && partialIndexes.has(m[3]) ? m[3] : null };
    return { line, index: m[3] ?? (line.includes('INTEGER PRIMARY KEY') ? 'PRIMARY KEY' : null) };
  }
  return undefined;
}

describe('the scans jobs run use indexes', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const lines = planOf(c.sql);
    const shown = `\n${lines.join('\n')}`;
    // No full read of a big table, with or without an index to walk.
    const aliases = aliasesOf(c.sql);
    for (const line of lines) {
      const scan = /^SCAN (\S+)(?: USING (?:COVERING )?INDEX (\S+))?/.exec(line);
      if (!scan) continue;
      const table = aliases.get(scan[1] ?? '') ?? scan[1] ?? '';
      if (BIG_TABLES.has(table) && !partialIndexes.has(scan[2] ?? ''))
        expect.fail(`full scan of ${table}:${shown}`);
    }
    for (const [table, wanted] of Object.entries(c.uses)) {
      const access = accessOf(lines, table);
      expect(access, `no plan line for ${table}:${shown}`).toBeDefined();
      const allowed = typeof wanted === 'string' ? [wanted] : wanted;
      expect(allowed, `${table} is read with ${access?.index ?? 'a full scan'}:${shown}`).toContain(
        access?.index,
      );
    }
  });

  it('every index the cases name exists in the migrated schema', () => {
    const indexes = new Set(
      (
        db.$client.prepare(`select name from sqlite_master where type = 'index'`).all() as Array<{
          name: string;
        }>
      ).map((r) => r.name),
    );
    const named = cases
      .flatMap((c) => Object.values(c.uses).flatMap((u) => (typeof u === 'string' ? [u] : [...u])))
      .filter((name) => name !== 'PRIMARY KEY');
    for (const name of new Set(named)) expect(indexes, `index ${name}`).toContain(name);
  });

  it('recognises a full scan when it sees one', () => {
    // The check above would be worthless if a plan without an index slipped through it.
    const lines = planOf(`select * from checkins where checkins.progress = ?`);
    expect(accessOf(lines, 'checkins')?.index ?? null).toBeNull();
    expect(lines.some((l) => /^SCAN checkins\b/.test(l))).toBe(true);
  });
});
