import type { Deps } from '../deps';
import { checkinsWork } from '../flows/checkins';
import type { JobRunOptions } from '.';
import { type JobContext, runForPrograms } from './run';

export function checkinsJobWork({ tx, program, now }: JobContext): Record<string, number> {
  return checkinsWork(tx, program, now);
}

export function runCheckins(deps: Deps, now: Date, opts: JobRunOptions = {}) {
  return runForPrograms(deps, 'checkins', checkinsJobWork, now, opts);
}
