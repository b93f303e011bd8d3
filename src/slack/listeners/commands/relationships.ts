import {
  endByMember,
  pauseRelationship,
  resumeRelationship,
  summariesFor,
} from '../../../flows/relationships';
import { membersOf, openRelationshipsOf } from '../../../flows/sessions';
import { buildEndConfirm } from '../../views/nudge';
import { buildStatus } from '../../views/status';
import { type CommandContext, ephemeral } from './context';

export async function statusCommand(ctx: CommandContext): Promise<void> {
  await ctx.args.ack(ephemeral(buildStatus(summariesFor(ctx.deps.db, ctx.userId, ctx.deps.clock.now()))));
}

export async function pauseCommand(ctx: CommandContext, weeks: number): Promise<void> {
  const result = pauseRelationship(ctx.deps, ctx.userId, weeks, ctx.deps.clock.now());
  await ctx.args.ack(ephemeral({ text: result.message }));
  ctx.deps.deliverer.poke();
}

export async function resumeCommand(ctx: CommandContext): Promise<void> {
  const result = resumeRelationship(ctx.deps, ctx.userId, ctx.deps.clock.now());
  await ctx.args.ack(ephemeral({ text: result.message }));
  ctx.deps.deliverer.poke();
}

/** `/mentor end` asks first; the button does the ending. */
export async function endCommand(ctx: CommandContext): Promise<void> {
  const rel = openRelationshipsOf(ctx.deps.db, ctx.userId)[0];
  if (!rel) {
    const result = endByMember(ctx.deps, ctx.userId, ctx.deps.clock.now());
    await ctx.args.ack(ephemeral({ text: result.message }));
    return;
  }
  const partners = membersOf(ctx.deps.db, rel.r.id).filter((m) => m !== ctx.userId);
  await ctx.args.ack(ephemeral(buildEndConfirm(rel.r.id, partners)));
}
