/**
 * `npm run bench`: every benchmark case, one table on stdout, progress on stderr, exit code 1 when a target is
 * missed. Peers and floors (a bare Bolt app, a greedy matcher, a process that runs no job) are measured in the same
 * run, so the ratios do not depend on the machine.
 *
 * Knobs (environment): BENCH_ONLY=ack,jobs,memory,delivery,matching picks cases; BENCH_ROUNDS (20) latency rounds;
 * BENCH_JOB_BUDGET_SECONDS (20) time a job process may take before it is stopped and its target counted missed;
 * BENCH_DELIVERY_SECONDS (30) length of the delivery-rate run; BENCH_SERVER_FLAGS extra Node flags for both latency
 * servers (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to see where an acknowledgement's time goes).
 */
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { systemClock } from '../src/clock';
import { testConfig } from '../src/config';
import { closeDb, type Db, openDb, runMigrations, writeTx } from '../src/db/client';
import { insertProgram, type Program } from '../src/db/repositories/programs';
import { createSlackRequester } from '../src/demo/slack-requests';
import { type SlackSim, startSlackSim } from '../src/demo/slack-sim';
import { invite, queueInvitations } from '../src/flows/launch';
import { silentLogger } from '../src/log';
import { createDeliverer } from '../src/outbox/deliver';
import { enqueueDm } from '../src/outbox/enqueue';
import { createSlackClient } from '../src/slack/client';
import {
  DIGEST_CHANNEL,
  ensureSeeded,
  PROGRAM_ID,
  SEED_NOW,
  type SeedInfo,
  seededUserId,
  workingCopy,
} from './seed';

const DAY = 86_400_000;
const MB = 1024; // maxRSS is in KiB
const RSS_LIMIT_MB = 256;
const SEED = 42;
const RELATIONSHIPS = 20_000;
const projectRoot = fileURLToPath(new URL('../', import.meta.url));

/**
 * The Node flags `npm start` and `npm run job` give their process (package.json scripts): the servers and job
 * processes here run with the same, so the bench measures what production runs.
 */
function scriptFlags(script: 'start' | 'job'): string[] {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    scripts: Record<string, string>;
  };
  return (pkg.scripts[script] ?? '').split(/\s+/).filter((word) => word.startsWith('--'));
}
const SERVER_FLAGS = [
  ...scriptFlags('start'),
  ...(process.env.BENCH_SERVER_FLAGS ?? '').split(' ').filter(Boolean),
];
const JOB_FLAGS = scriptFlags('job');
const benchStarted = performance.now();
const loadAverage = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
const loadStart = loadAverage();

const only = new Set(
  (process.env.BENCH_ONLY ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);
const wants = (section: string) => only.size === 0 || only.has(section);
const ROUNDS = positiveInt(process.env.BENCH_ROUNDS, 20);
const DELIVERY_SECONDS = Math.max(12, positiveInt(process.env.BENCH_DELIVERY_SECONDS, 30));

function positiveInt(text: string | undefined, fallback: number): number {
  const n = Number(text);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

function progress(msg: string): void {
  const s = ((performance.now() - benchStarted) / 1000).toFixed(1).padStart(6);
  process.stderr.write(`[bench ${s}s] ${msg}\n`);
}

// ---------------------------------------------------------------------------------------------------------
// the table
// ---------------------------------------------------------------------------------------------------------

interface Row {
  name: string;
  n: string;
  median: string;
  p99: string;
  peer: string;
  ratio: string;
  target: string;
  /** null: reported, no target. */
  ok: boolean | null;
  /** Why it failed, or what it skipped. */
  note?: string;
}

const rows: Row[] = [];
const skipped: string[] = [];

function row(r: Partial<Row> & Pick<Row, 'name'>): void {
  const full: Row = { n: '—', median: '—', p99: '—', peer: '—', ratio: '—', target: '—', ok: null, ...r };
  rows.push(full);
  const verdict = full.ok === null ? '' : full.ok ? ' ok' : ' MISSED';
  progress(
    `${full.name} [${full.n}]: ${full.median}${full.ratio !== '—' ? ` (${full.ratio})` : ''}${verdict}`,
  );
}

function errorRow(name: string, err: unknown): void {
  const msg = err instanceof Error ? err.message : String(err);
  row({ name, median: 'error', ok: false, note: `${name}: ${msg}` });
  if (err instanceof Error && err.stack) progress(err.stack);
}

const fmtInt = (n: number) => Math.round(n).toLocaleString('en-US');
function fmtMs(ms: number): string {
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 100) return `${Math.round(ms)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}
const fmtMb = (kb: number) => `${(kb / MB).toFixed(0)} MB`;
const fmtRatio = (x: number) => `${x.toFixed(2)}×`;

function printTable(): void {
  const header = ['case', 'N', 'median', 'p99', 'peer/floor', 'ratio', 'target', 'ok'];
  const body = rows.map((r) => [
    r.name,
    r.n,
    r.median,
    r.p99,
    r.peer,
    r.ratio,
    r.target,
    r.ok === null ? '—' : r.ok ? 'ok' : 'MISSED',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] ?? '').length)));
  const right = new Set([1, 2, 3, 4, 5]);
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (right.has(i) ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join(' | ')} |`;
  const out = [
    line(header),
    `|${widths.map((w, i) => (right.has(i) ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`,
    ...body.map(line),
  ];
  process.stdout.write(`${out.join('\n')}\n`);
}

// ---------------------------------------------------------------------------------------------------------
// statistics
// ---------------------------------------------------------------------------------------------------------

/** Nearest-rank percentile. */
function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return Number.NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] as number;
}
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

