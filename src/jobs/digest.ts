import type { Deps } from '../deps';
import { digestChartPng, loadDigest } from '../flows/digest';
import { enqueue } from '../outbox/enqueue';
import { buildDigest, digestFallbackText } from '../slack/views/digest';
import type { JobRunOptions } from '.';
import { type JobContext, periodFor, runForPrograms } from './run';

/** Who hears about a digest that could not be posted: the program's owner and every configured owner. */
export function digestOwners(deps: Pick<Deps, 'config'>, program: { ownerId: string }): string[] {
  return [...new Set([program.ownerId, ...deps.config.programOwners])];
}

/**
 * One digest per program and ISO week: the message, then its chart in the same channel. When the channel refuses
 * the post (the bot is not in it, or it is archived), the outbox DMs the owners instead of failing silently, and
 * the chart, which depends on the message, is not sent.
 */
export function digestWork({ deps, tx, program, now, period }: JobContext): Record<string, number> {
  const channel = program.digestChannel ?? deps.config.digestChannel;
  if (!channel) return { posted: 0 };
  const d = loadDigest(tx, program, now);
  const png = digestChartPng(d);
  const message = buildDigest(d, { chart: png !== null });
  const key = `digest:${program.id}:${period}`;
  enqueue(
    tx,
    {
      key,
      method: 'chat.postMessage',
      payload: {
        channel,
        text: message.text,
        blocks: message.blocks,
        unfurl_links: false,
        fallback_dm: { users: digestOwners(deps, program), text: digestFallbackText(d, channel) },
      },
    },
    now,
  );
  if (png) {
    enqueue(
      tx,
      {
        key: `digest-chart:${program.id}:${period}`,
        method: 'files.upload',
        dependsOn: key,
        payload: {
          channel,
          filename: `digest-${program.id}-${d.thisWeek.startOn}.png`,
          title: `Sessions per week and pairs on track, ${d.trend[0]!.label} to ${d.thisWeek.label}`,
          content_base64: png.toString('base64'),
        },
      },
      now,
    );
  }
  return {
    posted: 1,
    chart: png ? 1 : 0,
    invited: d.funnel.invited,
    answered: d.funnel.answered,
    declined: d.funnel.declined,
    sessions: d.thisWeek.sessions,
    onTrack: d.thisWeek.onTrack,
    due: d.thisWeek.due,
    slipping: d.thisWeek.slipping,
    paused: d.thisWeek.paused,
    atRisk: d.atRisk.total,
    waiting: d.waiting.total,
  };
}

export function runDigest(deps: Deps, now: Date, opts: JobRunOptions = {}) {
  // `/mentor admin digest` posts one now, beside the week's scheduled one.
  const tag = opts.periodTag;
  return runForPrograms(deps, 'digest', digestWork, now, {
    ...opts,
    periodOf: tag ? (program) => `${periodFor('digest', program, now)}/${tag}` : undefined,
  });
}
