import { conversationStarter, type Phase } from '../../domain/slips';
import { escapeMrkdwn, joinNames } from '../../domain/text';
import { formatLocal } from '../../domain/time';
import type { BlockMessage } from '../../outbox/enqueue';
import { extraActions, ids } from '../ids';
import { actions, context, section } from './blocks';

export interface NudgeView {
  relationshipId: number;
  programName: string;
  members: { userId: string; tz: string }[];
  daysSince: number;
  phase: Phase;
  slots: Date[];
  seed: number;
  goalsSet: boolean;
  /** No session logged yet: days are counted from the match. */
  neverMet: boolean;
}

const since = (v: NudgeView) => `${v.daysSince} days since you ${v.neverMet ? 'were matched' : 'last met'}`;

/**
 * Each suggested time in every member's own zone: "Tue 12 Jan, 10:00 for @Ana · 18:00 for @Ben". A member whose
 * local day differs (across the date line, Tokyo's morning is Los Angeles' afternoon before) sees their own day.
 */
export function slotLines(slots: Date[], people: { userId: string; tz: string }[]): string {
  const dayOf = (local: string) => local.replace(/, \d\d:\d\d$/, '');
  return slots
    .map((slot) => {
      const firstDay = dayOf(formatLocal(slot, people[0]?.tz ?? 'UTC'));
      const parts = people.map((p, i) => {
        const local = formatLocal(slot, p.tz);
        const shown = i === 0 || dayOf(local) !== firstDay ? local : local.replace(/^\w+ \d+ \w+, /, '');
        return `${shown} for <@${p.userId}>`;
      });
      return `• ${parts.join(' · ')}`;
    })
    .join('\n');
}

const goalsNudge =
  "You haven't set shared goals yet: `/mentor goals` takes two minutes and makes every session count.";

/** Step 1, in the pair's group DM. */
export function buildPairNudge(v: NudgeView): BlockMessage {
  const who = joinNames(v.members.map((m) => `<@${m.userId}>`));
  const blocks = [
    section(
      `:wave: Hi ${who}! It's been ${since(v)}. Life gets busy; a short session keeps the momentum going.`,
    ),
    section(`*Times that suit you both*\n${slotLines(v.slots, v.members)}`),
    section(`*A conversation starter:* ${conversationStarter(v.phase, v.seed)}`),
    ...(v.goalsSet ? [] : [section(goalsNudge)]),
    actions([
      { text: 'We met', actionId: ids.actions.sessionMet, value: String(v.relationshipId), style: 'primary' },
    ]),
  ];
  return { text: `Time for your next mentoring session? It's been ${since(v)}.`, blocks };
}

/** Step 2, a direct DM to each partner; the senior one hears why it matters to the other. */
export function buildDirectNudge(v: NudgeView, recipient: string, senior: boolean): BlockMessage {
  const others = joinNames(v.members.filter((m) => m.userId !== recipient).map((m) => `<@${m.userId}>`));
  const why = senior
    ? `These conversations often matter more to ${others} than they would say: a senior colleague making time is a strong signal.`
    : 'Pairs who keep meeting get the most out of the program, and a quick message is often all it takes to restart.';
  const value = String(v.relationshipId);
  return {
    text: `Your sessions with ${others} have slipped: can I help?`,
    blocks: [
      section(
        `Your sessions with ${others} in *${escapeMrkdwn(v.programName)}* have slipped: ${since(v)}. ${why}`,
      ),
      section(`*Times that suit you both*\n${slotLines(v.slots, v.members)}`),
      section(`*A conversation starter:* ${conversationStarter(v.phase, v.seed + 1)}`),
      actions([
        { text: "We'll meet this week", actionId: extraActions.nudgeCommit, value, style: 'primary' },
        { text: 'Pause us for 2 weeks', actionId: extraActions.nudgePause, value },
        { text: "I'd like to leave", actionId: extraActions.nudgeLeave, value },
        { text: 'We met', actionId: ids.actions.sessionMet, value },
      ]),
    ],
  };
}

/** Step 3, to the program owners. */
export function buildOwnerAlert(v: NudgeView): BlockMessage {
  const who = joinNames(v.members.map((m) => `<@${m.userId}>`));
  return {
    text: `A pair in ${escapeMrkdwn(v.programName)} may need help`,
    blocks: [
      section(
        `:warning: ${who} in *${escapeMrkdwn(v.programName)}* haven't met in ${v.daysSince} days${v.neverMet ? ' (not once since they were matched)' : ''}. I've reminded them together and each of them directly. A friendly word from you may help; they're flagged at risk in the weekly digest.`,
      ),
      context('Only the pair and the program owners see this.'),
    ],
  };
}

export function buildEndConfirm(relationshipId: number, partners: string[]): BlockMessage {
  const who = joinNames(partners.map((p) => `<@${p}>`));
  return {
    text: 'End this mentoring relationship?',
    blocks: [
      section(
        `End your mentoring relationship with ${who}? I'll let them know kindly, and you can both be matched again.`,
      ),
      actions([
        {
          text: 'Yes, end it',
          actionId: extraActions.relationshipEnd,
          value: String(relationshipId),
          style: 'danger',
        },
        { text: 'Keep going', actionId: extraActions.relationshipKeep, value: String(relationshipId) },
      ]),
    ],
  };
}
