import { getProgram, listOpenPrograms } from '../../../db/repositories/programs';
import { escapeMrkdwn, plural } from '../../../domain/text';
import { type QueuedExport, queueExport } from '../../../flows/digest';
import { jobs } from '../../../jobs';
import type { CommandContext } from './context';

/** Runs a job now for every open program, then tells the owner what happened (ack first: a round can take seconds). */
async function runNow(
  ctx: CommandContext,
  job: 'match' | 'digest',
  describe: (s: Record<string, number>) => string,
) {
  const { deps, args } = ctx;
  await args.ack({
    response_type: 'ephemeral',
    text: job === 'match' ? 'Running a matching round now…' : 'Posting the digest now…',
  });
  const now = deps.clock.now();
  const outcomes = jobs[job](deps, now, { trigger: 'manual', periodTag: `admin-${now.getTime()}` });
  const lines = outcomes
    .filter((o) => o.ran)
    .map(
      (o) =>
        `• *${escapeMrkdwn(getProgram(deps.db, o.programId)?.name ?? `program ${o.programId}`)}*: ${describe(o.summary)}`,
    );
  await args.respond({
    response_type: 'ephemeral',
    text: lines.length > 0 ? lines.join('\n') : 'There is no open program right now.',
  });
}

export function adminMatch(ctx: CommandContext) {
  return runNow(ctx, 'match', (s) =>
    (s.pool ?? 0) === 0
      ? 'nobody is waiting for a match.'
      : `${plural(s.offers ?? 0, 'match offer')} sent to ${plural(s.pool ?? 0, 'person', 'people')} waiting; ${s.unmatched ?? 0} still without a match (they were told why).`,
  );
}

export function adminDigest(ctx: CommandContext) {
  return runNow(ctx, 'digest', (s) =>
    s.posted
      ? 'the digest is on its way to the digest channel.'
      : 'no digest channel is set (set DIGEST_CHANNEL or choose one for the program).',
  );
}

/** What an export sends, in one line per program. */
export function describeExport(queued: readonly QueuedExport[]): string {
  const lines = queued.map(
    (q) =>
      `• *${escapeMrkdwn(q.program.name)}* (program ${q.program.id}): ` +
      q.files.map((f) => `${f.filename} (${plural(f.rows, 'row')})`).join(', '),
  );
  return (
    `The export is on its way to our DM as CSV files:\n${lines.join('\n')}\n` +
    'Private check-in notes are never exported, and a highlight only when its author chose to share it.'
  );
}

/** CSV files of every open program to the owner's DM (ack first: a large program takes a moment to write out). */
export async function adminExport(ctx: CommandContext) {
  const { deps, args, userId } = ctx;
  await args.ack({ response_type: 'ephemeral', text: 'Export: preparing the CSV files…' });
  const open = listOpenPrograms(deps.db);
  if (open.length === 0) {
    await args.respond({ response_type: 'ephemeral', text: 'There is no open program to export right now.' });
    return;
  }
  const queued = queueExport(deps, userId, open, deps.clock.now());
  deps.deliverer.poke();
  await args.respond({ response_type: 'ephemeral', text: describeExport(queued) });
}
