/**
 * Deterministic generator for the benchmark databases: N members, one open reverse-mentoring program that has run
 * for a year, everyone invited, most of them answered, 20,000 relationships with a year of sessions, check-ins,
 * goals and nudges, and the outbox history the jobs join against.
 *
 * Files are built through the real migrations and cached under bench/.cache/, keyed by the parameters, this file and
 * the migrations folder, so a rerun (or a schema change) costs only what it has to.
 *
 *   npx tsx bench/seed.ts [members ...]     builds (or finds) the cached files and prints their counts
 */
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { closeDb, migrationsFolder, openDb, runMigrations } from '../src/db/client';
import { mulberry32 } from '../src/demo/slack-sim';
import { jobPeriod } from '../src/domain/time';

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** The seeded world's "now": a Monday 10:00 UTC. Job runs in the bench start the day after. */
export const SEED_NOW = new Date('2027-03-01T10:00:00Z');
export const PROGRAM_ID = 1;
export const DIGEST_CHANNEL = 'C0DIGEST01';

export interface SeedParams {
  members: number;
  relationships: number;
  seed: number;
}

export interface SeedInfo {
  path: string;
  params: SeedParams;
  /** Rows per table. */
  counts: Record<string, number>;
  /** True when the file came from the cache. */
  cached: boolean;
  seconds: number;
  bytes: number;
}

export const cacheDir = fileURLToPath(new URL('./.cache/', import.meta.url));
const thisFile = fileURLToPath(import.meta.url);

// ---------------------------------------------------------------------------------------------------------
// deterministic randomness
// ---------------------------------------------------------------------------------------------------------

class Rng {
  readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)] as T;
  }
  /** Distinct picks, order kept random. */
  some<T>(xs: readonly T[], n: number): T[] {
    const out: T[] = [];
    while (out.length < n) {
      const x = this.pick(xs);
      if (!out.includes(x)) out.push(x);
    }
    return out;
  }
  shuffle<T>(xs: T[]): T[] {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const t = xs[i] as T;
      xs[i] = xs[j] as T;
      xs[j] = t;
    }
    return xs;
  }
}

// ---------------------------------------------------------------------------------------------------------
// vocabulary
// ---------------------------------------------------------------------------------------------------------

const split = (s: string) => s.split('|');
const FIRST = split(
  'Anna|Jonas|Priya|Marcus|Yuki|Olivia|Rahul|Sophie|Diego|Aisha|Liam|Mei|Jürgen|Chloé|Kwame|Ingrid|Hiroshi|Fatima|Noah|Zoë|Arjun|Emily|Mateo|Hannah|Kenji|Grace|Omar|Lena|Sipho|Isabella|Siobhán|Ravi',
);
const LAST = split(
  "Schmidt|Müller|Sharma|Johnson|Tanaka|Williams|Patel|Dubois|García|Okafor|Brown|Chen|Nakamura|O'Brien|Kowalski|Nguyen|Iyer|Rossi|Smith|Fischer|Mensah|Lindqvist|Suzuki|Khan|Martin|van der Berg",
);
const TITLES = split(
  'Software Engineer|Senior Software Engineer|Staff Engineer|Engineering Manager|Product Manager|Senior Product Designer|Data Scientist|Marketing Lead|Head of People|VP Engineering|Customer Success Manager|Sales Director|Finance Analyst|Intern|CTO',
);
const ZONES = split(
  'Europe/Berlin|Europe/Berlin|America/New_York|America/New_York|America/Los_Angeles|Asia/Kolkata|Europe/London|Asia/Tokyo|Australia/Sydney|America/Sao_Paulo',
);
const DEPARTMENTS = split(
  'Engineering|Platform|Data|Design|Product|Marketing|Sales|Customer Success|Finance|People|Legal|Operations|Security|Research|Support',
);
const SKILLS = split(
  'ai-tools|social-media|data-analysis|leadership|strategy|career-planning|public-speaking|negotiation|product-management|people-management|inclusion|industry-trends|remote-collaboration|personal-branding',
);
const LEVELS = ['early', 'mid', 'senior', 'executive'] as const;
const GOALS = [
  'Get comfortable using AI assistants for everyday writing and analysis.',
  'Understand how our younger customers discover products on social media.',
  'Learn to read a dashboard without asking an analyst every time.',
  'Build a plan for my next career step and the skills it needs.',
  'Practise presenting to senior leadership with confidence.',
  'See how other departments make decisions, and why.',
];
const NOTES = ['Walked through a prompt library.', 'Reviewed a dashboard together.', 'Talked careers.', ''];
const HIGHLIGHTS = [
  'We built a small automation that saves me an hour a week.',
  'Finally understood how the recommendation feed works.',
  'Good conversation about giving feedback upward.',
];

