import type { App } from '@slack/bolt';
import type { Deps } from '../../../deps';
import { oncePerEvent } from '..';
import { appHomeOpenedCallback } from './home';
import { directMessageCallback } from './messages';
import { userChangeCallback } from './users';

export function registerEvents(app: App, deps: Deps): void {
  const once = oncePerEvent(deps);
  app.event('app_home_opened', once, appHomeOpenedCallback(deps));
  app.event('message', once, directMessageCallback(deps));
  app.event('user_change', once, userChangeCallback(deps));
}
