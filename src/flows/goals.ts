import { eq } from 'drizzle-orm';
import { writeTx } from '../db/client';
import { audit } from '../db/repositories/events';
import { goals, relationships } from '../db/schema';
import type { Deps } from '../deps';
import { escapeMrkdwn } from '../domain/text';
import { enqueue } from '../outbox/enqueue';
import { goalsModal } from '../slack/ids';
import { section } from '../slack/views/blocks';
import { relationshipFor } from './sessions';

export interface GoalInput {
  text: string;
  done: boolean;
}

export function goalsOf(deps: Pick<Deps, 'db'>, relationshipId: number): GoalInput[] {
  return deps.db
    .select({ text: goals.text, done: goals.done })
    .from(goals)
    .where(eq(goals.relationshipId, relationshipId))
    .orderBy(goals.position)
    .all();
}

/** Pure: the goal texts typed (blank ones dropped), with errors per field. */
export function validateGoals(
  texts: (string | null)[],
  doneBlocks: string[],
): { ok: true; goals: GoalInput[] } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const list: GoalInput[] = [];
  texts.forEach((raw, i) => {
    const text = (raw ?? '').trim();
    if (!text) return;
    if (Array.from(text).length > goalsModal.maxLength) {
      errors[goalsModal.goalBlock(i + 1)] = `Keep each goal under ${goalsModal.maxLength} characters.`;
      return;
    }
    list.push({ text, done: doneBlocks.includes(String(i + 1)) });
  });
  if (list.length === 0 && Object.keys(errors).length === 0)
    errors[goalsModal.goalBlock(1)] = 'Write at least one goal you both agreed.';
  if (list.length > goalsModal.max) errors[goalsModal.goalBlock(1)] = `Up to ${goalsModal.max} goals.`;
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, goals: list };
}

/** Replaces the shared list; the pair's group DM hears about it so both see the same goals. */
export function saveGoals(
  deps: Deps,
  userId: string,
  relationshipId: number,
  list: GoalInput[],
  now: Date,
  submissionId?: string,
): boolean {
  return writeTx(deps.db, (tx) => {
    const rel = relationshipFor(tx, relationshipId, userId);
    if (!rel || rel.status === 'ended') return false;
    tx.delete(goals).where(eq(goals.relationshipId, relationshipId)).run();
    list.forEach((g, i) => {
      tx.insert(goals)
        .values({ relationshipId, position: i + 1, text: g.text, done: g.done, updatedAt: now.getTime() })
        .run();
    });
    if (rel.goalsSetAt === null)
      tx.update(relationships)
        .set({ goalsSetAt: now.getTime() })
        .where(eq(relationships.id, relationshipId))
        .run();
    audit(
      tx,
      {
        actor: userId,
        action: 'goals.save',
        programId: rel.programId,
        detail: { relationshipId, count: list.length },
      },
      now,
    );
    const lines = list
      .map((g) => `${g.done ? ':white_check_mark:' : '•'} ${escapeMrkdwn(g.text)}`)
      .join('\n');
    enqueue(
      tx,
      {
        // One notice per submission: the same modal arriving twice tells the pair once.
        key: `goals:${relationshipId}:${submissionId ?? now.getTime()}`,
        method: 'chat.postMessage',
        dependsOn: `rel-open:${relationshipId}`,
        payload: {
          text: 'Your shared goals were updated',
          blocks: [section(`<@${userId}> updated your shared goals:\n${lines}`)],
        },
      },
      now,
    );
    return true;
  });
}
