import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { writeTx } from '../../../db/client';
import { getMember, upsertMember } from '../../../db/repositories/members';
import type { Deps } from '../../../deps';
import { memberFromSlack } from '../../../flows/launch';
import { memberLeftSlack } from '../../../flows/relationships';

/**
 * Profile changes keep names, zones and away status current (nudges wait while someone is away); a deactivated
 * account ends that person's relationships gracefully and sends their partners back to the pool.
 */
export function userChangeCallback(deps: Deps) {
  return async ({ event }: SlackEventMiddlewareArgs<'user_change'> & AllMiddlewareArgs): Promise<void> => {
    const user = event.user as unknown as Parameters<typeof memberFromSlack>[0];
    if (!user?.id || !getMember(deps.db, user.id)) return;
    const now = deps.clock.now();
    writeTx(deps.db, (tx) => {
      upsertMember(tx, memberFromSlack(user, now));
      if (user.deleted) memberLeftSlack(tx, user.id, now);
    });
    deps.deliverer.poke();
  };
}
