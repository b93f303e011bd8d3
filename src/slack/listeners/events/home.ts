import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../../deps';
import { loadHome } from '../../../flows/home';
import { buildHome } from '../../views/home';
import { isOwner } from '..';

export function appHomeOpenedCallback(deps: Deps) {
  return async ({ event, client }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs) => {
    if (event.tab && event.tab !== 'home') return;
    await publishHome(deps, client, event.user);
  };
}

export async function publishHome(
  deps: Deps,
  client: AllMiddlewareArgs['client'],
  userId: string,
): Promise<void> {
  const data = loadHome(deps, userId, isOwner(deps, userId));
  await client.views.publish({ user_id: userId, view: buildHome(data) as never });
}
