import { and, eq, gte, lt, sql } from 'drizzle-orm';
import { type Db, writeTx } from '../db/client';
import { rateEvents, slackState } from '../db/schema';

export type Bucket = 'post' | 'open';

export interface BucketLimit {
  perMinute: number;
  /** At most this many in any tenth of a minute. */
  burst: number;
}

const MINUTE = 60_000;
const BURST_WINDOW = 6_000;

export function limitsFor(maxPostsPerMinute: number): Record<Bucket, BucketLimit> {
  return {
    post: { perMinute: maxPostsPerMinute, burst: Math.max(1, Math.floor(maxPostsPerMinute / 10)) },
    // conversations.open is a Tier 3 method: about 50 a minute.
    open: { perMinute: 50, burst: 5 },
  };
}

/**
 * Takes one call from the shared budget, or says how long to wait. The window is kept in the database, so the
 * server and job processes together stay under the ceiling.
 */
export function takeToken(db: Db, bucket: Bucket, limit: BucketLimit, nowMs: number): number {
  return writeTx(db, (tx) => {
    const state = tx.select().from(slackState).where(eq(slackState.id, 1)).get();
    if (state && state.blockedUntil > nowMs) return state.blockedUntil - nowMs;
    tx.delete(rateEvents)
      .where(and(eq(rateEvents.bucket, bucket), lt(rateEvents.at, nowMs - MINUTE)))
      .run();
    const minute = tx
      .select({ n: sql<number>`count(*)`, first: sql<number | null>`min(${rateEvents.at})` })
      .from(rateEvents)
      .where(and(eq(rateEvents.bucket, bucket), gte(rateEvents.at, nowMs - MINUTE + 1)))
      .get();
    if (minute && minute.n >= limit.perMinute) {
      const oldest = oldestInWindow(tx, bucket, nowMs - MINUTE + 1, minute.n - limit.perMinute);
      return Math.max(1, oldest + MINUTE - nowMs);
    }
    const burst = tx
      .select({ n: sql<number>`count(*)` })
      .from(rateEvents)
      .where(and(eq(rateEvents.bucket, bucket), gte(rateEvents.at, nowMs - BURST_WINDOW + 1)))
      .get();
    if (burst && burst.n >= limit.burst) {
      const oldest = oldestInWindow(tx, bucket, nowMs - BURST_WINDOW + 1, burst.n - limit.burst);
      return Math.max(1, oldest + BURST_WINDOW - nowMs);
    }
    tx.insert(rateEvents).values({ bucket, at: nowMs }).run();
    return 0;
  });
}

function oldestInWindow(
  tx: Parameters<Parameters<Db['transaction']>[0]>[0],
  bucket: Bucket,
  from: number,
  skip: number,
) {
  const row = tx
    .select({ at: rateEvents.at })
    .from(rateEvents)
    .where(and(eq(rateEvents.bucket, bucket), gte(rateEvents.at, from)))
    .orderBy(rateEvents.at)
    .limit(1)
    .offset(Math.max(0, skip))
    .get();
  return row?.at ?? from;
}

function ensureState(db: Db) {
  db.insert(slackState).values({ id: 1, blockedUntil: 0 }).onConflictDoNothing().run();
}

export function pauseAll(db: Db, untilMs: number): void {
  ensureState(db);
  db.update(slackState)
    .set({ blockedUntil: sql`max(${slackState.blockedUntil}, ${untilMs})` })
    .where(eq(slackState.id, 1))
    .run();
}

export function halt(db: Db, reason: string, nowMs: number): void {
  ensureState(db);
  db.update(slackState).set({ haltReason: reason, haltedAt: nowMs }).where(eq(slackState.id, 1)).run();
}

export function haltReason(db: Db): string | null {
  return (
    db.select({ r: slackState.haltReason }).from(slackState).where(eq(slackState.id, 1)).get()?.r ?? null
  );
}

/** A fresh start (the operator may have fixed the token) lifts a halt. */
export function clearHalt(db: Db): void {
  ensureState(db);
  db.update(slackState).set({ haltReason: null, haltedAt: null }).where(eq(slackState.id, 1)).run();
}
