import { and, eq, inArray } from 'drizzle-orm';
import { getMember } from '../db/repositories/members';
import { nudges, relationships } from '../db/schema';
import type { Deps } from '../deps';
import { dueOn, isAway, nextNudgeStep, seniorOf } from '../domain/slips';
import {
  daysBetween,
  localDate,
  nextSharedWorkingTime,
  nextWorkingTime,
  safeZone,
  suggestSlots,
} from '../domain/time';
import {
  endRelationship,
  factsOf,
  membersByRelationship,
  relationshipMembersOf,
  summarize,
} from '../flows/relationships';
import { enqueue, enqueueDm } from '../outbox/enqueue';
import { buildDirectNudge, buildOwnerAlert, buildPairNudge, type NudgeView } from '../slack/views/nudge';
import type { JobRunOptions } from '.';
import { type JobContext, runForPrograms } from './run';

const LEFT_SLACK = new Set(['account_inactive', 'user_not_found']);

/**
 * Daily: pauses that have run out end, relationships with someone who left Slack end gracefully, and slipping pairs
 * get the next step of the ladder: (1) a reminder in their group DM with times that suit both, (2) a direct DM to
 * each, senior partner first, (3) a note to the owners and an at-risk flag. Nobody is nudged while away; every
 * message waits for working hours.
 */
export function nudgesWork({ deps, tx, program, now }: JobContext): Record<string, number> {
  const tz = safeZone(program.timeZone);
  const today = localDate(now, tz);
  const counts = { step1: 0, step2: 0, step3: 0, resumed: 0, ended: 0, waitingAway: 0 };
  // The scan for shared hours is the costly part of a step; pairs share a handful of zone combinations.
  const shared = new Map<string, Date>();
  const sharedFrom = (zones: string[]) => {
    const key = [...zones].sort().join('|');
    let at = shared.get(key);
    if (!at) {
      at = nextSharedWorkingTime(zones, now);
      shared.set(key, at);
    }
    return at;
  };
  const byRel = membersByRelationship(tx, program.id);
  const slotsFor = new Map<string, Date[]>();
  const suggested = (zones: string[]) => {
    const key = [...zones].sort().join('|');
    let slots = slotsFor.get(key);
    if (!slots) {
      slots = suggestSlots(zones, sharedFrom(zones), 3);
      slotsFor.set(key, slots);
    }
    return slots;
  };
  const rels = tx
    .select()
    .from(relationships)
    .where(and(eq(relationships.programId, program.id), inArray(relationships.status, ['active', 'paused'])))
    .all();
  for (let rel of rels) {
    const people = byRel.get(rel.id) ?? relationshipMembersOf(tx, rel);
    const gone = people.find(
      (p) => !p.isActive || (p.deliveryError !== null && LEFT_SLACK.has(p.deliveryError)),
    );
    if (gone) {
      endRelationship(tx, rel, program, gone.userId, 'member_left_slack', now);
      counts.ended++;
      continue;
    }
    if (rel.status === 'paused' && rel.pausedUntil !== null && rel.pausedUntil <= now.getTime()) {
      tx.update(relationships).set({ status: 'active' }).where(eq(relationships.id, rel.id)).run();
      rel = { ...rel, status: 'active' };
      counts.resumed++;
    }
    const facts = factsOf(rel, program);
    const ladder = {
      step: rel.nudgeStep,
      stepOn: rel.nudgeStepAt === null ? null : localDate(new Date(rel.nudgeStepAt), tz),
    };
    const step = nextNudgeStep(facts, ladder, today);
    if (step === 0) continue;
    const recipients = step === 3 ? [] : people;
    if (
      recipients.some((p) =>
        isAway({ text: p.statusText, emoji: p.statusEmoji, expiration: p.statusExpiration }, now.getTime()),
      )
    ) {
      counts.waitingAway++;
      continue;
    }
    const cycle = dueOn(facts);
    const claimed = tx
      .insert(nudges)
      .values({ relationshipId: rel.id, cycle, step, createdAt: now.getTime() })
      .onConflictDoNothing()
      .run();
    if (claimed.changes === 0) continue;
    tx.update(relationships)
      .set({ nudgeStep: step, nudgeStepAt: now.getTime(), atRisk: step === 3 })
      .where(eq(relationships.id, rel.id))
      .run();
    const summary = summarize(tx, rel, program, people[0]!.userId, now);
    const zones = people.map((p) => p.tz);
    const view: NudgeView = {
      relationshipId: rel.id,
      programName: program.name,
      members: people.map((p) => ({ userId: p.userId, tz: p.tz })),
      daysSince: daysBetween(facts.lastSessionOn ?? facts.startedOn, today),
      phase: summary.phase,
      slots: suggested(zones),
      seed: rel.id + step,
      goalsSet: summary.goals.length > 0,
      neverMet: facts.lastSessionOn === null,
    };
    const key = `nudge:${rel.id}:${cycle}:${step}`;
    if (step === 1) {
      const message = buildPairNudge(view);
      enqueue(
        tx,
        {
          key,
          method: 'chat.postMessage',
          dependsOn: `rel-open:${rel.id}`,
          notBefore: sharedFrom(zones),
          payload: { text: message.text, blocks: message.blocks, unfurl_links: false },
        },
        now,
      );
    } else if (step === 2) {
      const senior = seniorOf(people);
      for (const p of senior ? [senior, ...people.filter((x) => x !== senior)] : people) {
        enqueueDm(
          tx,
          {
            key: `${key}:${p.userId}`,
            userId: p.userId,
            notBefore: nextWorkingTime(now, p.tz),
            message: buildDirectNudge(view, p.userId, p === senior && people.length > 1),
          },
          now,
        );
      }
    } else {
      const owners = new Set([program.ownerId, ...deps.config.programOwners]);
      for (const owner of owners) {
        enqueueDm(
          tx,
          {
            key: `${key}:${owner}`,
            userId: owner,
            // The owner's own working hours when we know their zone; the program's otherwise.
            notBefore: nextWorkingTime(now, safeZone(getMember(tx, owner)?.tz ?? tz)),
            message: buildOwnerAlert(view),
          },
          now,
        );
      }
    }
    counts[`step${step}` as 'step1']++;
  }
  return counts;
}

export function runNudges(deps: Deps, now: Date, opts: JobRunOptions = {}) {
  return runForPrograms(deps, 'nudges', nudgesWork, now, opts);
}
