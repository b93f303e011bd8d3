import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manualClock } from '../../src/clock';
import { testConfig } from '../../src/config';
import { jobRuns, programs } from '../../src/db/schema';
import type { Deps } from '../../src/deps';
import { startScheduler } from '../../src/jobs/scheduler';
import { silentLogger } from '../../src/log';
import { createDeliverer } from '../../src/outbox/deliver';
import { testDb } from '../helpers/harness';

let t: ReturnType<typeof testDb>;
let clock: ReturnType<typeof manualClock>;
let deps: Deps;
let stop: (() => void) | undefined;

beforeEach(() => {
  t = testDb();
  clock = manualClock(new Date('2027-01-04T07:00:00Z'));
  const deliverer = createDeliverer({
    db: t.db,
    slack: null,
    clock,
    log: silentLogger,
    maxPostsPerMinute: 300,
  });
  deps = {
    db: t.db,
    config: testConfig({ digestChannel: undefined }),
    clock,
    log: silentLogger,
    slack: null,
    deliverer,
  };
  t.db
    .insert(programs)
    .values({
      name: 'Berlin program',
      kind: 'reverse',
      weeks: 12,
      cadenceDays: 14,
      checkinDays: 28,
      timeZone: 'Europe/Berlin',
      ownerId: 'UOWNER1',
      status: 'open',
      launchedAt: 0,
      surveyClosesAt: Date.parse('2027-02-01T00:00:00Z'),
      endsAt: Date.parse('2027-06-01T00:00:00Z'),
      createdAt: 0,
    })
    .run();
});
afterEach(() => {
  stop?.();
  t.cleanup();
});

const runs = () =>
  t.db
    .select({ job: jobRuns.job, period: jobRuns.period })
    .from(jobRuns)
    .all()
    .map((r) => `${r.job}@${r.period}`)
    .sort();

describe('the scheduler', () => {
  it('runs nothing before the local schedule: 08:00 in Berlin on a Monday', () => {
    const s = startScheduler(deps);
    stop = s.stop;
    expect(runs()).toEqual([]);
  });

  it('runs the digest from Monday 09:00 and the daily jobs from 10:00, local time, once per period', () => {
    const s = startScheduler(deps);
    stop = s.stop;
    clock.set(new Date('2027-01-04T08:00:00Z')); // 09:00 Berlin
    s.tick();
    expect(runs()).toEqual(['digest@2027-W01']);
    clock.set(new Date('2027-01-04T09:00:00Z')); // 10:00 Berlin
    s.tick();
    s.tick();
    expect(runs()).toEqual([
      'checkins@2027-01-04',
      'digest@2027-W01',
      'match@2027-01-04',
      'nudges@2027-01-04',
      'survey-reminders@2027-01-04',
    ]);
  });

  it('catches up, once, on start after being down at the scheduled time', () => {
    clock.set(new Date('2027-01-06T15:00:00Z')); // Wednesday afternoon: Monday's digest and today's jobs were missed
    const first = startScheduler(deps);
    first.stop();
    const second = startScheduler(deps);
    stop = second.stop;
    expect(runs()).toEqual([
      'checkins@2027-01-06',
      'digest@2027-W01',
      'match@2027-01-06',
      'nudges@2027-01-06',
      'survey-reminders@2027-01-06',
    ]);
  });
});
