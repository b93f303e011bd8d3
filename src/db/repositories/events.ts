import { lt } from 'drizzle-orm';
import type { DbOrTx } from '../client';
import { auditLog, processedEvents } from '../schema';

/** Records an Events API delivery; false when the same event_id was seen before (a Slack retry). */
export function markEventProcessed(db: DbOrTx, eventId: string, nowMs: number): boolean {
  return (
    db.insert(processedEvents).values({ eventId, receivedAt: nowMs }).onConflictDoNothing().run().changes ===
    1
  );
}

/** Slack retries within minutes; a week of ids is plenty. */
export function pruneProcessedEvents(db: DbOrTx, nowMs: number): void {
  db.delete(processedEvents)
    .where(lt(processedEvents.receivedAt, nowMs - 7 * 86_400_000))
    .run();
}

export function audit(
  db: DbOrTx,
  entry: { actor: string; action: string; programId?: number | null; detail?: Record<string, unknown> },
  now: Date,
): void {
  db.insert(auditLog)
    .values({
      at: now.getTime(),
      actor: entry.actor,
      action: entry.action,
      programId: entry.programId ?? null,
      detail: entry.detail ?? null,
    })
    .run();
}
