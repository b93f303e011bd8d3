import { ids } from '../ids';
import { plainText } from './blocks';

const b = ids.sessionLog.blocks;

/** `/mentor log`: the date (today by default, in the person's zone) and an optional note for themselves. */
export function buildSessionLogModal(opts: { relationshipId: number; today: string; partnerNames: string }) {
  return {
    type: 'modal' as const,
    callback_id: ids.sessionLog.callbackId,
    private_metadata: String(opts.relationshipId),
    title: plainText('Log a session'),
    submit: plainText('Log it'),
    close: plainText('Cancel'),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `Your session with ${opts.partnerNames}.` } },
      {
        type: 'input',
        block_id: b.date,
        label: plainText('When did you meet?'),
        element: { type: 'datepicker', action_id: b.date, initial_date: opts.today },
      },
      {
        type: 'input',
        block_id: b.note,
        optional: true,
        label: plainText('A note for the pair (optional)'),
        element: { type: 'plain_text_input', action_id: b.note, multiline: true, max_length: 500 },
      },
    ],
  };
}
