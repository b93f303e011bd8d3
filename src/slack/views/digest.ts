// The weekly digest as Block Kit: within Slack's limits whatever the program's size (the domain caps every list).
import {
  type Digest,
  MIN_RESPONDENTS,
  type PhaseCheckins,
  type WaitingReason,
  type WeekFigures,
} from '../../domain/digest';
import { phaseLabels } from '../../domain/slips';
import { escapeMrkdwn, joinNames, plural, truncate } from '../../domain/text';
import type { BlockMessage } from '../../outbox/enqueue';
import { extraActions, MENTOR_COMMAND } from '../ids';
import { type AnyBlock, button, context, divider, header, plainText, section } from './blocks';

/** Slack's ceiling for a message's blocks. */
export const MAX_MESSAGE_BLOCKS = 50;
/** Weeks an owner's "Pause" button pauses a pair for. */
export const OWNER_PAUSE_WEEKS = 2;
const NAME_MAX = 40;

const waitingLabels: Record<WaitingReason, string> = {
  'no-learners': 'nobody waiting wants to learn what they teach',
  'no-teachers': 'nobody waiting teaches what they want to learn',
  'no-skill-match': 'no skill in common with anyone waiting',
  'no-stage-match': 'nobody waiting is at a fitting career stage',
  'no-time-overlap': 'nobody waiting works in overlapping hours',
  'no-skills': 'listed nothing to teach or learn',
  'no-capacity': 'no room for a mentee',
  unavailable: 'nobody new who fits them is waiting',
  'no-room': 'everyone who fits them is taken for now',
  'next-round': 'a match looks possible: the next round will try',
  skipping: 'asked to skip this round',
  unreachable: "can't be reached (left Slack, or DMs fail)",
};

const stepLabels = ['no nudge yet', 'reminded together', 'each reminded directly', 'owners told'];

const pct = (part: number, whole: number) => (whole === 0 ? '0%' : `${Math.round((part / whole) * 100)}%`);
const share = (s: number | null) => (s === null ? '–' : `${Math.round(s * 100)}%`);

/** "↑2", "↓1", "±0": this week against the one before. */
export function delta(now: number, before: number): string {
  if (now > before) return `↑${now - before}`;
  if (now < before) return `↓${before - now}`;
  return '±0';
}

/** A relationship's people as one escaped label: at most three names, then "and N others". */
export function pairLabel(names: readonly string[], relationshipId: number): string {
  if (names.length === 0) return `Relationship ${relationshipId}`;
  const shown = names.slice(0, names.length > 3 ? 2 : 3).map((n) => escapeMrkdwn(truncate(n, NAME_MAX)));
  if (names.length > 3) shown.push(plural(names.length - 2, 'other'));
  return joinNames(shown);
}

function funnelText(d: Digest): string {
  const f = d.funnel;
  const open = f.active + f.paused;
  return (
    '*Funnel*\n' +
    `${plural(f.invited, 'person', 'people')} invited → ${f.answered} answered (${pct(f.answered, f.invited)}) → ` +
    `${f.matchedPeople} matched · ${f.declined} declined · ${f.notAnswered} not answered yet` +
    (f.left > 0 ? ` · ${f.left} left` : '') +
    `\n${plural(f.offersPending, 'offer')} pending · ${plural(open, 'relationship')} active` +
    (f.paused > 0 ? ` (${f.paused} paused)` : '') +
    ` · ${f.ended} ended`
  );
}

function standingsLine(w: WeekFigures, before: WeekFigures): string {
  const part = (label: string, now: number, then: number) => `${label} *${now}* (${delta(now, then)})`;
  return [
    part('On track', w.onTrack, before.onTrack),
    part('due', w.due, before.due),
    part('slipping', w.slipping, before.slipping),
    part('paused', w.paused, before.paused),
  ].join(' · ');
}

/** This week against the one before: the figures the home tab shows too. */
export function weekText(d: Digest): string {
  const w = d.thisWeek;
  const b = d.lastWeek;
  return (
    `*This week* (${d.weekLabel}) against the week before\n` +
    `• Sessions held: *${w.sessions}* (${delta(w.sessions, b.sessions)} from ${b.sessions})\n` +
    `• ${standingsLine(w, b)}\n` +
    `• Pairs on track: *${share(w.share)}* (the week before: ${share(b.share)})`
  );
}

