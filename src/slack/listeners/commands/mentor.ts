import type { Deps } from '../../../deps';
import { buildHelp } from '../../views/help';
import { isOwner } from '..';
import { adminDigest, adminExport, adminMatch } from './admin';
import { type Args, type CommandContext, ephemeral } from './context';
import { parseMentorCommand } from './parse';
import { joinCommand, openProgramSetup } from './program';
import { endCommand, pauseCommand, resumeCommand, statusCommand } from './relationships';
import { goalsCommand, logCommand } from './sessions';

export function mentorCommandCallback(deps: Deps) {
  return async (args: Args): Promise<void> => {
    const { command, ack } = args;
    const userId = command.user_id;
    const owner = isOwner(deps, userId);
    const parsed = parseMentorCommand(command.text);
    const ctx: CommandContext = { deps, userId, triggerId: command.trigger_id, args };
    switch (parsed.name) {
      case 'help':
        await ack(ephemeral(buildHelp({ isOwner: owner, unknown: parsed.unknown })));
        return;
      case 'admin':
        if (!owner) {
          await ack(
            ephemeral({
              text: 'Only program owners can use `/mentor admin`. If you would like to run a program, ask one of them to add you.',
            }),
          );
          return;
        }
        if (parsed.sub === 'invalid') {
          await ack(
            ephemeral({
              text: 'I know `/mentor admin`, `/mentor admin match`, `/mentor admin digest` and `/mentor admin export`.',
            }),
          );
          return;
        }
        await adminHandlers[parsed.sub](ctx);
        return;
      case 'pause':
        if (parsed.weeks === 'invalid') {
          await ack(
            ephemeral({
              text: 'Pause for how long? Give a number of weeks from 1 to 8, e.g. `/mentor pause 3`.',
            }),
          );
          return;
        }
        await memberHandlers.pause(ctx, parsed.weeks);
        return;
      default:
        await memberHandlers[parsed.name](ctx);
    }
  };
}

export const memberHandlers: {
  join(ctx: CommandContext): Promise<void>;
  status(ctx: CommandContext): Promise<void>;
  log(ctx: CommandContext): Promise<void>;
  goals(ctx: CommandContext): Promise<void>;
  pause(ctx: CommandContext, weeks: number): Promise<void>;
  resume(ctx: CommandContext): Promise<void>;
  end(ctx: CommandContext): Promise<void>;
} = {
  join: (ctx) => joinCommand(ctx),
  status: (ctx) => statusCommand(ctx),
  log: (ctx) => logCommand(ctx),
  goals: (ctx) => goalsCommand(ctx),
  pause: (ctx, weeks) => pauseCommand(ctx, weeks),
  resume: (ctx) => resumeCommand(ctx),
  end: (ctx) => endCommand(ctx),
};

export const adminHandlers: Record<
  'setup' | 'match' | 'digest' | 'export',
  (ctx: CommandContext) => Promise<void>
> = {
  setup: (ctx) => openProgramSetup(ctx),
  match: (ctx) => adminMatch(ctx),
  digest: (ctx) => adminDigest(ctx),
  export: (ctx) => adminExport(ctx),
};
