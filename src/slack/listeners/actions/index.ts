import type { AllMiddlewareArgs, App, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../../deps';
import { ids } from '../../ids';
import { surveyDeclineCallback, surveyOpenCallback } from './survey';

export type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;
export type ActionCallback = (args: ButtonArgs) => Promise<void>;

/** Every button of the contract, wired in one place. */
export function registerActions(app: App, deps: Deps): void {
  const table: Record<string, ActionCallback> = {
    [ids.actions.surveyOpen]: surveyOpenCallback(deps),
    [ids.actions.surveyDecline]: surveyDeclineCallback(deps),
    [ids.actions.offerAccept]: notYetCallback(deps, 'Match offers'),
    [ids.actions.offerDecline]: notYetCallback(deps, 'Match offers'),
    [ids.actions.sessionMet]: notYetCallback(deps, 'Session logging'),
    [ids.actions.checkinOpen]: notYetCallback(deps, 'Check-ins'),
  };
  for (const [actionId, callback] of Object.entries(table)) {
    app.action<BlockButtonAction>(actionId, callback);
  }
}

function notYetCallback(_deps: Deps, what: string): ActionCallback {
  return async ({ ack, respond }) => {
    await ack();
    await respond({
      response_type: 'ephemeral',
      replace_original: false,
      text: `${what} is not available in this version of mentor-bot yet.`,
    });
  };
}