const date = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const groupDm = (rid: number) => `G0M${rid.toString(36).toUpperCase().padStart(7, '0')}`;
export const seededUserId = (i: number) => `U0B${i.toString(36).toUpperCase().padStart(7, '0')}`;

// ---------------------------------------------------------------------------------------------------------
// the cache
// ---------------------------------------------------------------------------------------------------------

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out;
}

/** Changes whenever the parameters, this generator or any migration changes. */
export function seedKey(params: SeedParams): string {
  const h = createHash('sha256');
  h.update(JSON.stringify(params));
  h.update(readFileSync(thisFile));
  for (const f of filesUnder(migrationsFolder)) {
    h.update(relative(migrationsFolder, f));
    h.update(readFileSync(f));
  }
  return h.digest('hex').slice(0, 12);
}

function prefixOf(p: SeedParams): string {
  return `members-${p.members}-rel-${p.relationships}-seed-${p.seed}-`;
}

/** The cached database for these parameters, generated first when missing. */
export function ensureSeeded(params: SeedParams, progress: (msg: string) => void = () => {}): SeedInfo {
  mkdirSync(cacheDir, { recursive: true });
  const prefix = prefixOf(params);
  const path = join(cacheDir, `${prefix}${seedKey(params)}.db`);
  const countsPath = `${path}.json`;
  if (existsSync(path) && existsSync(countsPath)) {
    const counts = JSON.parse(readFileSync(countsPath, 'utf8')) as Record<string, number>;
    return { path, params, counts, cached: true, seconds: 0, bytes: statSync(path).size };
  }
  // Older generations of the same parameters are dead weight; a temp file younger than 10 minutes may be another
  // run's generation in progress.
  for (const name of readdirSync(cacheDir)) {
    if (!name.startsWith(prefix)) continue;
    const p = join(cacheDir, name);
    if (name.includes('.tmp-') && Date.now() - statSync(p).mtimeMs < 10 * 60_000) continue;
    rmSync(p, { force: true });
  }
  progress(`seeding ${params.members.toLocaleString('en-US')} members (one-off, cached afterwards)...`);
  const started = performance.now();
  const tmp = `${path}.tmp-${process.pid}`;
  rmSync(tmp, { force: true });
  const counts = generate(tmp, params);
  renameSync(tmp, path);
  // Written last: its presence says the database file is complete.
  writeFileSync(`${countsPath}.tmp-${process.pid}`, JSON.stringify(counts, null, 2));
  renameSync(`${countsPath}.tmp-${process.pid}`, countsPath);
  const seconds = (performance.now() - started) / 1000;
  return { path, params, counts, cached: false, seconds, bytes: statSync(path).size };
}