/** Most events in any window of `windowMs` (a window ending at an event, as the rate limiter counts). */
function busiestWindow(sortedTimes: number[], windowMs: number): number {
  let best = 0;
  let lo = 0;
  for (let hi = 0; hi < sortedTimes.length; hi++) {
    while ((sortedTimes[hi] as number) - (sortedTimes[lo] as number) >= windowMs) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}

// ---------------------------------------------------------------------------------------------------------
// helpers
// ---------------------------------------------------------------------------------------------------------

/** A member in an active relationship of the seeded program: who `/mentor status` has most to say about. */
function activeMember(path: string): string {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const r = db
      .prepare(
        `select rm.user_id as id from relationship_members rm join relationships r on r.id = rm.relationship_id
         where r.program_id = ? and r.status = 'active' order by r.id limit 1`,
      )
      .get(PROGRAM_ID) as { id: string } | undefined;
    if (!r) throw new Error('the seeded database has no active relationship');
    return r.id;
  } finally {
    db.close();
  }
}

// ---------------------------------------------------------------------------------------------------------
// acknowledgement latency
// ---------------------------------------------------------------------------------------------------------

interface ServerProc {
  port: number;
  stop(): Promise<number>;
}

function forkServer(args: string[]): Promise<ServerProc> {
  const child: ChildProcess = fork(fileURLToPath(new URL('./server.ts', import.meta.url)), args, {
    cwd: projectRoot,
    execArgv: ['--import', 'tsx', ...SERVER_FLAGS],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`server ${args[0]} did not start in 60 s`));
    }, 60_000);
    child.once('exit', (code) => reject(new Error(`server ${args[0]} exited with ${code}`)));
    child.on('message', (msg: { type?: string; port?: number }) => {
      if (msg.type !== 'ready') return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve({
        port: msg.port ?? 0,
        stop: () =>
          new Promise<number>((done, fail) => {
            const killTimer = setTimeout(() => {
              child.kill('SIGKILL');
              fail(new Error(`server ${args[0]} did not stop`));
            }, 15_000);
            child.on('message', (m: { type?: string; maxRssKb?: number }) => {
              if (m.type !== 'stopped') return;
              clearTimeout(killTimer);
              done(m.maxRssKb ?? 0);
            });
            child.send('stop');
          }),
      });
    });
  });
}

