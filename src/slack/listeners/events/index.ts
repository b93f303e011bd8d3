import type { App } from '@slack/bolt';
import type { Deps } from '../../../deps';
import { appHomeOpenedCallback } from './home';
import { directMessageCallback } from './messages';
import { userChangeCallback } from './users';

export function registerEvents(app: App, deps: Deps): void {
  app.event('app_home_opened', appHomeOpenedCallback(deps));
  app.event('message', directMessageCallback(deps));
  app.event('user_change', userChangeCallback(deps));
}
