import { writeTx } from '../../../db/client';
import type { Deps } from '../../../deps';
import { logSession, todayFor } from '../../../flows/sessions';
import { enqueue } from '../../../outbox/enqueue';
import type { ActionCallback } from '.';

/** "We met": logs a session for today and confirms in the thread of the message clicked. */
export function sessionMetCallback(deps: Deps): ActionCallback {
  return async ({ ack, body, action, respond }) => {
    await ack();
    const userId = body.user.id;
    const now = deps.clock.now();
    const today = todayFor(deps, userId, now);
    const result = logSession(deps, userId, Number(action.value), today, null, now);
    if (!result.ok) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: result.message });
      return;
    }
    if (result.duplicate) {
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: 'Already logged: a session today counts once, whoever presses the button.',
      });
      return;
    }
    const channel = body.container?.channel_id ?? body.channel?.id;
    const ts = body.container?.message_ts ?? body.message?.ts;
    if (!channel || !ts) {
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: `:white_check_mark: Logged a session today (${today}). Lovely, keep it going!`,
      });
      return;
    }
    writeTx(deps.db, (tx) =>
      enqueue(
        tx,
        {
          key: `session-met:${action.value}:${today}`,
          method: 'chat.postMessage',
          payload: {
            channel,
            thread_ts: ts,
            text: `:white_check_mark: <@${userId}> logged a session today (${today}). Lovely, keep it going!`,
          },
        },
        now,
      ),
    );
    deps.deliverer.poke();
  };
}
