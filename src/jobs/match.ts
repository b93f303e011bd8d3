import type { Deps } from '../deps';
import { expireAndRemindOffers, roundDue, roundHeadsUp, runRound } from '../flows/matching';
import type { JobRunOptions } from '.';
import { type JobContext, periodFor, runForPrograms } from './run';

/**
 * Daily: expire or remind unanswered offers, give the pool a heads-up the day before a round, and hold the round on
 * its day (the survey window's close, then weekly). Run by hand (CLI or `/mentor admin match`), it holds a round now.
 */
export function matchWork({ tx, program, now, period, trigger }: JobContext): Record<string, number> {
  const summary: Record<string, number> = { ...expireAndRemindOffers(tx, program, now) };
  // No new matches once the program has ended (its closure week still expires offers).
  if (program.status !== 'open' || now.getTime() >= program.endsAt) return summary;
  if (trigger === 'manual' || roundDue(program, now)) {
    Object.assign(summary, runRound(tx, program, now, period));
  } else {
    summary.headsUp = roundHeadsUp(tx, program, now);
  }
  return summary;
}

export function runMatch(deps: Deps, now: Date, opts: JobRunOptions = {}) {
  // A round run by hand keeps its own period, so it neither blocks nor is blocked by the scheduled daily run.
  const manual = (opts.trigger ?? 'manual') === 'manual';
  return runForPrograms(deps, 'match', matchWork, now, {
    ...opts,
    periodOf: manual
      ? (program) => `${periodFor('match', program, now)}/${opts.periodTag ?? 'manual'}`
      : undefined,
  });
}
