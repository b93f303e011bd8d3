import { writeTx } from '../../../db/client';
import type { Deps } from '../../../deps';
import { validateProgramSetup } from '../../../domain/program-rules';
import { escapeMrkdwn } from '../../../domain/text';
import { continueLaunch, createProgram } from '../../../flows/launch';
import { enqueueDm } from '../../../outbox/enqueue';
import { ids } from '../../ids';
import { section } from '../../views/blocks';
import { isOwner } from '..';
import type { ViewArgs } from '.';
import { readConversation, readSelect, readText, type StateValues, storeBeforeClosing } from './state';

const b = ids.programSetup.blocks;

export function programSetupCallback(deps: Deps) {
  return async ({ ack, body, view }: ViewArgs): Promise<void> => {
    const userId = body.user.id;
    if (!isOwner(deps, userId)) {
      await ack({
        response_action: 'errors',
        errors: { [b.name]: 'Only program owners can launch a program.' },
      });
      return;
    }
    const values = view.state.values as StateValues;
    const result = validateProgramSetup({
      name: readText(values, b.name),
      kind: readSelect(values, b.kind),
      audience: readConversation(values, b.audience),
      weeks: readText(values, b.weeks),
      cadenceDays: readSelect(values, b.cadenceDays),
      checkinDays: readSelect(values, b.checkinDays),
      digestChannel: readConversation(values, b.digestChannel),
      surveyDays: readText(values, b.surveyDays),
      skills: readText(values, b.skills),
    });
    if (!result.ok) {
      await ack({ response_action: 'errors', errors: result.errors });
      return;
    }
    const now = deps.clock.now();
    const launched = await storeBeforeClosing(
      { ack },
      deps.log,
      { blockId: b.name, what: 'the program' },
      () => createProgram(deps, userId, result.value, now, view.id),
    );
    if (!launched) return;
    const { program, created } = launched.stored;
    // The same modal submitted twice (a double click, a retry) launches once.
    if (!created) return;
    const audience = program.audienceChannel
      ? `the members of <#${program.audienceChannel}>`
      : 'everyone in the workspace';
    const text = `:rocket: Launching *${escapeMrkdwn(program.name)}* (program ${program.id}). I'm inviting ${audience} by DM and will tell you when every invitation is queued.`;
    writeTx(deps.db, (tx) =>
      enqueueDm(
        tx,
        { key: `launch-started:${program.id}`, userId, message: { text, blocks: [section(text)] } },
        now,
      ),
    );
    deps.deliverer.poke();
    void continueLaunch(deps, program.id);
  };
}
