import { prepared } from '../db/client';
import { getMember } from '../db/repositories/members';
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
  departedMembers,
  endRelationship,
  factsOf,
  relationshipById,
  relationshipMembersOf,
  summarize,
} from '../flows/relationships';
import { enqueue, enqueueDm } from '../outbox/enqueue';
import { buildDirectNudge, buildOwnerAlert, buildPairNudge, type NudgeView } from '../slack/views/nudge';
import type { JobRunOptions } from '.';
import { type JobContext, runForPrograms } from './run';

/** The SQL of the daily scan, exported for the test that checks their query plans. */
export const nudgeQueries = {
  relationships: `select id, status, started_at, paused_until, last_session_on, nudge_step, nudge_step_at
     from relationships where program_id = ? and status in ('active', 'paused') order by id`,
  resume: `update relationships set status = 'active' where id = ?`,
  claim:
    'insert into nudges (relationship_id, cycle, step, created_at) values (?, ?, ?, ?) on conflict do nothing',
  markStep: 'update relationships set nudge_step = ?, nudge_step_at = ?, at_risk = ? where id = ?',
};

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
  // Only what the ladder needs, for every relationship; a relationship that gets a step is then read in full.
  const rows = prepared(tx, nudgeQueries.relationships).raw().all(program.id) as [
    number,
    'active' | 'paused',
    number,
    number | null,
    string | null,
    number,
    number | null,
  ][];
  const departed = departedMembers(tx, program.id);
  const resume = prepared(tx, nudgeQueries.resume);
  const claim = prepared(tx, nudgeQueries.claim);
  const markStep = prepared(tx, nudgeQueries.markStep);
  const ownerZones = new Map<string, string>();
  const ownerZone = (owner: string) => {
    let zone = ownerZones.get(owner);
    if (zone === undefined) {
      // The owner's own working hours when we know their zone; the program's otherwise.
      zone = safeZone(getMember(tx, owner)?.tz ?? tz);
      ownerZones.set(owner, zone);
    }
    return zone;
  };
  for (const [id, status, startedAt, pausedUntil, lastSessionOn, nudgeStep, nudgeStepAt] of rows) {
    const goneUser = departed.get(id);
    if (goneUser !== undefined) {
      endRelationship(tx, relationshipById(tx, id)!, program, goneUser, 'member_left_slack', now);
      counts.ended++;
      continue;
    }
    let current = status;
    if (status === 'paused' && pausedUntil !== null && pausedUntil <= now.getTime()) {
      resume.run(id);
      current = 'active';
      counts.resumed++;
    }
    const facts = factsOf({ status: current, startedAt, pausedUntil, lastSessionOn }, program);
    const ladder = {
      step: nudgeStep,
      stepOn: nudgeStepAt === null ? null : localDate(new Date(nudgeStepAt), tz),
    };
    const step = nextNudgeStep(facts, ladder, today);
    if (step === 0) continue;
    const people = relationshipMembersOf(tx, { id });
    if (people.length === 0) continue;
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
    if (claim.run(id, cycle, step, now.getTime()).changes === 0) continue;
    markStep.run(step, now.getTime(), step === 3 ? 1 : 0, id);
    const rel = relationshipById(tx, id)!;
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
            notBefore: nextWorkingTime(now, ownerZone(owner)),
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
