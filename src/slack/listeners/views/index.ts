import type { AllMiddlewareArgs, App, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { Deps } from '../../../deps';
import { goalsModal, ids } from '../../ids';
import { checkinCallback } from './checkin';
import { goalsCallback } from './goals';
import { programSetupCallback } from './program-setup';
import { sessionLogCallback } from './session-log';
import { surveyCallback } from './survey';

export type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * Every modal of the contract behind one listener that dispatches on the callback id: Bolt runs each registered
 * listener's middleware for every request, so one listener per kind keeps a slash command's acknowledgement fast.
 */
export function registerViews(app: App, deps: Deps): void {
  const table = new Map<string, (args: ViewArgs) => Promise<void>>([
    [ids.programSetup.callbackId, programSetupCallback(deps)],
    [ids.survey.callbackId, surveyCallback(deps)],
    [ids.sessionLog.callbackId, sessionLogCallback(deps)],
    [ids.checkin.callbackId, checkinCallback(deps)],
    [goalsModal.callbackId, goalsCallback(deps)],
  ]);
  app.view<ViewSubmitAction>({ type: 'view_submission' }, async (args) => {
    const handler = table.get(args.view.callback_id);
    // A modal this version doesn't know (one opened before an upgrade): close it rather than leave it spinning.
    if (!handler) {
      await args.ack();
      return;
    }
    await handler(args);
  });
}
