/**
 * kill -9 at seeded points of real work, then a restart: a 300-person launch in the server (`npm start`), and a
 * `match`, `nudges` and `digest` run of the job CLI on a seeded database. After the restart every intended message
 * is delivered exactly once (Slack message metadata carries each outbox key), no row is half-written (no offer
 * without its members, no relationship without its people, no message waiting on a row that does not exist), and
 * each job period has exactly one run.
 *
 * A kill point is "the k-th Slack call that changes something", so the process dies after Slack acted and before
 * it heard back: the case where an outbox either loses the message or sends it twice. Every fourth seed kills after
 * a random delay instead, which can land anywhere: start-up, the job's transaction, or delivery.
 *
 * `npm test` runs one seed of each. The rest are tagged [slow] and run with MENTOR_SLOW_TESTS=1 (`.ci/run` sets it):
 *   MENTOR_SLOW_TESTS=1 npx vitest run tests/e2e/crash-jobs.test.ts
 */
import { copyFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock';
import { testConfig } from '../../src/config';
import { closeDb, type Db, openDb } from '../../src/db/client';
import { insertProgram, type Program } from '../../src/db/repositories/programs';
import {
  jobRuns,
  members,
  nudges,
  offerMembers,
  offers,
  outbox,
  participants,
  programs,
  relationshipMembers,
  relationships,
  sessions,
  surveyAnswers,
} from '../../src/db/schema';
import {
  mulberry32,
  type SimCall,
  type SimMessage,
  type SlackSim,
  startSlackSim,
} from '../../src/demo/slack-sim';
import type { Deps } from '../../src/deps';
import { jobs } from '../../src/jobs';
import type { JobName } from '../../src/jobs/run';
import { silentLogger } from '../../src/log';
import { createDeliverer } from '../../src/outbox/deliver';
import { enqueue } from '../../src/outbox/enqueue';
import { createSlackClient } from '../../src/slack/client';
import { OWNER, testDb } from '../helpers/harness';
import { type Finished, spawnBot } from '../helpers/processes';
import { setupState } from '../helpers/programs';
import { createSlackRequester } from '../helpers/slack-requests';

const DAY = 86_400_000;
const SLOW = process.env.MENTOR_SLOW_TESTS === '1';
/** Monday 10:00 UTC: working hours in Berlin and London, so everything the jobs send is due at once. */
const NOW = new Date('2027-01-04T10:00:00Z');
/** Slack calls that change something: killing right after one is where exactly-once is at stake. */
const ACTING = new Set([
  'chat.postMessage',
  'conversations.open',
  'files.getUploadURLExternal',
  'file_upload',
  'files.completeUploadExternal',
  'users.info',
]);

type KillPoint = { call: number } | { afterMs: number };

/**
 * Every fourth seed kills after a random delay of up to `maxMs` (start-up, the transaction or delivery, wherever that
 * lands); the others at a random acting call in [1, calls).
 */
function killPoint(seed: number, salt: string, calls: number, maxMs: number): KillPoint {
  const rnd = mulberry32(seed * 7919 + [...salt].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 0));
  if (seed % 4 === 0) return { afterMs: 200 + Math.floor(rnd() * maxMs) };
  return { call: 1 + Math.floor(rnd() * Math.max(1, calls - 1)) };
}

const describeKill = (k: KillPoint) => ('call' in k ? `at Slack call ${k.call}` : `after ${k.afterMs} ms`);

/** Kills the process at the point; resolves with how it ended (it may have finished first on a late point). */
async function killAt(sim: SlackSim, run: ReturnType<typeof spawnBot>, point: KillPoint): Promise<Finished> {
  let acted = 0;
  const onCall = (c: SimCall) => {
    if (!ACTING.has(c.method)) return;
    acted++;
    if ('call' in point && acted === point.call) run.child.kill('SIGKILL');
  };
  sim.events.on('call', onCall);
  const timer = 'afterMs' in point ? setTimeout(() => run.child.kill('SIGKILL'), point.afterMs) : undefined;
  try {
    return await run.done;
  } finally {
    clearTimeout(timer);
    sim.events.off('call', onCall);
  }
}

const keyOf = (m: SimMessage) =>
  (m.metadata?.event_payload as { outbox_key?: string } | undefined)?.outbox_key ?? null;

// ---------------------------------------------------------------------------------------------------------
// invariants
// ---------------------------------------------------------------------------------------------------------

