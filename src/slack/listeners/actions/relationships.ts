import { writeTx } from '../../../db/client';
import { audit } from '../../../db/repositories/events';
import type { Deps } from '../../../deps';
import { alreadyEnded, endByMember, notYours, pauseRelationship } from '../../../flows/relationships';
import { membersOf, relationshipFor } from '../../../flows/sessions';
import { buildEndConfirm } from '../../views/nudge';
import type { ActionCallback, ButtonArgs } from '.';

/** The clicker's relationship named on the button, or null after telling them why it can't be acted on. */
async function openRelationshipOf(
  deps: Deps,
  userId: string,
  value: string | undefined,
  respond: ButtonArgs['respond'],
) {
  const rel = relationshipFor(deps.db, Number(value), userId);
  if (rel && rel.status !== 'ended') return rel;
  await respond({ response_type: 'ephemeral', replace_original: false, text: rel ? alreadyEnded : notYours });
  return null;
}

/** "We'll meet this week": noted, and the buttons make way for a thank-you. */
export function nudgeCommitCallback(deps: Deps): ActionCallback {
  return async ({ ack, body, action, respond }) => {
    await ack();
    const rel = await openRelationshipOf(deps, body.user.id, action.value, respond);
    if (!rel) return;
    writeTx(deps.db, (tx) =>
      audit(
        tx,
        {
          actor: body.user.id,
          action: 'nudge.commit',
          programId: rel.programId,
          detail: { relationshipId: rel.id },
        },
        deps.clock.now(),
      ),
    );
    await respond({
      replace_original: true,
      text: "Wonderful: enjoy your session this week. Press “We met” afterwards (or `/mentor log`) and I'll stop nudging.",
    });
  };
}

export function nudgePauseCallback(deps: Deps): ActionCallback {
  return async ({ ack, body, action, respond }) => {
    await ack();
    const result = pauseRelationship(deps, body.user.id, 2, deps.clock.now(), Number(action.value));
    deps.deliverer.poke();
    // A refused click leaves the nudge (and its buttons) in place.
    await respond({ replace_original: result.ok, response_type: 'ephemeral', text: result.message });
  };
}

/** "I'd like to leave": the same confirmation as `/mentor end`. */
export function nudgeLeaveCallback(deps: Deps): ActionCallback {
  return async ({ ack, body, action, respond }) => {
    await ack();
    const rel = await openRelationshipOf(deps, body.user.id, action.value, respond);
    if (!rel) return;
    const confirm = buildEndConfirm(
      rel.id,
      membersOf(deps.db, rel.id).filter((m) => m !== body.user.id),
    );
    await respond({
      response_type: 'ephemeral',
      replace_original: false,
      text: confirm.text,
      blocks: confirm.blocks as never,
    });
  };
}

export function relationshipEndCallback(deps: Deps): ActionCallback {
  return async ({ ack, body, action, respond }) => {
    await ack();
    const result = endByMember(deps, body.user.id, deps.clock.now(), Number(action.value));
    deps.deliverer.poke();
    // Only a real ending replaces the question; a refusal answers beside the message clicked.
    await respond({ replace_original: result.ok, response_type: 'ephemeral', text: result.message });
  };
}

export function relationshipKeepCallback(): ActionCallback {
  return async ({ ack, respond }) => {
    await ack();
    await respond({
      replace_original: true,
      response_type: 'ephemeral',
      text: 'Glad to hear it: keep going!',
    });
  };
}