function trendText(d: Digest): string {
  const first = d.trend[0]!;
  const last = d.trend[d.trend.length - 1]!;
  const shares = d.trend.filter((w) => w.share !== null);
  return (
    `*Last ${d.trend.length} weeks* (${first.label} to ${last.label})\n` +
    `Sessions per week  \`${d.sparklines.sessions}\`  ${first.sessions} → ${last.sessions}\n` +
    `Pairs on track      \`${d.sparklines.share}\`  ` +
    (shares.length === 0
      ? 'no pairs yet'
      : `${share(shares[0]!.share)} → ${share(shares[shares.length - 1]!.share)}`)
  );
}

function riskBlocks(d: Digest): AnyBlock[] {
  if (d.atRisk.total === 0) return [section('*Pairs at risk:* none this week. :tada:')];
  const blocks: AnyBlock[] = [
    section(
      `*Pairs at risk* · ${d.atRisk.total}\nPairs who have not met for a cadence and more. A word from you helps most; the buttons open a group DM with them, pause them for ${OWNER_PAUSE_WEEKS} weeks, or end the relationship kindly.`,
    ),
  ];
  for (const p of d.atRisk.shown) {
    const who = pairLabel(p.names, p.relationshipId);
    const since = p.neverMet
      ? `never met, matched ${plural(p.daysSince, 'day')} ago`
      : `last met ${plural(p.daysSince, 'day')} ago`;
    const step = `nudge step ${p.nudgeStep} of 3: ${stepLabels[Math.min(3, Math.max(0, p.nudgeStep))]}`;
    const value = String(p.relationshipId);
    blocks.push(section(`${p.flagged ? ':warning: ' : ''}*${who}* · ${since} · ${step}`), {
      type: 'actions',
      block_id: `owner_pair_${p.relationshipId}`,
      elements: [
        button({ text: 'DM them', actionId: extraActions.ownerDmPair, value }),
        button({ text: `Pause ${OWNER_PAUSE_WEEKS} weeks`, actionId: extraActions.ownerPausePair, value }),
        {
          ...button({ text: 'End', actionId: extraActions.ownerEndPair, value, style: 'danger' }),
          confirm: {
            title: plainText('End this relationship?'),
            text: plainText(
              truncate(
                `${p.names.join(', ') || `Relationship ${p.relationshipId}`} will be told kindly, and can be matched again with someone else.`,
                300,
              ),
            ),
            confirm: plainText('End it'),
            deny: plainText('Keep it'),
            style: 'danger',
          },
        },
      ],
    } as AnyBlock);
  }
  const more = d.atRisk.total - d.atRisk.shown.length;
  if (more > 0)
    blocks.push(
      context(
        `…and ${plural(more, 'more pair')} at risk: the full list is in \`${MENTOR_COMMAND} admin export\` (relationships).`,
      ),
    );
  return blocks;
}

function phaseLine(p: PhaseCheckins): string {
  const label = phaseLabels[p.phase];
  if (!p.shown)
    return `• ${label}: fewer than ${MIN_RESPONDENTS} people answered, so its figures stay hidden (no single answer can be read back)`;
  return (
    `• ${label}: ${plural(p.respondents, 'person', 'people')} answered · average progress *${p.averageProgress ?? '–'}* / 5 · ` +
    `response rate ${share(p.responseRate)}`
  );
}

function checkinText(d: Digest): string {
  const title = `*Check-ins* (due in the last ${d.checkins.windowDays} days)`;
  if (d.checkins.phases.length === 0) return `${title}\nNo check-ins were due.`;
  return `${title}\n${d.checkins.phases.map(phaseLine).join('\n')}`;
}

function highlightText(d: Digest): string | null {
  if (d.highlights.total === 0) return null;
  const lines = d.highlights.shown.map((h) => `> “${escapeMrkdwn(h)}”`);
  const more = d.highlights.total - d.highlights.shown.length;
  return (
    `*Shared highlights* (unattributed, shared with their authors' consent)\n${lines.join('\n')}` +
    (more > 0 ? `\n…and ${more} more.` : '')
  );
}

function storyText(d: Digest): string | null {
  if (d.stories.total === 0) return null;
  const lines = d.stories.shown.map((s) => `• ${pairLabel(s.names, s.relationshipId)}`);
  const more = d.stories.total - d.stories.shown.length;
  return (
    `*Happy to tell their story* · ${d.stories.total}\n${lines.join('\n')}` +
    (more > 0 ? `\n…and ${more} more (see the export).` : '')
  );
}

