import type { Deps } from '../deps';
import { escapeMrkdwn } from '../domain/text';
import { funnelCounts } from '../flows/home';
import { enqueue } from '../outbox/enqueue';
import { context, header, section } from '../slack/views/blocks';
import type { JobRunOptions } from '.';
import { type JobContext, periodFor, runForPrograms } from './run';

function pct(part: number, whole: number): string {
  return whole === 0 ? '0%' : `${Math.round((part / whole) * 100)}%`;
}

export function digestWork({ deps, tx, program, now, period }: JobContext): Record<string, number> {
  const channel = program.digestChannel ?? deps.config.digestChannel;
  if (!channel) return { posted: 0 };
  const f = funnelCounts({ db: tx }, program.id);
  const name = escapeMrkdwn(program.name);
  const text =
    `*Funnel:* ${f.invited} invited · ${f.answered} answered (${pct(f.answered, f.invited)}) · ` +
    `${f.declined} declined (${pct(f.declined, f.invited)}) · ${f.invited - f.answered - f.declined} not answered yet`;
  enqueue(
    tx,
    {
      key: `digest:${program.id}:${period}`,
      method: 'chat.postMessage',
      payload: {
        channel,
        text: `Weekly digest for ${program.name}: ${f.answered} of ${f.invited} answered the survey`,
        blocks: [
          header(`Weekly digest · ${program.name}`.slice(0, 150)),
          section(`*${name}* (program ${program.id})\n${text}`),
          context(`Week ${period}`),
        ],
        unfurl_links: false,
      },
    },
    now,
  );
  return { posted: 1, invited: f.invited, answered: f.answered, declined: f.declined };
}

export function runDigest(deps: Deps, now: Date, opts: JobRunOptions = {}) {
  // `/mentor admin digest` posts one now, beside the week's scheduled one.
  const tag = opts.periodTag;
  return runForPrograms(deps, 'digest', digestWork, now, {
    ...opts,
    periodOf: tag ? (program) => `${periodFor('digest', program, now)}/${tag}` : undefined,
  });
}