/** Nothing half-written: the rows a transaction writes together are all there. */
function expectWhole(db: Db): void {
  expect(db.$client.pragma('integrity_check', { simple: true })).toBe('ok');
  expect(db.$client.pragma('foreign_key_check')).toEqual([]);
  for (const o of db.select().from(offers).all()) {
    const ms = db.select().from(offerMembers).where(eq(offerMembers.offerId, o.id)).all();
    expect(ms.length, `offer ${o.id} has ${ms.length} members`).toBeGreaterThanOrEqual(2);
    if (o.status === 'pending')
      for (const m of ms) {
        const row = db
          .select()
          .from(outbox)
          .where(eq(outbox.key, `offer:${o.id}:${m.userId}`))
          .get();
        expect(row, `offer ${o.id} without its DM to ${m.userId}`).toBeDefined();
      }
  }
  for (const r of db.select().from(relationships).all()) {
    const ms = db
      .select()
      .from(relationshipMembers)
      .where(eq(relationshipMembers.relationshipId, r.id))
      .all();
    expect(ms.length, `relationship ${r.id} has ${ms.length} members`).toBeGreaterThanOrEqual(2);
  }
  for (const n of db.select().from(nudges).all()) {
    const rows = db
      .select()
      .from(outbox)
      .where(sql`${outbox.key} like ${`nudge:${n.relationshipId}:${n.cycle}:${n.step}%`}`)
      .all();
    expect(rows.length, `nudge ${n.id} without its message`).toBeGreaterThan(0);
  }
  const keys = new Set(
    db
      .select({ key: outbox.key })
      .from(outbox)
      .all()
      .map((r) => r.key),
  );
  for (const r of db.select().from(outbox).all())
    if (r.dependsOn) expect(keys.has(r.dependsOn), `${r.key} waits on a missing ${r.dependsOn}`).toBe(true);
  // Each job's period claimed once, with the summary its transaction wrote.
  const runs = db.select().from(jobRuns).all();
  const periods = runs.map((r) => `${r.job}/${r.programId}/${r.period}`);
  expect(new Set(periods).size).toBe(periods.length);
  for (const r of runs) expect(r.summary, `${r.job} run for program ${r.programId}`).not.toBeNull();
}

/**
 * Exactly once: every message Slack holds carries a distinct outbox key, the keys are exactly `expected`, every
 * row is sent, and each file went to its channel once.
 */
function expectDeliveredOnce(sim: SlackSim, db: Db, expected: Set<string>): void {
  const posted = sim.messages.map(keyOf).filter((k): k is string => k !== null);
  const twice = posted.filter((k, i) => posted.indexOf(k) !== i);
  expect(twice, 'messages posted twice').toEqual([]);
  expect(new Set(posted)).toEqual(new Set([...expected].filter((k) => !k.includes('-chart:'))));
  const rows = db.select().from(outbox).all();
  expect(
    rows.filter((r) => r.status !== 'sent').map((r) => `${r.key}: ${r.status} ${r.lastError ?? ''}`),
  ).toEqual([]);
  const files = sim.files
    .filter((f) => f.completed && f.channelId)
    .map((f) => `${f.channelId}/${f.filename}`);
  expect(files.length, `files posted twice: ${files.join(', ')}`).toBe(new Set(files).size);
  const uploads = rows.filter((r) => r.method === 'files.upload');
  expect(files).toHaveLength(uploads.length);
}

// ---------------------------------------------------------------------------------------------------------
// the job CLI
// ---------------------------------------------------------------------------------------------------------

let sim: SlackSim | undefined;
let t: ReturnType<typeof testDb> | undefined;
afterEach(async () => {
  sim?.events.removeAllListeners();
  await sim?.close();
  t?.cleanup();
  sim = undefined;
  t = undefined;
});

function openProgram(db: Db, name: string, overrides: Partial<Program> = {}): Program {
  return insertProgram(db, {
    name,
    kind: 'reverse',
    weeks: 26,
    cadenceDays: 14,
    checkinDays: 28,
    timeZone: 'Europe/Berlin',
    ownerId: OWNER,
    status: 'open',
    launchedAt: NOW.getTime() - 60 * DAY,
    surveyClosesAt: NOW.getTime() - 50 * DAY,
    endsAt: NOW.getTime() + 120 * DAY,
    createdAt: NOW.getTime() - 60 * DAY,
    ...overrides,
  });
}

