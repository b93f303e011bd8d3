import { type Tx, writeTx } from '../db/client';
import { claimJobPeriod, recordJobSummary } from '../db/repositories/job-runs';
import { getProgram, listOpenPrograms, type Program } from '../db/repositories/programs';
import type { Deps } from '../deps';
import { jobPeriod, safeZone } from '../domain/time';

export const jobNames = ['survey-reminders', 'match', 'nudges', 'checkins', 'digest'] as const;
export type JobName = (typeof jobNames)[number];

export function isJobName(name: string): name is JobName {
  return (jobNames as readonly string[]).includes(name);
}

/** Scheduler or a person (CLI, admin command): some jobs act only on their scheduled days unless run by hand. */
export type Trigger = 'schedule' | 'manual';

export interface JobContext {
  deps: Deps;
  tx: Tx;
  program: Program;
  now: Date;
  period: string;
  trigger: Trigger;
}

/** One program's work for one period, inside the transaction that claims the period. Returns counts. */
export type ProgramJob = (ctx: JobContext) => Record<string, number>;

export interface JobOutcome {
  programId: number;
  period: string;
  ran: boolean;
  summary: Record<string, number>;
}

export function periodFor(job: JobName, program: Pick<Program, 'timeZone'>, now: Date): string {
  return jobPeriod(job === 'digest' ? 'digest' : 'daily', now, safeZone(program.timeZone));
}

/**
 * Runs `work` once per program and period. Claiming the period, the state changes and the outbox rows commit
 * together, so a crash leaves either all of it or none, and a second run for the same period does nothing.
 */
export function runForPrograms(
  deps: Deps,
  job: JobName,
  work: ProgramJob,
  now: Date,
  opts: { programId?: number; trigger?: Trigger; periodOf?: (program: Program) => string } = {},
): JobOutcome[] {
  const programs =
    opts.programId !== undefined
      ? [getProgram(deps.db, opts.programId)].filter(
          (p): p is Program => p !== undefined && p.status !== 'ended',
        )
      : listOpenPrograms(deps.db);
  const outcomes: JobOutcome[] = [];
  for (const program of programs) {
    const period = opts.periodOf?.(program) ?? periodFor(job, program, now);
    const outcome = writeTx(deps.db, (tx): JobOutcome => {
      if (!claimJobPeriod(tx, job, program.id, period, now)) {
        return { programId: program.id, period, ran: false, summary: {} };
      }
      const summary = work({ deps, tx, program, now, period, trigger: opts.trigger ?? 'manual' });
      recordJobSummary(tx, job, program.id, period, summary);
      return { programId: program.id, period, ran: true, summary };
    });
    outcomes.push(outcome);
  }
  if (outcomes.some((o) => o.ran)) deps.deliverer.poke();
  return outcomes;
}
