import type { App } from '@slack/bolt';
import type { Deps } from '../../../deps';
import { appHomeOpenedCallback } from './home';
import { directMessageCallback } from './messages';

export function registerEvents(app: App, deps: Deps): void {
  app.event('app_home_opened', appHomeOpenedCallback(deps));
  app.event('message', directMessageCallback(deps));
}