/** People who answered the survey; even ones are early-career mentors, odd ones senior mentees. */
function addPeople(s: SlackSim, db: Db, program: Program, prefix: string, n: number): string[] {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = `U${prefix}${String(i).padStart(4, '0')}`;
    const mentor = i % 2 === 0;
    const tz = mentor ? 'Europe/Berlin' : 'Europe/London';
    if (!s.user(id)) s.addUser({ id, real_name: `${prefix} ${i}`, tz });
    db.insert(members)
      .values({ userId: id, name: `${prefix} ${i}`, tz, updatedAt: 0 })
      .onConflictDoNothing()
      .run();
    const part = db
      .insert(participants)
      .values({ programId: program.id, userId: id, status: 'answered', invitedAt: 0, answeredAt: 0 })
      .returning()
      .get();
    db.insert(surveyAnswers)
      .values({
        participantId: part.id,
        role: mentor ? 'mentor' : 'mentee',
        level: mentor ? 'early' : 'senior',
        department: mentor ? 'Engineering' : 'Finance',
        teach: mentor ? ['ai-tools'] : ['leadership'],
        learn: mentor ? ['leadership'] : ['ai-tools'],
        goals: 'Learn from each other.',
        avoid: [],
        updatedAt: 0,
      })
      .run();
    ids.push(id);
  }
  return ids;
}

/** Pairs started `daysAgo` whose group DMs are open, as the last acceptance and its delivery leave them. */
async function startPairs(s: SlackSim, db: Db, program: Program, people: string[], daysAgo: number) {
  const at = new Date(NOW.getTime() - daysAgo * DAY);
  // Opened straight through the sim: the outbox paces conversations.open, and seeding need not wait for that.
  const slack = createSlackClient(testConfig({ slackApiUrl: s.apiUrl }))!;
  for (let i = 0; i + 1 < people.length; i += 2) {
    const pair = [people[i]!, people[i + 1]!];
    const rel = db
      .insert(relationships)
      .values({ programId: program.id, startedAt: at.getTime() })
      .returning({ id: relationships.id })
      .get();
    pair.forEach((userId, j) => {
      db.insert(relationshipMembers)
        .values({ relationshipId: rel.id, userId, role: j === 0 ? 'mentor' : 'mentee' })
        .run();
    });
    const key = `rel-open:${rel.id}`;
    enqueue(db, { key, method: 'conversations.open', payload: { users: pair.join(',') } }, at);
    const opened = await slack.conversations.open({ users: pair.join(',') });
    db.update(outbox)
      .set({ status: 'sent', sentAt: at.getTime(), result: { channel: { id: opened.channel?.id } } })
      .where(eq(outbox.key, key))
      .run();
  }
}

/** What the job makes when nothing goes wrong: run in-process on a copy of the seeded database. */
function intendedMessages(db: Db, job: JobName): Set<string> {
  const copy = join(t!.path, '..', `intended-${job}.db`);
  db.$client.pragma('wal_checkpoint(TRUNCATE)');
  copyFileSync(t!.path, copy);
  const ref = openDb(copy);
  try {
    const deps: Deps = {
      db: ref,
      config: testConfig({ databasePath: copy }),
      clock: fixedClock(NOW),
      log: silentLogger,
      slack: null,
      deliverer: createDeliverer({
        db: ref,
        slack: null,
        clock: fixedClock(NOW),
        log: silentLogger,
        maxPostsPerMinute: 6000,
      }),
    };
    const before = new Set(
      ref
        .select({ key: outbox.key })
        .from(outbox)
        .all()
        .map((r) => r.key),
    );
    jobs[job](deps, NOW, { trigger: 'manual' });
    return new Set(
      ref
        .select()
        .from(outbox)
        .all()
        .filter(
          (r) => !before.has(r.key) && r.notBefore <= NOW.getTime() && r.method !== 'conversations.open',
        )
        .map((r) => r.key),
    );
  } finally {
    closeDb(ref);
  }
}

interface JobScenario {
  job: JobName;
  seed(s: SlackSim, db: Db): Promise<void>;
  /** The state the job must have made, checked after the restart. */
  made(db: Db): void;
}

