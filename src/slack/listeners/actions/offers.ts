import { getProgram } from '../../../db/repositories/programs';
import type { Deps } from '../../../deps';
import { skipRound } from '../../../flows/matching';
import { offerAlternatives, pickAlternative, respondToOffer } from '../../../flows/offers';
import type { ActionCallback } from '.';

/** Accept or decline: the message is replaced to show the choice; a second click changes nothing. */
export function offerResponseCallback(deps: Deps, answer: 'accepted' | 'declined'): ActionCallback {
  return async ({ ack, body, action, respond }) => {
    await ack();
    const reply = respondToOffer(deps, body.user.id, Number(action.value), answer, deps.clock.now());
    deps.deliverer.poke();
    if (!reply.ok) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: reply.message });
      return;
    }
    await respond({ replace_original: true, text: reply.update.text, blocks: reply.update.blocks as never });
  };
}

export function offerAlternativesCallback(deps: Deps): ActionCallback {
  return async ({ ack, body, action, respond }) => {
    await ack();
    const reply = offerAlternatives(deps, body.user.id, Number(action.value), deps.clock.now());
    if (!reply.ok) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: reply.message });
      return;
    }
    await respond({
      response_type: 'ephemeral',
      replace_original: false,
      text: reply.update.text,
      blocks: reply.update.blocks as never,
    });
  };
}

export function offerPickCallback(deps: Deps): ActionCallback {
  return async ({ ack, body, action, respond }) => {
    await ack();
    const [offerId, pickedId] = String(action.value ?? '').split(':');
    const reply = pickAlternative(deps, body.user.id, Number(offerId), pickedId ?? '', deps.clock.now());
    deps.deliverer.poke();
    const message = reply.ok ? reply.update : { text: reply.message };
    await respond({
      response_type: 'ephemeral',
      replace_original: true,
      text: message.text,
      blocks: message.blocks as never,
    });
  };
}

export function matchSkipCallback(deps: Deps): ActionCallback {
  return async ({ ack, body, action, respond }) => {
    await ack();
    const program = getProgram(deps.db, Number(action.value));
    const skipped = program ? skipRound(deps.db, program, body.user.id) : false;
    await respond({
      replace_original: skipped,
      response_type: 'ephemeral',
      text: skipped
        ? "No problem: you'll skip this round, and I'll include you in the next one."
        : 'There is nothing to skip: you are not waiting for a match in this program.',
    });
  };
}
