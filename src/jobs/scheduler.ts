import cron, { type ScheduledTask } from 'node-cron';
import { hasRun } from '../db/repositories/job-runs';
import { listOpenPrograms } from '../db/repositories/programs';
import type { Deps } from '../deps';
import { safeZone, scheduledDue } from '../domain/time';
import { jobs } from '.';
import { type JobName, jobNames, periodFor } from './run';

/**
 * Checks every minute which jobs are due in each program's time zone (digest Monday 09:00, the rest daily at
 * 10:00) and runs those whose period has no run yet. The same check at start catches up a schedule missed while
 * the bot was down, once.
 */
export function startScheduler(deps: Deps): { stop(): void; tick(): void } {
  const tick = () => {
    const now = deps.clock.now();
    for (const program of listOpenPrograms(deps.db)) {
      const tz = safeZone(program.timeZone);
      for (const job of jobNames) {
        if (!scheduledDue(job === 'digest' ? 'digest' : 'daily', now, tz)) continue;
        if (hasRun(deps.db, job, program.id, periodFor(job as JobName, program, now))) continue;
        try {
          jobs[job](deps, now, { programId: program.id, trigger: 'schedule' });
        } catch (err) {
          deps.log.error(`scheduled job ${job} failed`, { programId: program.id, error: err as Error });
        }
      }
    }
  };
  const task: ScheduledTask = cron.schedule('* * * * *', tick, {
    name: 'mentor-bot-scheduler',
    noOverlap: true,
  });
  tick();
  return {
    stop: () => {
      task.stop();
    },
    tick,
  };
}