const scenarios: JobScenario[] = [
  {
    // A round for 32 people waiting: 16 offers, each DMed to both sides.
    job: 'match',
    seed: async (s, db) => {
      addPeople(s, db, openProgram(db, 'Crash matching'), 'MAT', 32);
    },
    made: (db) => {
      expect(db.select().from(offers).all()).toHaveLength(16);
      const offered = db.select().from(offerMembers).all();
      expect(new Set(offered.map((m) => m.userId)).size).toBe(32);
    },
  },
  {
    // 24 pairs that have not met for three weeks: each gets the first nudge in its group DM.
    job: 'nudges',
    seed: async (s, db) => {
      const program = openProgram(db, 'Crash nudges');
      await startPairs(s, db, program, addPeople(s, db, program, 'NUD', 48), 21);
    },
    made: (db) => {
      expect(db.select().from(nudges).all()).toHaveLength(24);
      expect(db.select().from(relationships).where(eq(relationships.nudgeStep, 1)).all()).toHaveLength(24);
    },
  },
  {
    // Five programs, each with a pair that met: five digests, each followed by its chart.
    job: 'digest',
    seed: async (s, db) => {
      for (let i = 0; i < 5; i++) {
        const channel = `CDIG${i}0000`;
        s.addChannel({ id: channel, name: `owners-${i}`, botIsMember: true });
        const program = openProgram(db, `Crash digest ${i}`, { digestChannel: channel });
        const people = addPeople(s, db, program, `DG${i}`, 2);
        await startPairs(s, db, program, people, 20);
        const rel = db.select().from(relationships).where(eq(relationships.programId, program.id)).get()!;
        db.insert(sessions)
          .values({
            relationshipId: rel.id,
            heldOn: '2027-01-01',
            loggedBy: people[0]!,
            createdAt: NOW.getTime() - 3 * DAY,
          })
          .run();
      }
    },
    made: (db) => {
      expect(db.select().from(jobRuns).where(eq(jobRuns.job, 'digest')).all()).toHaveLength(5);
    },
  },
];

describe('kill -9 during a job run, then the same run again', () => {
  for (const scenario of scenarios) {
    for (const seed of [1, 2, 3, 4]) {
      const slow = seed > 1;
      it.runIf(!slow || SLOW)(
        `${scenario.job}, seed ${seed}: every message once, nothing half-written, one run per period${slow ? ' [slow]' : ''}`,
        async () => {
          sim = await startSlackSim();
          t = testDb();
          await scenario.seed(sim, t.db);
          const intended = intendedMessages(t.db, scenario.job);
          expect(intended.size).toBeGreaterThan(5);
          // Each message costs a few ms at Slack, so a kill lands among them and not after the last.
          sim.setLatency(4);
          // A file takes three calls (upload URL, upload, completion), a message one.
          const files = [...intended].filter((k) => k.includes('-chart:')).length;
          const point = killPoint(seed, scenario.job, intended.size + 2 * files, 2500);
          const env = {
            DATABASE_PATH: t.path,
            SLACK_BOT_TOKEN: 'xoxb-test-token',
            SLACK_API_URL: sim.apiUrl,
            SLACK_MAX_POSTS_PER_MINUTE: '6000',
          };
          const args = [scenario.job, '--now', NOW.toISOString()];
          const killed = await killAt(sim, spawnBot('src/jobs/cli.ts', args, env), point);
          // A call point always comes before the last call; a late delay may find the run already done.
          if ('call' in point || killed.code !== 0)
            expect(killed.signal, describeKill(point)).toBe('SIGKILL');
          expectWhole(t.db);

          const again = await spawnBot('src/jobs/cli.ts', args, env).done;
          expect(again.code, again.stderr).toBe(0);
          expectWhole(t.db);
          scenario.made(t.db);
          expectDeliveredOnce(sim, t.db, intended);
        },
        60_000,
      );
    }
  }
});

// ---------------------------------------------------------------------------------------------------------
// recovery, point by point
// ---------------------------------------------------------------------------------------------------------

