import { and, desc, eq, ne } from 'drizzle-orm';
import { type DbOrTx, prepared, writeTx } from '../db/client';
import { audit } from '../db/repositories/events';
import { getMember } from '../db/repositories/members';
import { programs, relationshipMembers, relationships, sessions } from '../db/schema';
import type { Deps } from '../deps';
import { localDate, safeZone } from '../domain/time';

export type Relationship = typeof relationships.$inferSelect;

/** The relationship, if this person is in it; nobody can act on another relationship by sending its id. */
export function relationshipFor(db: DbOrTx, relationshipId: number, userId: string): Relationship | null {
  if (!Number.isSafeInteger(relationshipId)) return null;
  const row = db
    .select({ r: relationships })
    .from(relationships)
    .innerJoin(relationshipMembers, eq(relationshipMembers.relationshipId, relationships.id))
    .where(and(eq(relationships.id, relationshipId), eq(relationshipMembers.userId, userId)))
    .get();
  return row?.r ?? null;
}

/** The person's relationships that are not ended, newest first, with their program's name. */
export function openRelationshipsOf(db: DbOrTx, userId: string) {
  return db
    .select({ r: relationships, programName: programs.name })
    .from(relationshipMembers)
    .innerJoin(relationships, eq(relationships.id, relationshipMembers.relationshipId))
    .innerJoin(programs, eq(programs.id, relationships.programId))
    .where(and(eq(relationshipMembers.userId, userId), ne(relationships.status, 'ended')))
    .orderBy(desc(relationships.id))
    .all();
}

export function membersOf(db: DbOrTx, relationshipId: number): string[] {
  // Jobs ask this once per message they queue: a statement prepared once per connection.
  return prepared(db, 'select user_id from relationship_members where relationship_id = ?')
    .pluck()
    .all(relationshipId) as string[];
}

export type LogResult = { ok: true; heldOn: string; duplicate: boolean } | { ok: false; message: string };

/**
 * Records a session on a calendar day. The same relationship and day counts once, whoever logs it. Logging resets
 * the nudge ladder: the pair is back on track.
 */
export function logSession(
  deps: Deps,
  userId: string,
  relationshipId: number,
  heldOn: string,
  note: string | null,
  now: Date,
): LogResult {
  return writeTx(deps.db, (tx): LogResult => {
    const rel = relationshipFor(tx, relationshipId, userId);
    if (!rel)
      return { ok: false, message: "That relationship isn't one of yours, so I can't log a session for it." };
    if (rel.status === 'ended')
      return { ok: false, message: 'This relationship has ended, so there is nothing more to log.' };
    const inserted = tx
      .insert(sessions)
      .values({ relationshipId, heldOn, loggedBy: userId, note, createdAt: now.getTime() })
      .onConflictDoNothing()
      .run();
    if (inserted.changes === 0) return { ok: true, heldOn, duplicate: true };
    // Only a newer session moves the cadence on and resets the nudge ladder; logging an older one is history.
    if (rel.lastSessionOn === null || heldOn > rel.lastSessionOn) {
      tx.update(relationships)
        .set({ lastSessionOn: heldOn, nudgeStep: 0, nudgeStepAt: null, atRisk: false })
        .where(eq(relationships.id, relationshipId))
        .run();
    }
    audit(
      tx,
      { actor: userId, action: 'session.log', programId: rel.programId, detail: { relationshipId, heldOn } },
      now,
    );
    return { ok: true, heldOn, duplicate: false };
  });
}

/** "We met": today in the clicker's own time zone. */
export function todayFor(deps: Pick<Deps, 'db'>, userId: string, now: Date): string {
  return localDate(now, safeZone(getMember(deps.db, userId)?.tz));
}
