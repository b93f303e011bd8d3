import type { Deps } from '../../../deps';
import { type ChangeResult, endAsOwner, pauseAsOwner, reachOutAsOwner } from '../../../flows/relationships';
import { OWNER_PAUSE_WEEKS } from '../../views/digest';
import { isOwner } from '..';
import type { ActionCallback } from '.';

const ownersOnly =
  'Only program owners can use these buttons. If a pair here matters to you, a friendly word to them goes a long way.';

/**
 * The digest's buttons beside a pair at risk. The digest sits in a channel anyone there can click in, so each click
 * is checked against the owners, and answered to the clicker alone; the digest itself stays as it was.
 */
function ownerAction(
  deps: Deps,
  act: (ownerId: string, relationshipId: number, now: Date) => ChangeResult,
): ActionCallback {
  return async ({ ack, body, action, respond }) => {
    await ack();
    const userId = body.user.id;
    if (!isOwner(deps, userId)) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: ownersOnly });
      return;
    }
    const result = act(userId, Number(action.value), deps.clock.now());
    if (result.ok) deps.deliverer.poke();
    await respond({ response_type: 'ephemeral', replace_original: false, text: result.message });
  };
}

export function ownerDmPairCallback(deps: Deps): ActionCallback {
  return ownerAction(deps, (owner, relId, now) => reachOutAsOwner(deps, owner, relId, now));
}

export function ownerPausePairCallback(deps: Deps): ActionCallback {
  return ownerAction(deps, (owner, relId, now) => pauseAsOwner(deps, owner, relId, OWNER_PAUSE_WEEKS, now));
}

export function ownerEndPairCallback(deps: Deps): ActionCallback {
  return ownerAction(deps, (owner, relId, now) => endAsOwner(deps, owner, relId, now));
}
