import type { AnyMiddlewareArgs, App, Middleware } from '@slack/bolt';
import { markEventProcessed } from '../../db/repositories/events';
import type { Deps } from '../../deps';
import { registerActions } from './actions';
import { registerCommands } from './commands';
import { registerEvents } from './events';
import { registerViews } from './views';

export function registerListeners(app: App, deps: Deps): void {
  registerCommands(app, deps);
  registerActions(app, deps);
  registerViews(app, deps);
  registerEvents(app, deps);
}

export function isOwner(deps: Pick<Deps, 'config'>, userId: string): boolean {
  return deps.config.programOwners.includes(userId);
}

/**
 * Slack redelivers an event it thinks we missed (X-Slack-Retry-Num); the event_id says we have seen it. Runs in the
 * event listeners only, so commands and clicks don't pay for it.
 */
export function oncePerEvent(deps: Pick<Deps, 'db' | 'log'>): Middleware<AnyMiddlewareArgs> {
  return async ({ body, next }) => {
    const b = body as { type?: string; event_id?: string };
    if (b.type === 'event_callback' && b.event_id) {
      if (!markEventProcessed(deps.db, b.event_id, Date.now())) {
        deps.log.debug('ignoring a repeated event delivery', { eventId: b.event_id });
        return;
      }
    }
    await next();
  };
}
