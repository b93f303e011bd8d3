import type { Deps } from '../../../deps';
import { checkinFor, optInToStory } from '../../../flows/checkins';
import { buildCheckinModal } from '../../views/checkin';
import type { ActionCallback } from '.';

export function checkinOpenCallback(deps: Deps): ActionCallback {
  return async ({ ack, body, action, client, respond }) => {
    await ack();
    const access = checkinFor(deps.db, Number(action.value), body.user.id);
    if (!access.ok) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: access.message });
      return;
    }
    await client.views.open({
      trigger_id: body.trigger_id,
      view: buildCheckinModal({
        checkinId: access.checkin.id,
        isFinal: access.checkin.isFinal,
        goals: access.goals,
      }) as never,
    });
  };
}

export function storyOptInCallback(deps: Deps): ActionCallback {
  return async ({ ack, body, action, respond }) => {
    await ack();
    const ok = optInToStory(deps, body.user.id, Number(action.value), deps.clock.now());
    await respond({
      replace_original: ok,
      response_type: 'ephemeral',
      text: ok
        ? "Thank you! I've let the program owners know you'd be glad to share your story; they'll be in touch."
        : "That relationship isn't one of yours.",
    });
  };
}
