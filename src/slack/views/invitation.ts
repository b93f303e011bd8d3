import { kindExplanations, kindLabels } from '../../domain/program-rules';
import { escapeMrkdwn } from '../../domain/text';
import type { BlockMessage } from '../../outbox/enqueue';
import { ids } from '../ids';
import { actions, context, section } from './blocks';
import { everyLabel } from './program-setup';

export interface InvitationProgram {
  id: number;
  name: string;
  kind: keyof typeof kindLabels;
  weeks: number;
  cadenceDays: number;
  ownerId: string;
}

const surveyButtons = (programId: number) =>
  actions([
    { text: "I'm interested", actionId: ids.actions.surveyOpen, value: String(programId), style: 'primary' },
    { text: 'Not this time', actionId: ids.actions.surveyDecline, value: String(programId) },
  ]);

/** The invitation DM, and the two reminders (`reminder` 1 and 2) that reuse its buttons. */
export function buildInvitation(p: InvitationProgram, reminder: 0 | 1 | 2 = 0): BlockMessage {
  const name = escapeMrkdwn(p.name);
  const ask = `${p.weeks} weeks, about one hour-long conversation ${everyLabel(p.cadenceDays).toLowerCase()}`;
  if (reminder > 0) {
    const intro =
      reminder === 1
        ? `A gentle reminder: *${name}* is looking for people who'd like to teach and learn. The survey takes about 3 minutes.`
        : `Last reminder, I promise: *${name}* still has room, and the next matching round is coming up. If it's not for you, no problem, I won't ask again.`;
    return {
      // The fallback text is mrkdwn too (notifications): the name is escaped there as well.
      text: reminder === 1 ? `Reminder: ${name} is looking for participants` : `Last reminder: ${name}`,
      blocks: [section(intro), surveyButtons(p.id)],
    };
  }
  return {
    text: `You're invited to ${name}, a ${kindLabels[p.kind].toLowerCase()} program`,
    blocks: [
      section(`:wave: Hi! <@${p.ownerId}> is starting *${name}*, and you're invited.`),
      section(`*${kindLabels[p.kind]}.* ${kindExplanations[p.kind]}`),
      section(`*What it asks:* ${ask}. I'll suggest times, so it's easy to keep going.`),
      surveyButtons(p.id),
      context(
        'Tell me what you could share and what you want to learn: I match people who can learn from each other.',
      ),
    ],
  };
}

export function buildDeclineConfirmation(programName: string): BlockMessage {
  return {
    text: `Got it: no more messages about ${escapeMrkdwn(programName)}.`,
    blocks: [
      section(
        `Got it, you're not taking part in *${escapeMrkdwn(programName)}* this time, and I won't send reminders. If you change your mind, type \`/mentor join\`.`,
      ),
    ],
  };
}