function waitingText(d: Digest): string | null {
  const w = d.waiting;
  if (w.total === 0) return null;
  const lines = w.groups.map((g) => {
    const names = g.names.map((n) => escapeMrkdwn(truncate(n, NAME_MAX)));
    const rest = g.count - names.length;
    const who = names.length === 0 ? '' : `: ${names.join(', ')}${rest > 0 ? ` and ${rest} more` : ''}`;
    return `• ${waitingLabels[g.reason]} (${g.count})${who}`;
  });
  const hints = w.hints.map((h) => {
    const skill = `*${escapeMrkdwn(h.label)}*`;
    return h.need === 'learners'
      ? `:bulb: ${plural(h.count, 'person is', 'people are')} waiting to share ${skill}, and nobody waiting wants to learn it: invite people who would like to.`
      : `:bulb: ${plural(h.count, 'person wants', 'people want')} to learn ${skill}, and nobody waiting can teach it: invite people who can.`;
  });
  return `*Waiting for a match* · ${w.total}\n${[...lines, ...hints].join('\n')}`;
}

/** The digest message. `chart` says whether a chart image follows it in the channel. */
export function buildDigest(d: Digest, opts: { chart: boolean }): BlockMessage {
  const name = escapeMrkdwn(d.program.name);
  const blocks: AnyBlock[] = [
    header(`Weekly digest · ${truncate(d.program.name, 120)}`),
    context(`*${name}* · program ${d.program.id} · ${d.program.kind} mentoring · week of ${d.weekLabel}`),
  ];
  if (d.empty) {
    blocks.push(
      section(
        `Nobody has been invited to *${name}* yet. When the launch has sent its invitations, this digest shows who answered, who is matched, and how the pairs are doing.`,
      ),
    );
    return { text: `Weekly digest for ${name}: nobody invited yet`, blocks };
  }
  blocks.push(section(funnelText(d)), section(weekText(d)), section(trendText(d)));
  if (opts.chart) blocks.push(context(`The chart of these ${d.trend.length} weeks follows this message.`));
  blocks.push(divider(), ...riskBlocks(d), divider(), section(checkinText(d)));
  for (const text of [highlightText(d), storyText(d), waitingText(d)]) if (text) blocks.push(section(text));
  blocks.push(
    divider(),
    context(
      `Check-in figures need answers from ${MIN_RESPONDENTS} people or more. Full lists: \`${MENTOR_COMMAND} admin export\`.`,
    ),
  );
  return {
    text:
      `Weekly digest for ${name}: ${plural(d.thisWeek.sessions, 'session')} this week, ` +
      `${plural(d.atRisk.total, 'pair')} at risk`,
    blocks: fitBlocks(blocks),
  };
}

/** A last guard: drop pairs from the middle of the at-risk list rather than let Slack reject the whole digest. */
function fitBlocks(blocks: AnyBlock[]): AnyBlock[] {
  const out = [...blocks];
  while (out.length > MAX_MESSAGE_BLOCKS) {
    const i = out.findLastIndex((b) => b.type === 'actions');
    if (i < 1) return out.slice(0, MAX_MESSAGE_BLOCKS);
    out.splice(i - 1, 2);
  }
  return out;
}

/** What the owners are DMed when the digest channel refuses the post (the bot is not in it). */
export function digestFallbackText(d: Digest, channel: string): string {
  return (
    `I couldn't post the weekly digest of ${escapeMrkdwn(d.program.name)} in <#${channel}>: I'm not a member of that channel ` +
    '(or it is archived or gone). Invite me there with `/invite @mentor-bot`, or choose another digest channel; ' +
    `\`${MENTOR_COMMAND} admin digest\` posts it again. This week: ${plural(d.thisWeek.sessions, 'session')} held, ` +
    `${plural(d.atRisk.total, 'pair')} at risk, ${d.funnel.answered} of ${d.funnel.invited} answered the survey.`
  );
}

/** The live figures on an owner's home tab: this week against the one before, in one short block of text. */
export function ownerHomeText(d: Digest): string {
  const w = d.thisWeek;
  const b = d.lastWeek;
  const f = d.funnel;
  return (
    `${f.matchedPeople} matched · ${plural(f.offersPending, 'offer')} pending · ${f.active + f.paused} active · ${f.ended} ended\n` +
    `This week: ${plural(w.sessions, 'session')} (${delta(w.sessions, b.sessions)}) · ${standingsLine(w, b)} · ` +
    `${plural(d.atRisk.total, 'pair')} at risk`
  );
}
