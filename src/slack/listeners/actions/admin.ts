import { writeTx } from '../../../db/client';
import { getProgram } from '../../../db/repositories/programs';
import type { Deps } from '../../../deps';
import { escapeMrkdwn } from '../../../domain/text';
import { queueExport } from '../../../flows/digest';
import { jobs } from '../../../jobs';
import { enqueueDm } from '../../../outbox/enqueue';
import { isOwner } from '..';
import { describeExport } from '../commands/admin';
import { publishHome } from '../events/home';
import type { ActionCallback } from '.';

/** The owner's home-tab buttons: run a job now for one program, then report by DM and refresh the tab. */
export function adminJobCallback(deps: Deps, job: 'match' | 'digest'): ActionCallback {
  return async ({ ack, body, action, client }) => {
    await ack();
    const userId = body.user.id;
    if (!isOwner(deps, userId)) return;
    const program = getProgram(deps.db, Number(action.value));
    if (!program) return;
    const now = deps.clock.now();
    const outcome = jobs[job](deps, now, {
      programId: program.id,
      trigger: 'manual',
      periodTag: `home-${now.getTime()}`,
    })[0];
    const s = outcome?.summary ?? {};
    const name = escapeMrkdwn(program.name);
    const text =
      job === 'match'
        ? `Matching round for *${name}*: ${s.offers ?? 0} offers sent to ${s.pool ?? 0} people waiting; ${s.unmatched ?? 0} without a match yet.`
        : s.posted
          ? `The digest for *${name}* is on its way to its channel.`
          : `No digest channel is set for *${name}*.`;
    writeTx(deps.db, (tx) =>
      enqueueDm(
        tx,
        {
          key: `admin-${job}:${program.id}:${now.getTime()}`,
          userId,
          message: { text: text.replace(/\*/g, '') },
        },
        now,
      ),
    );
    deps.deliverer.poke();
    await publishHome(deps, client, userId);
  };
}

/** The owner's home-tab "Export" button: one program's CSV files to the owner's DM. */
export function adminExportCallback(deps: Deps): ActionCallback {
  return async ({ ack, body, action, client }) => {
    await ack();
    const userId = body.user.id;
    if (!isOwner(deps, userId)) return;
    const program = getProgram(deps.db, Number(action.value));
    if (!program) return;
    const now = deps.clock.now();
    const queued = queueExport(deps, userId, [program], now);
    writeTx(deps.db, (tx) =>
      enqueueDm(
        tx,
        {
          key: `admin-export:${program.id}:${now.getTime()}`,
          userId,
          message: { text: describeExport(queued) },
        },
        now,
      ),
    );
    deps.deliverer.poke();
    await publishHome(deps, client, userId);
  };
}