async function benchAck(info: SeedInfo): Promise<void> {
  const copy = workingCopy(info);
  const sim = await startSlackSim({ workspace: {} });
  const secret = 'benchsigningsecret0123';
  const servers: ServerProc[] = [];
  try {
    const userId = activeMember(copy.path);
    sim.addUser({ id: userId, real_name: 'Bench Member', tz: 'Europe/Berlin' });
    progress(
      `ack latency: starting the real app (50k database) and a bare Bolt app, each in its own process`,
    );
    const app = await forkServer(['app', copy.path, sim.apiUrl, secret, seededUserId(0)]);
    servers.push(app);
    const bare = await forkServer(['bare', sim.apiUrl, secret]);
    servers.push(bare);
    const requesters = {
      app: createSlackRequester({
        url: `http://127.0.0.1:${app.port}/slack/events`,
        signingSecret: secret,
        sim,
      }),
      bare: createSlackRequester({
        url: `http://127.0.0.1:${bare.port}/slack/events`,
        signingSecret: secret,
        sim,
      }),
    };
    const CONCURRENCY = 50;
    const samples = { app: [] as number[], bare: [] as number[] };
    let firstReply: unknown;
    const burst = async (which: 'app' | 'bare', record: boolean) => {
      const times = await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          const t = performance.now();
          const reply = await requesters[which].command(userId, 'status');
          const ms = performance.now() - t;
          if (reply.status !== 200) throw new Error(`${which} answered HTTP ${reply.status}`);
          if (which === 'app' && firstReply === undefined) firstReply = reply.body;
          return ms;
        }),
      );
      if (record) samples[which].push(...times);
    };
    // Warm-up: JIT, Bolt's one auth.test, SQLite's page cache.
    for (let i = 0; i < 3; i++) {
      await burst('bare', false);
      await burst('app', false);
    }
    progress(`ack latency: the app answers ${JSON.stringify(firstReply).slice(0, 120)}`);
    for (let i = 0; i < ROUNDS; i++) {
      // Alternating who goes first, so neither always meets a freshly idle machine.
      const order: Array<'app' | 'bare'> = i % 2 === 0 ? ['app', 'bare'] : ['bare', 'app'];
      for (const which of order) await burst(which, true);
    }
    const p50 = { app: percentile(samples.app, 50), bare: percentile(samples.bare, 50) };
    const p99 = { app: percentile(samples.app, 99), bare: percentile(samples.bare, 99) };
    const ratio = p50.app / p50.bare;
    const label = `${CONCURRENCY} concurrent × ${ROUNDS}`;
    const p99Ok = p99.app < 100;
    const ratioOk = ratio <= 1.5;
    row({
      name: 'ack latency: /mentor status, real app',
      n: label,
      median: fmtMs(p50.app),
      p99: fmtMs(p99.app),
      peer: fmtMs(p50.bare),
      ratio: fmtRatio(ratio),
      target: 'p99 < 100 ms, p50 ≤ 1.5× bare',
      ok: p99Ok && ratioOk,
      note: [
        p99Ok ? '' : `ack latency p99 ${fmtMs(p99.app)} is not under 100 ms`,
        ratioOk ? '' : `ack p50 is ${fmtRatio(ratio)} the bare Bolt app's (target 1.5×)`,
      ]
        .filter(Boolean)
        .join('; '),
    });
    row({
      name: 'ack latency: bare Bolt app (floor)',
      n: label,
      median: fmtMs(p50.bare),
      p99: fmtMs(p99.bare),
    });
    const rss = { app: await app.stop(), bare: await bare.stop() };
    servers.length = 0;
    row({
      name: 'memory: server peak RSS (latency test)',
      n: fmtInt(info.params.members),
      median: fmtMb(rss.app),
      peer: fmtMb(rss.bare),
      ratio: fmtRatio(rss.app / rss.bare),
      target: `< ${RSS_LIMIT_MB} MB`,
      ok: rss.app / MB < RSS_LIMIT_MB,
      note: rss.app / MB < RSS_LIMIT_MB ? undefined : `server peak RSS ${fmtMb(rss.app)}`,
    });
  } finally {
    for (const s of servers) await s.stop().catch(() => 0);
    await sim.close();
    copy.cleanup();
  }
}

// ---------------------------------------------------------------------------------------------------------
// job scans
// ---------------------------------------------------------------------------------------------------------

const SCAN_JOBS = ['nudges', 'checkins', 'digest'] as const;
const SCAN_RUNS = 5;
const JOB_BUDGET_MS = positiveInt(process.env.BENCH_JOB_BUDGET_SECONDS, 20) * 1000;

interface JobChildResult {
  runs: Array<{ k: number; ms: number; ran: boolean; peakKb: number }>;
  /** Peak RSS of the child: from its last line, or read from /proc when it was stopped. */
  peakKb: number;
  /** The child was stopped at the time budget before it finished. */
  timedOut: boolean;
}

function procPeakKb(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** `node --import tsx <npm run job's flags> bench/job-rss.ts ...`, stopped (SIGKILL) if it outlives `budgetMs`. */
function runJobChild(
  job: string,
  dbPath: string,
  now: Date,
  runs: number,
  stepDays: number,
  budgetMs: number,
): Promise<JobChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        ...JOB_FLAGS,
        fileURLToPath(new URL('./job-rss.ts', import.meta.url)),
        job,
        dbPath,
        now.toISOString(),
        String(runs),
        String(stepDays),
      ],
      { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const result: JobChildResult = { runs: [], peakKb: 0, timedOut: false };
    let buffered = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => {
      buffered += c.toString();
      for (let nl = buffered.indexOf('\n'); nl !== -1; nl = buffered.indexOf('\n')) {
        const line = buffered.slice(0, nl).trim();
        buffered = buffered.slice(nl + 1);
        if (!line.startsWith('{')) continue;
        const msg = JSON.parse(line) as { type: string; k: number; ms: number; ran: boolean; peakKb: number };
        result.peakKb = Math.max(result.peakKb, msg.peakKb);
        if (msg.type === 'run') {
          result.runs.push(msg);
          progress(`  ${job} run ${msg.k}: ${fmtMs(msg.ms)}${msg.ran ? '' : ' (did not run)'}`);
        }
      }
    });
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString();
    });
    const timer = setTimeout(() => {
      result.timedOut = true;
      result.peakKb = Math.max(result.peakKb, procPeakKb(child.pid));
      child.kill('SIGKILL');
    }, budgetMs);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (!result.timedOut && code !== 0) {
        reject(new Error(`job-rss ${job} exited with ${code}: ${err.trim().slice(-800)}`));
        return;
      }
      resolve(result);
    });
  });
}