describe('after an interruption, the outbox finds what Slack already has', () => {
  it('a DM, a post in a group DM, a reply in a thread and a file are each found, not sent again', async () => {
    sim = await startSlackSim();
    t = testDb();
    const db = t.db;
    for (const id of ['UREC00001', 'UREC00002']) sim.addUser({ id, real_name: id, tz: 'Europe/Berlin' });
    const slack = createSlackClient(testConfig({ slackApiUrl: sim.apiUrl }))!;
    const deliverer = () =>
      createDeliverer({ db, slack, clock: fixedClock(NOW), log: silentLogger, maxPostsPerMinute: 6000 });
    // A group DM and a first message in it, delivered normally.
    enqueue(
      db,
      { key: 'rel-open:1', method: 'conversations.open', payload: { users: 'UREC00001,UREC00002' } },
      NOW,
    );
    enqueue(
      db,
      {
        key: 'kickoff:1',
        method: 'chat.postMessage',
        dependsOn: 'rel-open:1',
        payload: { text: 'Hello both' },
      },
      NOW,
    );
    await deliverer().deliverDue({ waitUpToMs: 1000 });
    const kickoff = db.select().from(outbox).where(eq(outbox.key, 'kickoff:1')).get()!.result as {
      channel: string;
      ts: string;
    };
    const group = kickoff.channel;

    // Rows a process had claimed when it died: Slack did its part for each, the process never heard back.
    const png = Buffer.from('89504e470d0a1a0a', 'hex');
    const rows = [
      {
        key: 'dm:1',
        method: 'chat.postMessage' as const,
        recipient: 'UREC00001',
        payload: { channel: 'UREC00001', text: 'A DM' },
      },
      {
        key: 'group:1',
        method: 'chat.postMessage' as const,
        dependsOn: 'rel-open:1',
        payload: { text: 'In the group' },
      },
      {
        key: 'thread:1',
        method: 'chat.postMessage' as const,
        payload: { channel: group, thread_ts: kickoff.ts, text: 'In the thread' },
      },
      {
        key: 'file:1',
        method: 'files.upload' as const,
        payload: {
          channel: group,
          filename: 'chart-1.png',
          title: 'Chart',
          content_base64: png.toString('base64'),
        },
      },
      // And one that never reached Slack: it goes out now.
      {
        key: 'lost:1',
        method: 'chat.postMessage' as const,
        payload: { channel: 'UREC00002', text: 'Not sent yet' },
      },
    ];
    for (const r of rows) enqueue(db, r, NOW);
    const metadata = (key: string) => ({
      event_type: 'mentor_bot_message',
      event_payload: { outbox_key: key },
    });
    await slack.chat.postMessage({ channel: 'UREC00001', text: 'A DM', metadata: metadata('dm:1') });
    await slack.chat.postMessage({ channel: group, text: 'In the group', metadata: metadata('group:1') });
    await slack.chat.postMessage({
      channel: group,
      thread_ts: kickoff.ts,
      text: 'In the thread',
      metadata: metadata('thread:1'),
    });
    await slack.filesUploadV2({ channel_id: group, file: png, filename: 'chart-1.png', title: 'Chart' });
    // Claimed by a process that no longer exists on this host.
    const dead = spawnBot('src/jobs/args.ts', [], {});
    await dead.done;
    db.update(outbox)
      .set({ status: 'sending', claimedAt: Date.now(), claimedBy: `${hostname()}:${dead.child.pid}` })
      .where(
        inArray(
          outbox.key,
          rows.map((r) => r.key),
        ),
      )
      .run();
    const messagesBefore = sim.messages.length;
    const filesBefore = sim.files.length;

    const report = await deliverer().deliverDue({ waitUpToMs: 1000 });
    expect(report.sent).toBe(1);
    expect(sim.messages.length).toBe(messagesBefore + 1);
    expect(sim.files.length).toBe(filesBefore);
    expect(sim.messages.at(-1)?.text).toBe('Not sent yet');
    for (const r of db.select().from(outbox).all()) expect(r.status, r.key).toBe('sent');
  });
});

// ---------------------------------------------------------------------------------------------------------
// the launch, in the server
// ---------------------------------------------------------------------------------------------------------

const AUDIENCE = 'CLAUNCH01';
const PEOPLE = 300;

