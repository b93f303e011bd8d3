import { escapeMrkdwn, truncate } from '../../domain/text';
import type { BlockMessage } from '../../outbox/enqueue';
import { MENTOR_COMMAND } from '../ids';
import { context, section } from './blocks';

/** The `/mentor help` guide: what a participant can do, and for program owners what they can run. */
export function buildHelp(opts: { isOwner: boolean; unknown?: string }): BlockMessage {
  const c = MENTOR_COMMAND;
  const lines = [
    `*\`${c} join\`* answer (or update) the interest survey`,
    `*\`${c} status\`* your mentoring partners, next session and goals`,
    `*\`${c} log\`* log a session you held`,
    `*\`${c} goals\`* set or update the goals you agreed together`,
    `*\`${c} pause [weeks]\`* take a break (2 weeks unless you say, up to 8)  ·  *\`${c} resume\`* pick up again`,
    `*\`${c} end\`* close your mentoring relationship kindly`,
  ];
  const ownerLines = [
    `*\`${c} admin\`* launch a new program`,
    `*\`${c} admin match\`* run a matching round now`,
    `*\`${c} admin digest\`* post the weekly digest now`,
    `*\`${c} admin export\`* get the program data as CSV files`,
  ];
  const unknown = opts.unknown ? escapeMrkdwn(truncate(opts.unknown.replace(/`/g, "'"), 40)) : undefined;
  const intro = unknown
    ? `I don't know \`${unknown}\` yet. Here is what I can do:`
    : "Hi! I help you run mentoring in Slack: I match people who can learn from each other, then help you keep meeting. Here's what you can do:";
  const blocks = [section(intro), section(lines.join('\n'))];
  if (opts.isOwner) blocks.push(section(`*For program owners*\n${ownerLines.join('\n')}`));
  blocks.push(
    context(
      'Your answers and check-in notes are private: owners only see totals and what you choose to share.',
    ),
  );
  const text = unknown
    ? `I don't know "${unknown}" yet. Try ${c} help for what I can do.`
    : `Mentor bot help: ${c} join, status, log, goals, pause, resume, end.`;
  return { text, blocks };
}