/**
 * Each job in its own process, SCAN_RUNS runs on consecutive periods (days; weeks for the digest), as long as the
 * time budget allows. Times are the work of `jobs[name](deps, now)` only: nothing is delivered. At 50k members the
 * same processes give the memory rows.
 */
async function benchJobs(info: SeedInfo, memory: boolean): Promise<void> {
  const members = info.params.members;
  const copy = workingCopy(info);
  try {
    const start = new Date(SEED_NOW.getTime() + DAY);
    const floor = memory ? await runJobChild('noop', copy.path, start, 1, 1, JOB_BUDGET_MS) : null;
    if (floor) progress(`  floor (modules loaded, database open, no job): ${fmtMb(floor.peakKb)}`);
    for (const job of SCAN_JOBS) {
      const r = await runJobChild(job, copy.path, start, SCAN_RUNS, job === 'digest' ? 7 : 1, JOB_BUDGET_MS);
      const notRun = r.runs.filter((x) => !x.ran);
      if (notRun.length > 0) throw new Error(`${job} claimed no new period in ${notRun.length} run(s)`);
      const times = r.runs.map((x) => x.ms);
      const budget = fmtMs(JOB_BUDGET_MS);
      const m = times.length > 0 ? median(times) : Number.POSITIVE_INFINITY;
      const ok = !r.timedOut && m < 1000;
      row({
        name: `job scan: ${job}`,
        n: `${fmtInt(members)} members`,
        median: times.length > 0 ? fmtMs(m) : `> ${budget}`,
        p99: times.length > 1 ? `max ${fmtMs(Math.max(...times))}` : '—',
        peer: `${times.length}/${SCAN_RUNS} runs`,
        target: '< 1 s',
        ok,
        note: ok
          ? undefined
          : r.timedOut
            ? `${job} at ${fmtInt(members)} members: ${times.length} of ${SCAN_RUNS} runs finished in ${budget}` +
              (times.length > 0 ? ` (${times.map(fmtMs).join(', ')})` : '')
            : `${job} at ${fmtInt(members)} members takes ${fmtMs(m)}`,
      });
      if (!memory || !floor) continue;
      const over = r.peakKb / MB >= RSS_LIMIT_MB;
      row({
        name: `memory: job ${job} peak RSS`,
        n: `${fmtInt(members)} members`,
        median: `${r.timedOut ? '≥ ' : ''}${fmtMb(r.peakKb)}`,
        peer: fmtMb(floor.peakKb),
        ratio: fmtRatio(r.peakKb / floor.peakKb),
        target: `< ${RSS_LIMIT_MB} MB`,
        ok: over ? false : r.timedOut ? null : true,
        note: over ? `${job} peak RSS ${r.timedOut ? 'reached ' : ''}${fmtMb(r.peakKb)}` : undefined,
      });
      if (r.timedOut && !over)
        skipped.push(`memory of ${job}: it did not finish within ${budget}, peak so far shown`);
    }
  } finally {
    copy.cleanup();
  }
}

// ---------------------------------------------------------------------------------------------------------
// delivery
// ---------------------------------------------------------------------------------------------------------

/** Footnotes measured along the way, printed under the table. */
const measuredNotes: string[] = [];

