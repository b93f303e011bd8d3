import type { AllMiddlewareArgs, App, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../../deps';
import { extraActions, ids } from '../../ids';
import { adminExportCallback, adminJobCallback } from './admin';
import { checkinOpenCallback, storyOptInCallback } from './checkins';
import {
  matchSkipCallback,
  offerAlternativesCallback,
  offerPickCallback,
  offerResponseCallback,
} from './offers';
import { ownerDmPairCallback, ownerEndPairCallback, ownerPausePairCallback } from './owner';
import {
  nudgeCommitCallback,
  nudgeLeaveCallback,
  nudgePauseCallback,
  relationshipEndCallback,
  relationshipKeepCallback,
} from './relationships';
import { sessionMetCallback } from './sessions';
import { surveyDeclineCallback, surveyOpenCallback } from './survey';

export type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;
export type ActionCallback = (args: ButtonArgs) => Promise<void>;

/** Every button of the contract, wired in one place. */
export function registerActions(app: App, deps: Deps): void {
  const table: Record<string, ActionCallback> = {
    [ids.actions.surveyOpen]: surveyOpenCallback(deps),
    [ids.actions.surveyDecline]: surveyDeclineCallback(deps),
    [ids.actions.offerAccept]: offerResponseCallback(deps, 'accepted'),
    [ids.actions.offerDecline]: offerResponseCallback(deps, 'declined'),
    [extraActions.offerAlternatives]: offerAlternativesCallback(deps),
    [extraActions.matchSkip]: matchSkipCallback(deps),
    [extraActions.nudgeCommit]: nudgeCommitCallback(deps),
    [extraActions.nudgePause]: nudgePauseCallback(deps),
    [extraActions.nudgeLeave]: nudgeLeaveCallback(deps),
    [extraActions.relationshipEnd]: relationshipEndCallback(deps),
    [extraActions.relationshipKeep]: relationshipKeepCallback(),
    [extraActions.adminMatch]: adminJobCallback(deps, 'match'),
    [extraActions.adminDigest]: adminJobCallback(deps, 'digest'),
    [extraActions.adminExport]: adminExportCallback(deps),
    [extraActions.ownerDmPair]: ownerDmPairCallback(deps),
    [extraActions.ownerPausePair]: ownerPausePairCallback(deps),
    [extraActions.ownerEndPair]: ownerEndPairCallback(deps),
    [ids.actions.sessionMet]: sessionMetCallback(deps),
    [ids.actions.checkinOpen]: checkinOpenCallback(deps),
    [extraActions.storyOptIn]: storyOptInCallback(deps),
  };
  const handlers = new Map(Object.entries(table).map(([id, callback]) => [id, withReply(callback)]));
  const pick = withReply(offerPickCallback(deps));
  const pickId = new RegExp(`^${extraActions.offerPick}(:|$)`);
  // One listener that dispatches on the action id: Bolt runs each registered listener's middleware for every
  // request, so one listener per kind keeps a slash command's acknowledgement fast.
  app.action<BlockButtonAction>({ type: 'block_actions' }, async (args) => {
    const id = args.action.action_id;
    const handler = handlers.get(id) ?? (pickId.test(id) ? pick : undefined);
    // A button this version doesn't know (on a message sent before an upgrade): acknowledged, nothing else.
    if (!handler) {
      await args.ack();
      return;
    }
    await handler(args);
  });
}

/**
 * Buttons on the home tab (and in some ephemeral messages) come without a response_url: answer those by DM, so
 * every click still gets its confirmation.
 */
function withReply(callback: ActionCallback): ActionCallback {
  return async (args) => {
    if (args.body.response_url) return callback(args);
    const respond = async (message: string | { text?: string; blocks?: unknown[] }) => {
      const m = typeof message === 'string' ? { text: message } : message;
      await args.client.chat.postMessage({
        channel: args.body.user.id,
        text: m.text ?? '',
        blocks: m.blocks as never,
      });
    };
    return callback({ ...args, respond: respond as unknown as ButtonArgs['respond'] });
  };
}
