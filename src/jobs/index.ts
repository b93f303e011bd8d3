import type { Deps } from '../deps';
import { runCheckins } from './checkins';
import { runDigest } from './digest';
import { runMatch } from './match';
import { runNudges } from './nudges';
import { type JobName, type JobOutcome, jobNames, type Trigger } from './run';
import { runSurveyReminders } from './survey-reminders';

export interface JobRunOptions {
  programId?: number;
  trigger?: Trigger;
  /** Distinguishes manual runs of the same day (e.g. each `/mentor admin match`). */
  periodTag?: string;
}

export type Job = (deps: Deps, now: Date, opts?: JobRunOptions) => JobOutcome[];

export const jobs: Record<JobName, Job> = {
  'survey-reminders': runSurveyReminders,
  match: runMatch,
  nudges: runNudges,
  checkins: runCheckins,
  digest: runDigest,
};

export { jobNames };