async function benchDeliveryRate(db: Db, sim: SlackSim): Promise<void> {
  const MAX_PER_MINUTE = 1200;
  const burstLimit = MAX_PER_MINUTE / 10;
  // More than the run can send, so the queue never runs dry.
  const queued = Math.ceil((MAX_PER_MINUTE / 60) * DELIVERY_SECONDS + burstLimit * 2);
  const recipients = db.$client
    .prepare(
      `select user_id as id, tz from members where is_active = 1 and delivery_error is null order by user_id limit ?`,
    )
    .all(queued) as Array<{ id: string; tz: string }>;
  for (const r of recipients) sim.addUser({ id: r.id, real_name: `Member ${r.id}`, tz: r.tz });
  const now = new Date();
  writeTx(db, (tx) => {
    for (const [i, r] of recipients.entries()) {
      enqueueDm(
        tx,
        { key: `bench-rate:${i}`, userId: r.id, message: { text: `Benchmark message ${i}` } },
        now,
      );
    }
  });
  const posts: number[] = [];
  let errors = 0;
  sim.events.on('call', (c) => {
    if (c.method !== 'chat.postMessage') return;
    if (c.status === 200 && c.response.ok === true) posts.push(c.at);
    else errors++;
  });
  // The limiter's own log: one row per call granted, kept for a minute. Read every 2 s so none is missed.
  const grants = new Map<number, number>();
  const sinceId = (
    db.$client.prepare('select coalesce(max(id), 0) as id from rate_events').get() as { id: number }
  ).id;
  const readGrants = () => {
    const rows = db.$client
      .prepare(`select id, at from rate_events where bucket = 'post' and id > ?`)
      .all(sinceId) as Array<{ id: number; at: number }>;
    for (const r of rows) grants.set(r.id, r.at);
  };
  const config = testConfig({ slackApiUrl: sim.apiUrl, maxPostsPerMinute: MAX_PER_MINUTE });
  const deliverer = createDeliverer({
    db,
    slack: createSlackClient(config),
    clock: systemClock,
    log: silentLogger,
    maxPostsPerMinute: MAX_PER_MINUTE,
  });
  progress(
    `delivery: ${fmtInt(recipients.length)} DMs queued, ceiling ${fmtInt(MAX_PER_MINUTE)}/min, running ${DELIVERY_SECONDS} s`,
  );
  const poll = setInterval(readGrants, 2000);
  deliverer.start();
  try {
    const waitStart = Date.now();
    while (posts.length === 0) {
      if (Date.now() - waitStart > 10_000) throw new Error('nothing was delivered in 10 s');
      await new Promise((r) => setTimeout(r, 5));
    }
    const t0 = posts[0] as number;
    const end = t0 + DELIVERY_SECONDS * 1000;
    await new Promise((r) => setTimeout(r, Math.max(0, end - Date.now() + 250)));
  } finally {
    await deliverer.stop();
    clearInterval(poll);
  }
  readGrants();
  const times = [...posts].sort((a, b) => a - b);
  const t0 = times[0] as number;
  // Posts go out in bursts every 6 s (the burst window); whole cycles after the first one give the steady rate.
  const from = t0 + 6000;
  const to = from + 6000 * Math.max(1, Math.floor((DELIVERY_SECONDS * 1000 - 6000) / 6000));
  const steady = times.filter((t) => t >= from && t < to).length;
  const perMinute = steady / ((to - from) / 60_000);
  const share = perMinute / MAX_PER_MINUTE;
  // Windows are checked on the limiter's grant times, which are exact; every post must have had one. Arrival times
  // at the fake Slack lag each grant by the claim and the HTTP call, by more when the event loop is busy.
  const granted = [...grants.values()].sort((a, b) => a - b);
  const calls = times.length + errors;
  const everyCallGranted = granted.length === calls;
  const max6 = busiestWindow(granted, 6000);
  const max60 = busiestWindow(granted, 60_000);
  measuredNotes.push(
    `delivery: windows counted on the limiter's grant times (rate_events); ${fmtInt(granted.length)} grants for ${fmtInt(calls)} chat.postMessage calls. ` +
      `At the fake Slack (arrival times) the busiest 6,000 ms window held ${busiestWindow(times, 6000)} posts.`,
  );
  progress(
    `delivery: ${times.length} posts, ${errors} errors, ${granted.length} grants; ${steady} posts between +6 s and +${(to - t0) / 1000} s`,
  );
  const rateOk = share >= 0.95 && errors === 0;
  row({
    name: 'delivery: steady outbox rate',
    n: `${fmtInt(MAX_PER_MINUTE)}/min max`,
    median: `${fmtInt(perMinute)}/min`,
    peer: `${fmtInt(MAX_PER_MINUTE)}/min`,
    ratio: `${(share * 100).toFixed(1)}%`,
    target: '≥ 95% of max',
    ok: rateOk,
    note: rateOk
      ? undefined
      : `outbox rate ${fmtInt(perMinute)}/min is ${(share * 100).toFixed(1)}% of the ceiling${errors ? `, ${errors} errors` : ''}`,
  });
  const burstOk = max6 <= burstLimit && everyCallGranted;
  row({
    name: 'delivery: busiest 6 s window',
    n: `${fmtInt(times.length)} posts`,
    median: fmtInt(max6),
    peer: fmtInt(burstLimit),
    ratio: `${((max6 / burstLimit) * 100).toFixed(1)}%`,
    target: `≤ ${fmtInt(burstLimit)} (max/10)`,
    ok: burstOk,
    note: burstOk
      ? undefined
      : everyCallGranted
        ? `${max6} posts granted in one 6 s window (limit ${burstLimit})`
        : `${calls} chat.postMessage calls but ${granted.length} rate grants: some posts bypass the limiter`,
  });
  row({
    name: 'delivery: busiest 60 s window',
    n: `${DELIVERY_SECONDS} s run`,
    median: fmtInt(max60),
    peer: fmtInt(MAX_PER_MINUTE),
    ratio: `${((max60 / MAX_PER_MINUTE) * 100).toFixed(1)}%`,
    target: `≤ ${fmtInt(MAX_PER_MINUTE)}`,
    ok: max60 <= MAX_PER_MINUTE && everyCallGranted,
    note: max60 <= MAX_PER_MINUTE ? undefined : `${max60} posts granted in one 60 s window`,
  });
}

