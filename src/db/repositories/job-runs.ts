import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { jobRuns } from '../schema';

/** Claims the period for this job and program; false when it already ran (or is running in another process). */
export function claimJobPeriod(
  db: DbOrTx,
  job: string,
  programId: number,
  period: string,
  now: Date,
): boolean {
  const res = db
    .insert(jobRuns)
    .values({ job, programId, period, ranAt: now.getTime() })
    .onConflictDoNothing()
    .run();
  return res.changes === 1;
}

export function recordJobSummary(
  db: DbOrTx,
  job: string,
  programId: number,
  period: string,
  summary: Record<string, number>,
): void {
  db.update(jobRuns)
    .set({ summary })
    .where(and(eq(jobRuns.job, job), eq(jobRuns.programId, programId), eq(jobRuns.period, period)))
    .run();
}

export function hasRun(db: DbOrTx, job: string, programId: number, period: string): boolean {
  return (
    db
      .select({ id: jobRuns.id })
      .from(jobRuns)
      .where(and(eq(jobRuns.job, job), eq(jobRuns.programId, programId), eq(jobRuns.period, period)))
      .get() !== undefined
  );
}
