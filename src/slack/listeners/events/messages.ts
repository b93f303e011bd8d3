import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { writeTx } from '../../../db/client';
import type { Deps } from '../../../deps';
import { classifyDmReply } from '../../../domain/program-rules';
import { escapeMrkdwn } from '../../../domain/text';
import { declineInvitation, findProgramToJoin } from '../../../flows/survey';
import { enqueueDm } from '../../../outbox/enqueue';
import { ids } from '../../ids';
import { actions, section } from '../../views/blocks';
import { buildHelp } from '../../views/help';
import { isOwner } from '..';

type MessageArgs = SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs;

/**
 * Someone typed into the bot's DM instead of clicking: "stop" declines, "yes" gets the survey button, anything
 * else a short help. The bot's own messages and edits are not replies.
 */
export function directMessageCallback(deps: Deps) {
  return async ({ event }: MessageArgs): Promise<void> => {
    const m = event as {
      channel_type?: string;
      subtype?: string;
      bot_id?: string;
      user?: string;
      text?: string;
      ts: string;
    };
    if (m.channel_type !== 'im' || m.subtype !== undefined || m.bot_id || !m.user) return;
    const userId = m.user;
    const now = deps.clock.now();
    const intent = classifyDmReply(m.text ?? '');
    // A help request needs no program (and looking one up would add the person to a workspace program).
    const program = intent === 'help' ? null : await findProgramToJoin(deps, userId, now);
    let reply: { text: string; blocks?: unknown[] };
    if (intent === 'decline' && program) {
      const result = declineInvitation(deps, userId, program.id, now);
      reply = result.ok ? result.message : { text: result.message, blocks: [section(result.message)] };
    } else if (intent === 'join' && program) {
      const text = `Wonderful! Tap below to answer the short survey for *${escapeMrkdwn(program.name)}*.`;
      reply = {
        text: `Answer the survey for ${escapeMrkdwn(program.name)}`,
        blocks: [
          section(text),
          actions([
            {
              text: 'Open the survey',
              actionId: ids.actions.surveyOpen,
              value: String(program.id),
              style: 'primary',
            },
          ]),
        ],
      };
    } else if (intent !== 'help' && !program) {
      const text =
        "There's no open mentoring program for you right now. I'll DM you when one launches for your team.";
      reply = { text, blocks: [section(text)] };
    } else {
      reply = buildHelp({ isOwner: isOwner(deps, userId) });
    }
    writeTx(deps.db, (tx) =>
      enqueueDm(tx, { key: `dm-reply:${userId}:${m.ts}`, userId, message: reply }, now),
    );
    deps.deliverer.poke();
  };
}