/**
 * Queues invitations the way flows/launch.ts does for a page of the audience, in one transaction: with `upsert`,
 * the whole of its queueInvitations (member upsert from the Slack profile, participant row, outbox row); without,
 * only the participant and outbox rows (the invitation text and the recipient's next working time included).
 */
function benchInvitations(db: Db, upsert: boolean): void {
  const COUNT = 5000;
  const RUNS = 3;
  const users = db.$client
    .prepare(
      `select user_id as id, name, real_name as realName, title, tz from members order by user_id limit ?`,
    )
    .all(COUNT) as Array<{
    id: string;
    name: string;
    realName: string | null;
    title: string | null;
    tz: string;
  }>;
  // As Slack lists them (users.list / users.info), which is what launch turns into members.
  const slackUsers = users.map((u) => ({
    id: u.id,
    name: u.name.toLowerCase().replace(/[^a-z0-9]+/g, '.'),
    real_name: u.realName ?? u.name,
    tz: u.tz,
    deleted: false,
    is_bot: false,
    is_app_user: false,
    is_restricted: false,
    is_ultra_restricted: false,
    profile: { real_name: u.realName ?? u.name, display_name: u.name, title: u.title ?? '' },
  }));
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const now = new Date(SEED_NOW.getTime() + (run + 1) * DAY);
    const program: Program = insertProgram(db, {
      name: `Bench launch ${upsert ? 'full' : 'rows'} ${run + 1}`,
      kind: 'reverse',
      weeks: 12,
      cadenceDays: 14,
      checkinDays: 28,
      audienceChannel: null,
      digestChannel: DIGEST_CHANNEL,
      timeZone: 'UTC',
      ownerId: seededUserId(0),
      status: 'launching',
      launchedAt: now.getTime(),
      surveyClosesAt: now.getTime() + 7 * DAY,
      endsAt: now.getTime() + 91 * DAY,
      createdAt: now.getTime(),
    });
    const started = performance.now();
    // The launch's own code: with the profile upsert as a launch page does, or the invitation rows alone.
    const queued = writeTx(db, (tx) =>
      upsert
        ? queueInvitations(tx, program, slackUsers, now)
        : slackUsers.filter((u) => invite(tx, program, u.id, u.tz, now)).length,
    );
    times.push(performance.now() - started);
    if (queued !== COUNT) throw new Error(`queued ${queued} invitations, expected ${COUNT}`);
  }
  const m = median(times);
  const name = upsert
    ? 'invitations: queue, as launch does'
    : 'invitations: queue, participant + outbox rows';
  progress(`  ${name}: runs ${times.map(fmtMs).join(', ')}`);
  row({
    name,
    n: `${fmtInt(COUNT)} (1 tx)`,
    median: fmtMs(m),
    target: '< 2 s',
    ok: m < 2000,
    note: m < 2000 ? undefined : `${name}: ${fmtInt(COUNT)} take ${fmtMs(m)}`,
  });
}

async function benchDelivery(info: SeedInfo): Promise<void> {
  const copy = workingCopy(info);
  const db = openDb(copy.path);
  // Digests the scans queued would be posted too; give them somewhere to land.
  const sim = await startSlackSim({ workspace: {} });
  sim.addChannel({ id: DIGEST_CHANNEL, name: 'mentoring-digest', botIsMember: true });
  sim.setLatency(0);
  try {
    runMigrations(db);
    try {
      await benchDeliveryRate(db, sim);
    } catch (err) {
      errorRow('delivery: steady outbox rate', err);
    }
    for (const upsert of [false, true]) {
      try {
        benchInvitations(db, upsert);
      } catch (err) {
        errorRow(`invitations: queue${upsert ? ', as launch does' : ''}`, err);
      }
    }
  } finally {
    await sim.close();
    closeDb(db);
    copy.cleanup();
  }
}

