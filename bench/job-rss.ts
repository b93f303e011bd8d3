/**
 * Job runs in a fresh process, as `npm run job` makes them, timed and with this process's peak RSS:
 *
 *   node --import tsx bench/job-rss.ts <job|noop> <database> <now ISO-8601> [runs=1] [step-days=1]
 *
 * Run k (1-based) happens at now + (k-1) × step-days, so each one claims a new period and does that period's work.
 * Nothing is delivered (no Slack client); after the runs, the outbox is read as the CLI does, messages waiting.
 * `noop` loads the same modules and opens the same database without running a job: the floor jobs are compared with.
 *
 * Prints one JSON line per run as it finishes ({ type: 'run', k, ms, ran, peakKb }), so a parent that gives up on a
 * slow job still has the runs that finished, then { type: 'done', peakKb, waiting }.
 */
import { fixedClock } from '../src/clock';
import { testConfig } from '../src/config';
import { closeDb, openDb, runMigrations } from '../src/db/client';
import type { Deps } from '../src/deps';
import { jobs } from '../src/jobs';
import { isJobName } from '../src/jobs/run';
import { silentLogger } from '../src/log';
import { createDeliverer } from '../src/outbox/deliver';
import { peakRssKb } from './rss';

const DAY = 86_400_000;

function emit(line: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

async function main(): Promise<number> {
  const [name = '', dbPath = '', nowText = '', runsText = '1', stepText = '1'] = process.argv.slice(2);
  const start = new Date(nowText);
  const runs = Number(runsText);
  const stepDays = Number(stepText);
  if (
    (name !== 'noop' && !isJobName(name)) ||
    !dbPath ||
    Number.isNaN(start.getTime()) ||
    !Number.isInteger(runs) ||
    runs < 1 ||
    !(stepDays > 0)
  ) {
    process.stderr.write(
      'usage: node --import tsx bench/job-rss.ts <job|noop> <database> <now ISO-8601> [runs] [step-days]\n',
    );
    return 2;
  }
  // No token, as a job run by hand without one: messages are queued, and delivery reports them waiting.
  const config = testConfig({ databasePath: dbPath, slackBotToken: undefined, maxPostsPerMinute: 300 });
  const db = openDb(dbPath);
  try {
    runMigrations(db);
    let clock = fixedClock(start);
    const deps = (): Deps => ({
      db,
      config,
      clock,
      log: silentLogger,
      slack: null,
      deliverer: createDeliverer({
        db,
        slack: null,
        clock,
        log: silentLogger,
        maxPostsPerMinute: config.maxPostsPerMinute,
      }),
    });
    let last = deps();
    if (name !== 'noop') {
      for (let k = 1; k <= runs; k++) {
        const now = new Date(start.getTime() + (k - 1) * stepDays * DAY);
        clock = fixedClock(now);
        last = deps();
        const started = performance.now();
        const outcomes = jobs[name as keyof typeof jobs](last, now, { trigger: 'schedule' });
        const ms = performance.now() - started;
        emit({
          type: 'run',
          k,
          now: now.toISOString(),
          ms,
          ran: outcomes.some((o) => o.ran),
          peakKb: peakRssKb(),
        });
      }
    }
    // What the CLI does next; with no Slack client it only counts what waits.
    const report = await last.deliverer.deliverDue({ waitUpToMs: 0 });
    emit({ type: 'done', peakKb: peakRssKb(), waiting: report.waiting });
    return 0;
  } finally {
    closeDb(db);
  }
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    process.stderr.write(`job-rss failed: ${err.stack ?? err.message}\n`);
    process.exit(1);
  },
);
