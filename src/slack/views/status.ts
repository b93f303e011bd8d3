import { phaseLabels, type Standing } from '../../domain/slips';
import { escapeMrkdwn, joinNames } from '../../domain/text';
import { localDate, safeZone } from '../../domain/time';
import type { RelationshipSummary } from '../../flows/relationships';
import type { BlockMessage } from '../../outbox/enqueue';
import { ids } from '../ids';
import { type AnyBlock, actions, context, section } from './blocks';

const standingText: Record<Standing, string> = {
  on_track: ':white_check_mark: On track',
  due: ':calendar: A session is due',
  slipping: ':warning: Slipping: time to meet',
  paused: 'Paused',
  ended: 'Ended',
};

/** One relationship as its member sees it: partners, last and next session, phase, goals, and whether on track. */
export function relationshipBlocks(s: RelationshipSummary, withButtons: boolean): AnyBlock[] {
  const who = joinNames(s.partners.map((p) => `<@${p}>`));
  const last = s.rel.lastSessionOn ? `last met ${s.rel.lastSessionOn}` : 'no session logged yet';
  const next =
    s.standing === 'paused' && s.rel.pausedUntil
      ? `paused until ${localDate(new Date(s.rel.pausedUntil), safeZone(s.program.timeZone))}`
      : `next session expected by ${s.dueOn}`;
  const goals =
    s.goals.length === 0
      ? '_No shared goals yet: `/mentor goals` to set them._'
      : s.goals.map((g) => `${g.done ? ':white_check_mark:' : '•'} ${escapeMrkdwn(g.text)}`).join('\n');
  const blocks: AnyBlock[] = [
    section(
      `*With ${who}* · ${escapeMrkdwn(s.program.name)}\n${standingText[s.standing]} · ${last} · ${next}\n` +
        `*Phase:* ${phaseLabels[s.phase]} · ${s.sessions} session${s.sessions === 1 ? '' : 's'} so far\n*Goals*\n${goals}`,
    ),
  ];
  if (withButtons && s.rel.status !== 'ended') {
    blocks.push(
      actions([
        { text: 'We met today', actionId: ids.actions.sessionMet, value: String(s.rel.id), style: 'primary' },
      ]),
    );
  }
  return blocks;
}

export function buildStatus(summaries: RelationshipSummary[]): BlockMessage {
  if (summaries.length === 0) {
    return {
      text: "You don't have a mentoring relationship yet.",
      blocks: [
        section(
          "You don't have a mentoring relationship yet. `/mentor join` answers the survey; I'll DM you when I find a match.",
        ),
      ],
    };
  }
  return {
    text: `Your mentoring: ${summaries.length} relationship${summaries.length === 1 ? '' : 's'}`,
    blocks: [
      ...summaries.flatMap((s) => relationshipBlocks(s, true)),
      context(
        '`/mentor log` logs a session on another day · `/mentor pause` takes a break · `/mentor end` closes kindly',
      ),
    ],
  };
}