// ---------------------------------------------------------------------------------------------------------
// matching (bench/matching.ts, written separately; loaded only if it exists)
// ---------------------------------------------------------------------------------------------------------

interface MatchingResult {
  n: number;
  optimalMs: number;
  greedyMs: number;
  optimalScore: number;
  greedyScore: number;
}
type BenchMatching = (n: number, seed: number) => MatchingResult | Promise<MatchingResult>;

async function loadMatching(): Promise<{ fn: BenchMatching } | { missing: string } | { error: string }> {
  const url = new URL('./matching.ts', import.meta.url);
  if (!existsSync(fileURLToPath(url))) return { missing: 'bench/matching.ts not built yet' };
  try {
    // A computed specifier: the module may not exist when this file is type-checked.
    const mod = (await import(url.href)) as { benchMatching?: unknown };
    if (typeof mod.benchMatching !== 'function')
      return { error: 'bench/matching.ts exports no benchMatching' };
    return { fn: mod.benchMatching as BenchMatching };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ERR_MODULE_NOT_FOUND' && String((err as Error).message).includes('matching.ts'))
      return { missing: 'bench/matching.ts not built yet' };
    return { error: `bench/matching.ts failed to load: ${(err as Error).message}` };
  }
}

const MATCHING_SIZES = [500, 2000, 10_000] as const;
const MATCHING_TARGET_MS: Record<number, number | undefined> = { 2000: 2000, 10000: 20_000 };

async function benchMatchingCases(): Promise<void> {
  const loaded = await loadMatching();
  if ('missing' in loaded || 'error' in loaded) {
    const why = 'missing' in loaded ? 'not built yet' : 'error';
    for (const n of MATCHING_SIZES) {
      row({
        name: 'matching: optimal vs greedy',
        n: fmtInt(n),
        median: why,
        ok: 'error' in loaded ? false : null,
        target: MATCHING_TARGET_MS[n] ? `< ${fmtMs(MATCHING_TARGET_MS[n])}` : '—',
        note: 'error' in loaded ? loaded.error : undefined,
      });
    }
    if ('missing' in loaded) skipped.push(`matching: ${loaded.missing}`);
    return;
  }
  const timesByN: Array<[number, number]> = [];
  for (const n of MATCHING_SIZES) {
    try {
      const runs = n <= 2000 ? 3 : 1;
      const results: MatchingResult[] = [];
      for (let i = 0; i < runs; i++) results.push(await loaded.fn(n, SEED));
      const opt = median(results.map((r) => r.optimalMs));
      const greedy = median(results.map((r) => r.greedyMs));
      const last = results.at(-1) as MatchingResult;
      timesByN.push([n, opt]);
      const limit = MATCHING_TARGET_MS[n];
      const timeOk = limit === undefined ? null : opt < limit;
      row({
        name: 'matching: optimal time',
        n: `${fmtInt(n)}${runs > 1 ? ` (${runs} runs)` : ''}`,
        median: fmtMs(opt),
        peer: `greedy ${fmtMs(greedy)}`,
        ratio: fmtRatio(opt / greedy),
        target: limit === undefined ? '—' : `< ${fmtMs(limit)}`,
        ok: timeOk,
        note: timeOk === false ? `matching ${fmtInt(n)} takes ${fmtMs(opt)}` : undefined,
      });
      const scoreOk = last.optimalScore >= last.greedyScore;
      row({
        name: 'matching: total score',
        n: fmtInt(n),
        median: fmtInt(last.optimalScore),
        peer: `greedy ${fmtInt(last.greedyScore)}`,
        ratio: fmtRatio(last.optimalScore / last.greedyScore),
        target: '≥ greedy',
        ok: scoreOk,
        note: scoreOk ? undefined : `optimal score below greedy at ${fmtInt(n)}`,
      });
    } catch (err) {
      errorRow(`matching: optimal time (${fmtInt(n)})`, err);
    }
  }
  const first = timesByN[0];
  const lastT = timesByN.at(-1);
  if (first && lastT && timesByN.length > 1) {
    const exponent = Math.log(lastT[1] / first[1]) / Math.log(lastT[0] / first[0]);
    row({
      name: 'matching: time growth',
      n: `${fmtInt(first[0])}→${fmtInt(lastT[0])}`,
      median: `∝ N^${exponent.toFixed(2)}`,
    });
  }
}