async function startServer(env: Record<string, string>) {
  const port = 30_000 + Math.floor(Math.random() * 20_000);
  const bot = spawnBot('src/main.ts', [], { ...env, PORT: String(port) });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    const res = await fetch(`${base}/healthz`).catch(() => undefined);
    if (res?.status === 200) return { bot, base };
    if (bot.child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const finished = await Promise.race([bot.done, new Promise<null>((r) => setTimeout(() => r(null), 10))]);
  throw new Error(`the server did not come up: ${finished?.stderr ?? 'no answer on /healthz'}`);
}

describe('kill -9 during a 300-person launch in the server, then a restart', () => {
  for (const seed of [1, 2, 3]) {
    const slow = seed > 1;
    it.runIf(!slow || SLOW)(
      `seed ${seed}: the program opens, everyone is invited once, the owner hears once${slow ? ' [slow]' : ''}`,
      async () => {
        sim = await startSlackSim();
        t = testDb();
        sim.addUser({ id: OWNER, real_name: 'Olivia Owner', tz: 'Europe/Berlin' });
        const zones = ['Europe/Berlin', 'America/New_York', 'Asia/Tokyo', 'Europe/London'];
        const people: string[] = [];
        for (let i = 0; i < PEOPLE; i++) {
          const id = `ULAUNCH${String(i).padStart(3, '0')}`;
          sim.addUser({ id, real_name: `Launch ${i}`, tz: zones[i % zones.length] });
          people.push(id);
        }
        const others = ['ULBOT0001', 'ULGONE001', 'ULGUEST01'];
        sim.addUser({ id: others[0], real_name: 'Some Bot', is_bot: true });
        sim.addUser({ id: others[1], real_name: 'Gone', deleted: true });
        sim.addUser({ id: others[2], real_name: 'Guest', is_restricted: true });
        sim.addChannel({
          id: AUDIENCE,
          name: 'everyone',
          members: [...people, ...others],
          botIsMember: true,
        });
        sim.setLatency(3);
        const env = {
          DATABASE_PATH: t.path,
          SLACK_BOT_TOKEN: 'xoxb-test-token',
          SLACK_SIGNING_SECRET: 'crashlaunchsigningsecret',
          SLACK_API_URL: sim.apiUrl,
          SLACK_MAX_POSTS_PER_MINUTE: '6000',
          PROGRAM_OWNERS: OWNER,
        };

        const first = await startServer(env);
        const slack = createSlackRequester({
          url: `${first.base}/slack/events`,
          signingSecret: env.SLACK_SIGNING_SECRET,
          sim,
        });
        // Kill among the 300 users.info lookups and the invitations that go out meanwhile.
        const call = 1 + Math.floor(mulberry32(seed * 31)() * PEOPLE);
        const dying = killAt(sim, first.bot, { call });
        const ack = await slack.viewSubmission(OWNER, {
          id: `VLAUNCH${seed}`,
          callback_id: 'program_setup',
          state: { values: setupState({ name: 'Everyone, once', audience: AUDIENCE }) },
        });
        expect(ack.status).toBe(200);
        expect(ack.body).toBe('');
        const killed = await dying;
        expect(killed.signal, `kill at call ${call}`).toBe('SIGKILL');
        expectWhole(t.db);
        const program = t.db.select().from(programs).get()!;
        expect(program.status).toBe('launching');

        // The restarted server resumes the launch and delivers what is due now.
        const second = await startServer(env);
        try {
          const deadline = Date.now() + 30_000;
          for (;;) {
            const p = t.db.select().from(programs).where(eq(programs.id, program.id)).get()!;
            const due = t.db
              .select()
              .from(outbox)
              .where(
                and(
                  inArray(outbox.status, ['pending', 'sending']),
                  sql`${outbox.notBefore} <= ${Date.now()}`,
                ),
              )
              .all();
            if (p.status === 'open' && due.length === 0) break;
            if (Date.now() > deadline) throw new Error(`launch not done: ${p.status}, ${due.length} due`);
            await new Promise((r) => setTimeout(r, 100));
          }
        } finally {
          second.bot.child.kill('SIGTERM');
          expect((await second.bot.done).code).toBe(0);
        }

        // Invitations wait for each person's working hours: deliver the rest as of the latest of those times.
        const latest = Math.max(
          ...t.db
            .select()
            .from(outbox)
            .all()
            .map((r) => r.notBefore),
        );
        sim.setLatency(0);
        const flush = createDeliverer({
          db: t.db,
          slack: createSlackClient(testConfig({ slackApiUrl: sim.apiUrl })),
          clock: fixedClock(new Date(latest)),
          log: silentLogger,
          maxPostsPerMinute: 6000,
        });
        await flush.deliverDue({ waitUpToMs: 10_000 });

        expectWhole(t.db);
        expect(t.db.select().from(programs).all()).toHaveLength(1);
        expect(
          t.db.select().from(participants).where(eq(participants.programId, program.id)).all(),
        ).toHaveLength(PEOPLE);
        const intended = new Set([
          ...people.map((id) => `invite:${program.id}:${id}`),
          `launch-started:${program.id}`,
          `launch-done:${program.id}`,
        ]);
        const scheduled = t.db
          .select({ key: outbox.key })
          .from(outbox)
          .all()
          .map((r) => r.key)
          .filter((k) => !intended.has(k));
        // The restarted server's scheduler may also have run the day's jobs; nothing else should be there.
        expect(scheduled.filter((k) => !/^(survey-reminder|digest)/.test(k))).toEqual([]);
        expectDeliveredOnce(sim, t.db, new Set([...intended, ...scheduled]));
        for (const id of others) expect(sim.messagesTo(id)).toEqual([]);
      },
      90_000,
    );
  }
});
