import type { Deps } from '../deps';
import { runDigest } from './digest';
import { runMatch } from './match';
import { runNudges } from './nudges';
import { type JobName, type JobOutcome, jobNames, runForPrograms, type Trigger } from './run';
import { runSurveyReminders } from './survey-reminders';

export interface JobRunOptions {
  programId?: number;
  trigger?: Trigger;
  /** Distinguishes manual runs of the same day (e.g. each `/mentor admin match`). */
  periodTag?: string;
}

export type Job = (deps: Deps, now: Date, opts?: JobRunOptions) => JobOutcome[];

/** Work not yet built for a job still claims its period, so the schedule and idempotency behave the same. */
const noWork = () => ({});

export const jobs: Record<JobName, Job> = {
  'survey-reminders': runSurveyReminders,
  match: runMatch,
  nudges: runNudges,
  checkins: (deps, now, opts) => runForPrograms(deps, 'checkins', noWork, now, opts),
  digest: runDigest,
};

export { jobNames };
