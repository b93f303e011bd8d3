import { escapeMrkdwn, joinNames } from '../../domain/text';
import type { BlockMessage } from '../../outbox/enqueue';
import { extraActions, ids } from '../ids';
import { actions, context, section } from './blocks';
import { everyLabel } from './program-setup';

export interface OfferView {
  offerId: number;
  programName: string;
  /** Everyone else in the proposed relationship. */
  partners: string[];
  reasons: string[];
  role: 'mentor' | 'mentee' | 'peer';
  cohort: boolean;
  expiresOn: string;
  /** Offers made because this person picked an alternative: the other side accepted already. */
  pickedBy?: string;
}

const roleLine = (role: OfferView['role'], cohort: boolean) =>
  role === 'mentor'
    ? cohort
      ? 'You would lead this small cohort as its mentor, and learn from them too.'
      : 'You would be the mentor, and learn from them in return.'
    : role === 'mentee'
      ? 'You would be the mentee, and share what you know in return.'
      : 'You would mentor each other.';

export function buildOffer(o: OfferView): BlockMessage {
  const who = joinNames(o.partners.map((p) => `<@${p}>`));
  const intro = o.pickedBy
    ? `:handshake: <@${o.pickedBy}> would like to be matched with you in *${escapeMrkdwn(o.programName)}*.`
    : `:handshake: I have a match for you in *${escapeMrkdwn(o.programName)}*: ${who}`;
  return {
    text: `A mentoring match for you in ${o.programName}`,
    blocks: [
      section(intro),
      section(`*Why I think it works*\n${o.reasons.map((r) => `• ${escapeMrkdwn(r)}`).join('\n')}`),
      section(roleLine(o.role, o.cohort)),
      actions([
        { text: 'Accept', actionId: ids.actions.offerAccept, value: String(o.offerId), style: 'primary' },
        { text: 'Decline', actionId: ids.actions.offerDecline, value: String(o.offerId) },
        ...(o.cohort || o.pickedBy
          ? []
          : [
              {
                text: 'Show me alternatives',
                actionId: extraActions.offerAlternatives,
                value: String(o.offerId),
              },
            ]),
      ]),
      context(`It starts when everyone accepts. The offer stays open until ${o.expiresOn}.`),
    ],
  };
}

export function buildOfferAnswered(
  o: OfferView,
  answer: 'accepted' | 'declined',
  waitingFor: string[],
): BlockMessage {
  const who = joinNames(o.partners.map((p) => `<@${p}>`));
  const text =
    answer === 'declined'
      ? `You declined this match with ${who}. Thanks for saying so: you're back in the pool for the next round.`
      : waitingFor.length > 0
        ? `:white_check_mark: You accepted this match. Now waiting for ${joinNames(waitingFor.map((p) => `<@${p}>`))}.`
        : ':white_check_mark: You accepted, and so did everyone: your group DM is open. Have a great first conversation!';
  return {
    text: answer === 'declined' ? 'You declined this match' : 'You accepted this match',
    blocks: [section(text)],
  };
}

export function buildOfferClosedForOthers(opts: {
  programName: string;
  reason: 'declined' | 'expired' | 'withdrawn';
  nextRound: string;
}): BlockMessage {
  const why =
    opts.reason === 'expired'
      ? "The match I suggested wasn't confirmed in time, so I've closed it."
      : "The match I suggested won't go ahead this time. These things happen and it says nothing about you.";
  const text = `${why} You're back in the pool for *${escapeMrkdwn(opts.programName)}*; the next matching round is ${opts.nextRound}.`;
  return { text: `Your match in ${opts.programName} won't go ahead`, blocks: [section(text)] };
}

export function buildOfferReminder(o: OfferView): BlockMessage {
  const base = buildOffer(o);
  return {
    text: `Reminder: your match in ${o.programName} is waiting for your answer`,
    blocks: [section('A gentle reminder: this match is waiting for your answer.'), ...(base.blocks ?? [])],
  };
}

export interface KickoffView {
  relationshipId: number;
  programName: string;
  members: string[];
  reasons: string[];
  cadenceDays: number;
  weeks: number;
}

export function buildKickoff(k: KickoffView): BlockMessage {
  const who = joinNames(k.members.map((m) => `<@${m}>`));
  return {
    text: `You're matched in ${k.programName}! Here is how to start.`,
    blocks: [
      section(`:tada: *You're matched!* Welcome, ${who}, to *${escapeMrkdwn(k.programName)}*.`),
      section(`*Who teaches what*\n${k.reasons.map((r) => `• ${escapeMrkdwn(r)}`).join('\n')}`),
      section(
        `*The rhythm:* meet ${everyLabel(k.cadenceDays).toLowerCase()} for ${k.weeks} weeks. An hour is plenty; I'll suggest times if you drift.`,
      ),
      section(
        '*Your first session*\n' +
          "1. Agree your goals, and how often you'll meet (`/mentor goals` saves them for both of you).\n" +
          '2. Agree that what you share stays between you.\n' +
          "3. Agree how you'll give each other feedback: honest, kind, specific.",
      ),
      actions([
        {
          text: 'We met',
          actionId: ids.actions.sessionMet,
          value: String(k.relationshipId),
          style: 'primary',
        },
      ]),
      context('Press “We met” after each session (or type `/mentor log`) so I know things are going well.'),
    ],
  };
}

export function buildUnmatched(opts: {
  programName: string;
  reason: string;
  nextRound: string;
}): BlockMessage {
  const reason = /[.!?]$/.test(opts.reason.trim()) ? opts.reason.trim() : `${opts.reason.trim()}.`;
  const text = `No match for you in this round of *${escapeMrkdwn(opts.programName)}*. ${escapeMrkdwn(reason)} You stay in the pool, and I'll try again ${opts.nextRound}.`;
  return { text: `No match yet in ${opts.programName}`, blocks: [section(text)] };
}

export function buildRoundHeadsUp(opts: {
  programId: number;
  programName: string;
  roundOn: string;
}): BlockMessage {
  return {
    text: `Matching for ${opts.programName} runs ${opts.roundOn}`,
    blocks: [
      section(
        `:seedling: Heads-up: the next matching round for *${escapeMrkdwn(opts.programName)}* runs ${opts.roundOn}. Busy right now? Skip this round and I'll include you in the next one.`,
      ),
      actions([{ text: 'Skip this round', actionId: extraActions.matchSkip, value: String(opts.programId) }]),
    ],
  };
}

export interface AlternativeView {
  userId: string;
  reasons: string[];
}

export function buildAlternatives(offerId: number, alternatives: AlternativeView[]): BlockMessage {
  if (alternatives.length === 0) {
    return {
      text: 'No alternatives right now',
      blocks: [
        section("There's nobody else available who fits right now. Your current match is still open."),
      ],
    };
  }
  return {
    text: 'Other people you could be matched with',
    blocks: [
      section('Here are other people you could be matched with. Pick one and I will ask them:'),
      ...alternatives.map((a) =>
        section(`<@${a.userId}>\n${a.reasons.map((r) => `• ${escapeMrkdwn(r)}`).join('\n')}`, {
          type: 'button',
          text: { type: 'plain_text', text: 'Choose', emoji: true },
          action_id: `${extraActions.offerPick}:${a.userId}`,
          value: `${offerId}:${a.userId}`,
        }),
      ),
      context('Your current match stays open until you choose.'),
    ],
  };
}
