import { joinNames } from '../../../domain/text';
import { goalsOf } from '../../../flows/goals';
import { membersOf, openRelationshipsOf, todayFor } from '../../../flows/sessions';
import { buildGoalsModal } from '../../views/checkin';
import { buildSessionLogModal } from '../../views/session-log';
import { type CommandContext, ephemeral } from './context';

/** `/mentor log`: the session modal for the person's newest open relationship. */
export async function logCommand(ctx: CommandContext): Promise<void> {
  const { deps, userId, args } = ctx;
  const rel = openRelationshipsOf(deps.db, userId)[0];
  if (!rel) {
    await args.ack(
      ephemeral({
        text: "You don't have a mentoring relationship yet, so there's no session to log. `/mentor join` gets you started.",
      }),
    );
    return;
  }
  await args.ack();
  const partners = membersOf(deps.db, rel.r.id).filter((m) => m !== userId);
  await args.client.views.open({
    trigger_id: ctx.triggerId,
    view: buildSessionLogModal({
      relationshipId: rel.r.id,
      today: todayFor(deps, userId, deps.clock.now()),
      partnerNames: joinNames(partners.map((p) => `<@${p}>`)),
    }) as never,
  });
}

/** `/mentor goals`: the shared goals of the person's newest open relationship. */
export async function goalsCommand(ctx: CommandContext): Promise<void> {
  const { deps, userId, args } = ctx;
  const rel = openRelationshipsOf(deps.db, userId)[0];
  if (!rel) {
    await args.ack(
      ephemeral({
        text: "You don't have a mentoring relationship yet, so there are no shared goals to set.",
      }),
    );
    return;
  }
  await args.ack();
  await args.client.views.open({
    trigger_id: ctx.triggerId,
    view: buildGoalsModal({
      relationshipId: rel.r.id,
      partners: membersOf(deps.db, rel.r.id).filter((m) => m !== userId),
      goals: goalsOf(deps, rel.r.id),
    }) as never,
  });
}