/** A private copy to run jobs against: they write job_runs and outbox rows, and the cache must stay pristine. */
export function workingCopy(info: SeedInfo): { path: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'mentor-bench-'));
  const path = join(dir, 'bench.db');
  copyFileSync(info.path, path);
  return { path, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

// ---------------------------------------------------------------------------------------------------------
// the generator
// ---------------------------------------------------------------------------------------------------------

function generate(path: string, params: SeedParams): Record<string, number> {
  const db = openDb(path);
  runMigrations(db);
  const sqlite = db.$client;
  // One writer, a throwaway file until it is renamed into the cache: no journal, no fsync.
  sqlite.pragma('journal_mode = DELETE');
  sqlite.pragma('synchronous = OFF');
  sqlite.pragma('cache_size = -131072');
  const rng = new Rng(params.seed);
  const now = SEED_NOW.getTime();
  const counts: Record<string, number> = {};
  const bump = (table: string, n = 1) => {
    counts[table] = (counts[table] ?? 0) + n;
  };

  const ins = {
    member: sqlite.prepare(
      `insert into members (user_id, name, real_name, title, tz, is_active, status_text, status_emoji,
        status_expiration, delivery_error, dm_channel_id, updated_at) values (?,?,?,?,?,?,?,?,?,?,?,?)`,
    ),
    program: sqlite.prepare(
      `insert into programs (id, name, kind, weeks, cadence_days, checkin_days, audience_channel, digest_channel,
        time_zone, owner_id, skills, status, launch_cursor, launched_at, audience_queued_at, survey_closes_at,
        ends_at, ended_at, created_at) values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
    ),
    participant: sqlite.prepare(
      `insert into participants (id, program_id, user_id, status, invited_at, invitation_delivered_at,
        reminders_sent, last_reminder_at, declined_at, answered_at, skip_until) values (?,?,?,?,?,?,?,?,?,?,?)`,
    ),
    answer: sqlite.prepare(
      `insert into survey_answers (participant_id, role, level, department, teach, learn, goals, capacity, avoid,
        updated_at) values (?,?,?,?,?,?,?,?,?,?)`,
    ),
    outbox: sqlite.prepare(
      `insert into outbox (key, method, payload, recipient, depends_on, status, not_before, attempts,
        next_attempt_at, result, created_at, claimed_at, claimed_by, sent_at)
        values (?,?,?,?,?,'sent',?,1,0,?,?,?,?,?)`,
    ),
    offer: sqlite.prepare(
      `insert into offers (id, program_id, status, score, reasons, created_at, delivered_at, expires_at,
        reminded_at, closed_at) values (?,?,?,?,?,?,?,?,?,?)`,
    ),
    offerMember: sqlite.prepare(
      `insert into offer_members (offer_id, user_id, role, response, responded_at, message_channel, message_ts)
        values (?,?,?,?,?,?,?)`,
    ),
    blocked: sqlite.prepare(
      `insert or ignore into blocked_pairs (program_id, user_a, user_b, reason, created_at) values (?,?,?,?,?)`,
    ),
    relationship: sqlite.prepare(
      `insert into relationships (id, program_id, offer_id, status, started_at, paused_until, ended_at,
        end_reason, group_channel_id, last_session_on, nudge_step, nudge_step_at, at_risk, goals_set_at,
        story_opt_in) values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
    ),
    relMember: sqlite.prepare(
      `insert into relationship_members (relationship_id, user_id, role) values (?,?,?)`,
    ),
    session: sqlite.prepare(
      `insert into sessions (relationship_id, held_on, logged_by, note, created_at) values (?,?,?,?,?)`,
    ),
    nudge: sqlite.prepare(
      `insert or ignore into nudges (relationship_id, cycle, step, created_at) values (?,?,?,?)`,
    ),
    goal: sqlite.prepare(
      `insert into goals (relationship_id, position, text, done, updated_at) values (?,?,?,?,?)`,
    ),
    checkin: sqlite.prepare(
      `insert into checkins (relationship_id, user_id, period_index, is_final, status, due_at, reminded_at,
        expires_at, answered_at, progress, highlight, share, private_note) values (?,?,?,?,?,?,?,?,?,?,?,?,?)`,
    ),
    jobRun: sqlite.prepare(
      `insert or ignore into job_runs (job, program_id, period, ran_at, summary) values (?,?,?,?,?)`,
    ),
    audit: sqlite.prepare(`insert into audit_log (at, actor, action, program_id, detail) values (?,?,?,?,?)`),
  };

  /** A message delivered in the past: a DM (channel = the user id), or a post in a channel. */
  const sent = (key: string, recipient: string | null, channel: string, text: string, at: number) => {
    ins.outbox.run(
      key,
      'chat.postMessage',
      JSON.stringify({ channel, text, unfurl_links: false }),
      recipient,
      null,
      at,
      JSON.stringify({
        channel: channel.startsWith('U') ? `D${channel.slice(1)}` : channel,
        ts: `${at / 1000}`,
      }),
      at,
      at,
      'bench-seed:1',
      at,
    );
    bump('outbox');
  };
  /** The pair's group DM, opened when the relationship started (flows/offers.ts), and the kickoff posted in it. */
  const opened = (rid: number, users: string[], channel: string, at: number) => {
    ins.outbox.run(
      `rel-open:${rid}`,
      'conversations.open',
      JSON.stringify({ users: users.join(',') }),
      null,
      null,
      at,
      JSON.stringify({ channel: { id: channel } }),
      at,
      at,
      'bench-seed:1',
      at,
    );
    ins.outbox.run(
      `kickoff:${rid}`,
      'chat.postMessage',
      JSON.stringify({ text: 'Say hello!', unfurl_links: false }),
      null,
      `rel-open:${rid}`,
      at,
      JSON.stringify({ channel, ts: `${at / 1000}` }),
      at,
      at,
      'bench-seed:1',
      at,
    );
    bump('outbox', 2);
  };

  sqlite.transaction(() => {
    // ----- members
    const tzOf: string[] = [];
    for (let i = 0; i < params.members; i++) {
      const first = rng.pick(FIRST);
      const last = rng.pick(LAST);
      const tz = rng.pick(ZONES);
      tzOf.push(tz);
      const active = i === 0 || !rng.chance(0.015);
      const away = rng.chance(0.08);
      ins.member.run(
        seededUserId(i),
        rng.chance(0.3) ? `${first} ${last}` : `${first} ${last.charAt(0)}.`,
        `${first} ${last}`,
        rng.chance(0.15) ? null : rng.pick(TITLES),
        tz,
        active ? 1 : 0,
        away ? 'Vacationing' : null,
        away ? ':palm_tree:' : null,
        away ? Math.floor((now + rng.int(1, 20) * DAY) / 1000) : null,
        !active ? 'account_inactive' : rng.chance(0.002) ? 'cannot_dm_bot' : null,
        `D${seededUserId(i).slice(1)}`,
        now - rng.int(1, 300) * DAY,
      );
    }
    bump('members', params.members);

    // ----- the program: launched a little over a year ago, open for a few more weeks
    const launchedAt = now - 372 * DAY;
    const surveyClosesAt = launchedAt + 7 * DAY;
    const weeks = 60;
    const cadenceDays = 14;
    const checkinDays = 28;
    ins.program.run(
      PROGRAM_ID,
      'Reverse mentoring 2026',
      'reverse',
      weeks,
      cadenceDays,
      checkinDays,
      null,
      DIGEST_CHANNEL,
      'UTC',
      seededUserId(0),
      null,
      'open',
      JSON.stringify({ cursor: '', pages: Math.ceil(params.members / 200) }),
      launchedAt,
      launchedAt + HOUR,
      surveyClosesAt,
      surveyClosesAt + weeks * 7 * DAY,
      null,
      launchedAt,
    );
    bump('programs');
    ins.audit.run(launchedAt, seededUserId(0), 'program.launch', PROGRAM_ID, JSON.stringify({ weeks }));
    bump('audit_log');

    // ----- everyone invited; most answered
    const answered: string[] = [];
    for (let i = 0; i < params.members; i++) {
      const uid = seededUserId(i);
      const pid = i + 1;
      const invitedAt = launchedAt + Math.floor(i / 200) * 2000;
      const deliveredAt = invitedAt + rng.int(0, 40) * HOUR;
      const r = rng.next();
      const status = r < 0.82 ? 'answered' : r < 0.88 ? 'declined' : r < 0.99 ? 'invited' : 'left';
      const reminders = status === 'invited' ? 2 : status === 'answered' ? rng.int(0, 2) : rng.int(0, 1);
      const respondedAt = deliveredAt + rng.int(1, 9 * 24) * HOUR;
      ins.participant.run(
        pid,
        PROGRAM_ID,
        uid,
        status,
        invitedAt,
        deliveredAt,
        reminders,
        reminders > 0 ? deliveredAt + (reminders === 1 ? 3 : 7) * DAY : null,
        status === 'declined' ? respondedAt : null,
        status === 'answered' || status === 'left' ? respondedAt : null,
        status === 'answered' && rng.chance(0.01) ? now + rng.int(1, 14) * DAY : null,
      );
      sent(`invite:${PROGRAM_ID}:${uid}`, uid, uid, 'You are invited to Reverse mentoring 2026', deliveredAt);
      for (let n = 1; n <= reminders; n++) {
        sent(
          `survey-reminder:${PROGRAM_ID}:${uid}:${n}`,
          uid,
          uid,
          'A reminder: the mentoring survey is open',
          deliveredAt + (n === 1 ? 3 : 7) * DAY,
        );
      }
      if (status === 'answered' || status === 'left') {
        const teach = rng.some(SKILLS, rng.int(1, 3));
        const learn = rng.some(
          SKILLS.filter((s) => !teach.includes(s)),
          rng.int(1, 3),
        );
        ins.answer.run(
          pid,
          rng.chance(0.45) ? 'mentor' : rng.chance(0.8) ? 'mentee' : 'either',
          rng.pick(LEVELS),
          rng.pick(DEPARTMENTS),
          JSON.stringify(teach),
          JSON.stringify(learn),
          rng.pick(GOALS),
          rng.chance(0.8) ? 1 : rng.chance(0.5) ? 2 : null,
          JSON.stringify(rng.chance(0.03) ? [seededUserId(rng.int(0, params.members - 1))] : []),
          respondedAt,
        );
        bump('survey_answers');
        if (status === 'answered') answered.push(uid);
      }
    }
    bump('participants', params.members);

    // ----- relationships: consecutive pairs of a shuffled pool, reshuffled when it runs out (at 10k members
    // people are in several relationships over the year, as mentors with capacity are)
    let pool = rng.shuffle([...answered]);
    let at = 0;
    const takePair = (): [string, string] => {
      for (;;) {
        if (at + 1 >= pool.length) {
          pool = rng.shuffle(pool);
          at = 0;
        }
        const a = pool[at++] as string;
        const b = pool[at++] as string;
        if (a !== b) return [a, b];
      }
    };
    let offerId = 0;
    for (let rid = 1; rid <= params.relationships; rid++) {
      const [mentor, mentee] = takePair();
      // Most pairs formed in the first rounds after the survey closed; the rest in later weekly rounds.
      const startedAt = rng.chance(0.6)
        ? surveyClosesAt + rng.int(1, 21) * DAY + rng.int(0, 8) * HOUR
        : surveyClosesAt + rng.int(22, 350) * DAY + rng.int(0, 8) * HOUR;
      const r = rng.next();
      const status = r < 0.15 && startedAt < now - 45 * DAY ? 'ended' : r < 0.2 ? 'paused' : 'active';
      const endedAt =
        status === 'ended' ? startedAt + rng.int(30, Math.floor((now - startedAt) / DAY) - 1) * DAY : null;
      const until = endedAt ?? now;
      // A fifth of the live pairs stopped meeting a while ago: the ones nudges exist for.
      const slipping = status !== 'ended' && rng.chance(0.2);
      const stopAt = slipping ? now - rng.int(20, 70) * DAY : until;

      // The offer they accepted, and the pair blocked from being proposed again.
      offerId++;
      const offeredAt = startedAt - rng.int(1, 4) * DAY;
      ins.offer.run(
        offerId,
        PROGRAM_ID,
        'accepted',
        rng.int(40, 95),
        JSON.stringify(['skills', 'overlap']),
        offeredAt,
        offeredAt + HOUR,
        offeredAt + 5 * DAY,
        null,
        startedAt,
      );
      bump('offers');
      const acceptedOfferId = offerId;
      for (const [u, role] of [
        [mentor, 'mentor'],
        [mentee, 'mentee'],
      ] as const) {
        ins.offerMember.run(
          offerId,
          u,
          role,
          'accepted',
          startedAt - HOUR,
          `D${u.slice(1)}`,
          `${offeredAt / 1000}`,
        );
        sent(`offer:${offerId}:${u}`, u, u, 'A mentoring match for you', offeredAt + HOUR);
        bump('offer_members');
      }
      const [ua, ub] = mentor < mentee ? [mentor, mentee] : [mentee, mentor];
      ins.blocked.run(PROGRAM_ID, ua, ub, 'matched', startedAt);
      bump('blocked_pairs');
      // Some declined offers before this one.
      if (rng.chance(0.12)) {
        offerId++;
        const [other] = takePair();
        ins.offer.run(
          offerId,
          PROGRAM_ID,
          rng.chance(0.7) ? 'declined' : 'expired',
          rng.int(30, 90),
          JSON.stringify(['skills']),
          offeredAt - 7 * DAY,
          offeredAt - 7 * DAY + HOUR,
          offeredAt - 2 * DAY,
          offeredAt - 4 * DAY,
          offeredAt - 3 * DAY,
        );
        ins.offerMember.run(offerId, mentor, 'mentor', 'declined', offeredAt - 3 * DAY, null, null);
        ins.offerMember.run(offerId, other, 'mentee', 'pending', null, null, null);
        const [xa, xb] = mentor < other ? [mentor, other] : [other, mentor];
        if (xa !== xb) ins.blocked.run(PROGRAM_ID, xa, xb, 'declined', offeredAt - 3 * DAY);
        bump('offers');
        bump('offer_members', 2);
        bump('blocked_pairs');
      }

      // ----- sessions every 11-25 days (a cadence of 14 days, kept loosely), until they end or slip
      let day = startedAt + rng.int(3, 10) * DAY;
      let lastOn: string | null = null;
      let sessions = 0;
      const used = new Set<string>();
      const sessionRows: Array<[string, string, string | null, number]> = [];
      while (day < stopAt) {
        const on = date(day);
        if (!used.has(on)) {
          used.add(on);
          const by = rng.chance(0.5) ? mentor : mentee;
          const note = rng.chance(0.3) ? rng.pick(NOTES) : null;
          sessionRows.push([on, by, note || null, day + rng.int(1, 30) * HOUR]);
          lastOn = on;
          sessions++;
        }
        day += rng.int(11, 25) * DAY;
      }
      bump('sessions', sessions);

      // ----- nudges: one cycle per missed cadence after the slip (step 1, then step 2)
      let nudgeStep = 0;
      let nudgeStepAt: number | null = null;
      const nudgeRows: Array<[string, number, number]> = [];
      if (slipping) {
        const lastMs = lastOn ? Date.parse(`${lastOn}T00:00:00Z`) : startedAt;
        for (let due = lastMs + cadenceDays * DAY; due < now; due += cadenceDays * DAY) {
          const cycle = date(due);
          for (let step = 1; step <= 2 && due + (step - 1) * 3 * DAY < now; step++) {
            nudgeRows.push([cycle, step, due + (step - 1) * 3 * DAY]);
            nudgeStep = step;
            nudgeStepAt = due + (step - 1) * 3 * DAY;
          }
        }
      }

      const goalsSet = rng.chance(0.85);
      const lastMsForRisk = lastOn ? Date.parse(`${lastOn}T00:00:00Z`) : startedAt;
      ins.relationship.run(
        rid,
        PROGRAM_ID,
        acceptedOfferId,
        status,
        startedAt,
        status === 'paused' ? now + rng.int(3, 28) * DAY : null,
        endedAt,
        endedAt === null ? null : rng.pick(['completed', 'left_company', 'no_time']),
        groupDm(rid),
        lastOn,
        nudgeStep,
        nudgeStepAt,
        status !== 'ended' && now - lastMsForRisk > 3 * cadenceDays * DAY ? 1 : 0,
        goalsSet ? startedAt + rng.int(1, 20) * DAY : null,
        rng.chance(0.1) ? 1 : 0,
      );
      ins.relMember.run(rid, mentor, 'mentor');
      ins.relMember.run(rid, mentee, 'mentee');
      bump('relationships');
      bump('relationship_members', 2);
      opened(rid, [mentor, mentee], groupDm(rid), startedAt);

      for (const [on, by, note, createdAt] of sessionRows) ins.session.run(rid, on, by, note, createdAt);
      for (const [cycle, step, createdAt] of nudgeRows) ins.nudge.run(rid, cycle, step, createdAt);
      bump('nudges', nudgeRows.length);

      // ----- shared goals
      if (goalsSet) {
        const n = rng.int(1, 3);
        for (let pos = 1; pos <= n; pos++) {
          ins.goal.run(rid, pos, rng.pick(GOALS), rng.chance(0.3) ? 1 : 0, startedAt + rng.int(1, 60) * DAY);
        }
        bump('goals', n);
      }

      // ----- check-ins every 28 days for each person; the latest may still be open
      for (const u of [mentor, mentee]) {
        for (let k = 1; ; k++) {
          const dueAt = startedAt + k * checkinDays * DAY;
          if (dueAt > until) break;
          const expiresAt = dueAt + 7 * DAY;
          const isFinal = endedAt !== null && dueAt + checkinDays * DAY > endedAt;
          let status: 'open' | 'answered' | 'expired' | 'skipped';
          if (expiresAt > now) status = rng.chance(0.4) ? 'answered' : 'open';
          else
            status = rng.chance(slipping ? 0.35 : 0.68)
              ? 'answered'
              : rng.chance(0.85)
                ? 'expired'
                : 'skipped';
          const answeredAt = status === 'answered' ? dueAt + rng.int(1, 6 * 24) * HOUR : null;
          const reminded = status !== 'answered' || rng.chance(0.4) ? dueAt + 3 * DAY : null;
          const share = status === 'answered' && rng.chance(0.3);
          const checkin = ins.checkin.run(
            rid,
            u,
            k,
            isFinal ? 1 : 0,
            status,
            dueAt,
            reminded !== null && reminded < now ? reminded : null,
            expiresAt,
            answeredAt,
            status === 'answered' ? rng.int(1, 5) : null,
            share ? rng.pick(HIGHLIGHTS) : null,
            share ? 1 : 0,
            status === 'answered' && rng.chance(0.15) ? 'Private: felt rushed this time.' : null,
          );
          bump('checkins');
          // The check-in request DMs of the last quarter are still in the outbox's recent history.
          if (dueAt > now - 90 * DAY)
            sent(`checkin:${checkin.lastInsertRowid}`, u, u, 'Time for a check-in', dueAt);
        }
      }
    }

    // ----- a year of job runs, so period claims land in a table of realistic size
    for (let t = surveyClosesAt; t < now - DAY / 2; t += DAY) {
      const ranAt = t + HOUR;
      for (const job of ['match', 'nudges', 'checkins'] as const) {
        ins.jobRun.run(job, PROGRAM_ID, jobPeriod('daily', new Date(t), 'UTC'), ranAt, '{}');
        bump('job_runs');
      }
      if (t < surveyClosesAt + 14 * DAY) {
        ins.jobRun.run('survey-reminders', PROGRAM_ID, jobPeriod('daily', new Date(t), 'UTC'), ranAt, '{}');
        bump('job_runs');
      }
      if (new Date(t).getUTCDay() === 1) {
        const period = jobPeriod('digest', new Date(t), 'UTC');
        ins.jobRun.run('digest', PROGRAM_ID, period, ranAt, '{"posted":1}');
        sent(`digest:${PROGRAM_ID}:${period}`, null, DIGEST_CHANNEL, 'Weekly digest', ranAt);
        bump('job_runs');
      }
    }
  })();

  sqlite.pragma('journal_mode = WAL');
  closeDb(db);
  return counts;
}

// ---------------------------------------------------------------------------------------------------------
// CLI
// ---------------------------------------------------------------------------------------------------------

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const sizes = process.argv.slice(2).map(Number);
  for (const members of sizes.length > 0 ? sizes : [10_000, 50_000]) {
    const info = ensureSeeded({ members, relationships: 20_000, seed: 42 }, (m) =>
      process.stderr.write(`${m}\n`),
    );
    process.stdout.write(
      `${info.path}\n  ${info.cached ? 'cached' : `seeded in ${info.seconds.toFixed(1)} s`}, ${(info.bytes / 1e6).toFixed(1)} MB\n` +
        `  ${Object.entries(info.counts)
          .map(([k, v]) => `${k}=${v}`)
          .join(' ')}\n`,
    );
  }
}