// ---------------------------------------------------------------------------------------------------------
// main
// ---------------------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  progress(`machine: ${cpus().length} cores, node ${process.version}, load average ${loadStart}`);
  const seeds: Record<number, SeedInfo> = {};
  const seeded = (members: number): SeedInfo => {
    if (!seeds[members]) {
      const info = ensureSeeded({ members, relationships: RELATIONSHIPS, seed: SEED }, progress);
      progress(
        `database ${fmtInt(members)} members: ${info.cached ? 'cached' : `seeded in ${info.seconds.toFixed(1)} s`}, ` +
          `${(info.bytes / 1e6).toFixed(0)} MB (${fmtInt(info.counts.sessions ?? 0)} sessions, ` +
          `${fmtInt(info.counts.checkins ?? 0)} check-ins, ${fmtInt(info.counts.outbox ?? 0)} outbox rows)`,
      );
      seeds[members] = info;
    }
    return seeds[members];
  };

  if (wants('ack')) {
    try {
      await benchAck(seeded(50_000));
    } catch (err) {
      errorRow('ack latency: /mentor status, real app', err);
    }
  }

  if (wants('jobs') || wants('memory')) {
    for (const members of [10_000, 50_000]) {
      try {
        progress(
          `jobs at ${fmtInt(members)} members: each in a fresh process, up to ${SCAN_RUNS} runs on new periods, ${fmtMs(JOB_BUDGET_MS)} budget`,
        );
        await benchJobs(seeded(members), members === 50_000 && wants('memory'));
      } catch (err) {
        errorRow(`job scan (${fmtInt(members)} members)`, err);
      }
    }
  }

  if (wants('delivery')) {
    try {
      await benchDelivery(seeded(50_000));
    } catch (err) {
      errorRow('delivery', err);
    }
  }

  if (wants('matching')) {
    try {
      await benchMatchingCases();
    } catch (err) {
      errorRow('matching', err);
    }
  }

  printTable();
  const misses = rows.filter((r) => r.ok === false);
  const notes: string[] = [
    `machine: ${cpus().length} cores, node ${process.version}; load average ${loadStart} at the start, ${loadAverage()} at the end (other work on the machine slows every case alike; the ratios are measured side by side); total ${((performance.now() - benchStarted) / 1000).toFixed(0)} s.`,
    `ack latency: a signed \`/mentor status\` (from a member in an active relationship of the 50k database) over HTTP, ${ROUNDS} rounds of 50 concurrent requests after 3 warm-up rounds, alternating between the real app (startApp, deliverer running, Slack = the fake) and a bare Bolt app (HTTPReceiver, same signing secret, a \`/mentor\` handler that only acks), each in its own process with \`npm start\`'s Node flags (${SERVER_FLAGS.join(' ') || 'none'}); peer/floor = the bare app's p50.`,
    `job scans: \`jobs[name](deps, now)\` in a fresh process per job and size (node --import tsx ${JOB_FLAGS.join(' ')} bench/job-rss.ts, the flags of \`npm run job\`), ${SCAN_RUNS} runs on consecutive new periods (days; weeks for the digest), no Slack client so nothing is delivered; median and max of the runs that finished within ${fmtMs(JOB_BUDGET_MS)} (BENCH_JOB_BUDGET_SECONDS), the first (cold) run included.`,
    "memory: peak RSS (VmHWM in /proc/<pid>/status; getrusage maxRSS is inherited across fork+exec, so it would report the bench process) of the job processes at 50k members, over their runs and the outbox read that follows; floor = a process that loads the same modules and opens the database but runs no job. Server: the real app's process over the whole latency test; peer = the bare Bolt app's process.",
    `delivery: SLACK_MAX_POSTS_PER_MINUTE = 1,200 against the fake Slack with no latency, ${DELIVERY_SECONDS} s of the server's delivery loop; steady rate = posts arriving in whole 6 s cycles after the first burst window; any 60 s window is bounded by ten 6 s windows, so the 6 s check is the stricter one.`,
  ];
  notes.push(...measuredNotes);
  notes.push(
    'invitations: 5,000 existing members invited to a new program in the 50k database, one transaction; both through flows/launch.ts: `invite` per person for the rows alone, `queueInvitations` (the member upsert from the Slack profile first) "as launch does".',
  );
  notes.push(
    'matching: benchMatching(n, 42) from bench/matching.ts (optimal vs its greedy baseline); median of 3 runs up to N = 2,000, one at 10,000; growth = log(t10000/t500) / log(20).',
  );
  for (const s of skipped) notes.push(`skipped: ${s}`);
  process.stdout.write(`\n${notes.map((n) => `- ${n}`).join('\n')}\n`);
  if (misses.length > 0) {
    process.stdout.write(
      `\nMISSED ${misses.length} target(s):\n${misses.map((r) => `  - ${r.note ?? r.name}`).join('\n')}\n`,
    );
    return 1;
  }
  process.stdout.write('\nall targets met\n');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    process.stderr.write(`bench failed: ${err.stack ?? err.message}\n`);
    process.exit(1);
  },
);
