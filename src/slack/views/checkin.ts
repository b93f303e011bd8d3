import { escapeMrkdwn, joinNames } from '../../domain/text';
import type { BlockMessage } from '../../outbox/enqueue';
import { extraActions, goalsModal, ids } from '../ids';
import { actions, context, option, plainText, section } from './blocks';

const c = ids.checkin.blocks;

export interface CheckinRequest {
  checkinId: number;
  programName: string;
  partners: string[];
  isFinal: boolean;
  reminder: boolean;
}

export function buildCheckinRequest(r: CheckinRequest): BlockMessage {
  const who = joinNames(r.partners.map((p) => `<@${p}>`));
  const intro = r.isFinal
    ? `:sparkles: *${escapeMrkdwn(r.programName)}* is ending. Thank you for the time you and ${who} gave it! One last reflection: what did you learn, and what will you keep doing?`
    : r.reminder
      ? `A gentle reminder: your check-in for *${escapeMrkdwn(r.programName)}* is still open. Two minutes, and it helps you see how far you have come.`
      : `Time for a short check-in on your mentoring with ${who} in *${escapeMrkdwn(r.programName)}*: how is it going against your goals?`;
  return {
    text: r.isFinal ? `A last reflection on ${r.programName}` : `Check-in time: how is your mentoring going?`,
    blocks: [
      section(intro),
      actions([
        {
          text: r.isFinal ? 'Reflect' : 'Check in',
          actionId: ids.actions.checkinOpen,
          value: String(r.checkinId),
          style: 'primary',
        },
      ]),
      context(
        'Your private note is only ever shown to you. A highlight is shared (without your name) only if you tick the box.',
      ),
    ],
  };
}

/** The contract's check-in modal; the final reflection is the same modal with other words. */
export function buildCheckinModal(opts: {
  checkinId: number;
  isFinal: boolean;
  goals: { text: string; done: boolean }[];
}) {
  const goalList =
    opts.goals.length === 0
      ? '_You have not set shared goals yet: `/mentor goals` after this helps next time._'
      : opts.goals.map((g) => `${g.done ? ':white_check_mark:' : '•'} ${escapeMrkdwn(g.text)}`).join('\n');
  return {
    type: 'modal' as const,
    callback_id: ids.checkin.callbackId,
    private_metadata: String(opts.checkinId),
    title: plainText(opts.isFinal ? 'Final reflection' : 'Check-in'),
    submit: plainText('Send'),
    close: plainText('Cancel'),
    blocks: [
      section(`*Your goals*\n${goalList}`),
      {
        type: 'input',
        block_id: c.progress,
        label: plainText(
          opts.isFinal ? 'Overall, how much did you get from it?' : 'Progress against your goals',
        ),
        element: {
          type: 'static_select',
          action_id: c.progress,
          options: [
            option('1', '1 · Not started'),
            option('2', '2 · A little'),
            option('3', '3 · Some progress'),
            option('4', '4 · Good progress'),
            option('5', '5 · Excellent'),
          ],
        },
      },
      {
        type: 'input',
        block_id: c.highlight,
        optional: true,
        label: plainText(
          opts.isFinal ? 'What did you learn, and what will you keep doing?' : 'A highlight since last time',
        ),
        element: { type: 'plain_text_input', action_id: c.highlight, multiline: true, max_length: 500 },
      },
      {
        type: 'input',
        block_id: c.share,
        optional: true,
        label: plainText('Sharing'),
        element: {
          type: 'checkboxes',
          action_id: c.share,
          options: [
            {
              text: plainText('The owners may show my highlight in the weekly digest, without my name'),
              value: ids.checkin.shareOption,
            },
          ],
        },
      },
      {
        type: 'input',
        block_id: c.privateNote,
        optional: true,
        label: plainText('A private note, for you only'),
        hint: plainText('Never shown to anyone else: not your partner, not the owners.'),
        element: { type: 'plain_text_input', action_id: c.privateNote, multiline: true, max_length: 2000 },
      },
    ],
  };
}

export function buildCheckinThanks(opts: {
  isFinal: boolean;
  invitedToShare: boolean;
  relationshipId: number;
  programName: string;
}): BlockMessage {
  if (!opts.isFinal) {
    return {
      text: 'Thanks for checking in',
      blocks: [section('Thanks for checking in. Small steps add up: see you at your next session!')],
    };
  }
  const blocks = [
    section(
      `Thank you for your reflection, and for being part of *${escapeMrkdwn(opts.programName)}*. If you both enjoyed it, why not keep meeting informally, say once a month?`,
    ),
  ];
  if (opts.invitedToShare) {
    blocks.push(
      section(
        'It sounds like this went really well. Would you tell your story to colleagues? Stories like yours are how the next round finds its people.',
      ),
      actions([
        {
          text: "Yes, I'd be glad to",
          actionId: extraActions.storyOptIn,
          value: String(opts.relationshipId),
          style: 'primary',
        },
      ]),
    );
  }
  return { text: 'Thank you for your reflection', blocks };
}

/** `/mentor goals`: up to five shared goals, editable by either partner, and which are done. */
export function buildGoalsModal(opts: {
  relationshipId: number;
  partners: string[];
  goals: { text: string; done: boolean }[];
}) {
  const inputs = Array.from({ length: goalsModal.max }, (_, i) => {
    const existing = opts.goals[i];
    return {
      type: 'input',
      block_id: goalsModal.goalBlock(i + 1),
      optional: i > 0,
      label: plainText(`Goal ${i + 1}`),
      element: {
        type: 'plain_text_input',
        action_id: goalsModal.goalBlock(i + 1),
        max_length: goalsModal.maxLength,
        ...(existing ? { initial_value: existing.text } : {}),
        ...(i === 0 && !existing
          ? { placeholder: plainText('e.g. Use AI tools to draft my monthly report') }
          : {}),
      },
    };
  });
  const doneOptions = opts.goals.map((_g, i) => ({
    text: plainText(`Goal ${i + 1} is done`),
    value: String(i + 1),
  }));
  const done = opts.goals.flatMap((g, i) => (g.done ? [doneOptions[i]!] : []));
  return {
    type: 'modal' as const,
    callback_id: goalsModal.callbackId,
    private_metadata: String(opts.relationshipId),
    title: plainText('Shared goals'),
    submit: plainText('Save'),
    close: plainText('Cancel'),
    blocks: [
      section(
        `Goals you and ${joinNames(opts.partners.map((p) => `<@${p}>`))} agreed. You both see and can edit the same list.`,
      ),
      ...inputs,
      ...(doneOptions.length > 0
        ? [
            {
              type: 'input',
              block_id: goalsModal.doneBlock,
              optional: true,
              label: plainText('Done'),
              element: {
                type: 'checkboxes',
                action_id: goalsModal.doneBlock,
                options: doneOptions,
                ...(done.length > 0 ? { initial_options: done } : {}),
              },
            },
          ]
        : []),
    ],
  };
}
