import { getProgram } from '../../../db/repositories/programs';
import { escapeMrkdwn, plural } from '../../../domain/text';
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
