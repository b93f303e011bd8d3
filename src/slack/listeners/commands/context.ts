import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../../deps';
import type { BlockMessage } from '../../../outbox/enqueue';

export type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

export interface CommandContext {
  deps: Deps;
  userId: string;
  triggerId: string;
  args: Args;
}

/** An ephemeral answer: only the person who typed the command sees it. */
export function ephemeral(message: BlockMessage) {
  return { response_type: 'ephemeral' as const, text: message.text, blocks: message.blocks as never };
}
