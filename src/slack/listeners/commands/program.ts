import { catalogueOf, findProgramToJoin, surveyAccess } from '../../../flows/survey';
import { buildProgramSetupModal } from '../../views/program-setup';
import { buildSurveyModal } from '../../views/survey';
import { type CommandContext, ephemeral } from './context';

/** `/mentor admin`: the program setup modal (the trigger must be used within 3 s, so ack first, then open). */
export async function openProgramSetup(ctx: CommandContext): Promise<void> {
  await ctx.args.ack();
  await ctx.args.client.views.open({ trigger_id: ctx.triggerId, view: buildProgramSetupModal() as never });
}

/** `/mentor join`: the survey of the newest open program the person belongs to. */
export async function joinCommand(ctx: CommandContext): Promise<void> {
  const { deps, userId, args } = ctx;
  const program = await findProgramToJoin(deps, userId, deps.clock.now());
  if (!program) {
    await args.ack(
      ephemeral({
        text: "There's no open mentoring program for you to join right now. I'll DM you when one launches for your team.",
      }),
    );
    return;
  }
  const access = surveyAccess(deps, userId, program.id);
  if (!access.ok) {
    await args.ack(ephemeral({ text: access.message }));
    return;
  }
  await args.ack();
  await args.client.views.open({
    trigger_id: ctx.triggerId,
    view: buildSurveyModal({
      programId: program.id,
      programName: program.name,
      kind: program.kind,
      catalogue: catalogueOf(program),
      existing: access.existing,
    }) as never,
  });
}
