import { and, eq } from 'drizzle-orm';
import { type DbOrTx, writeTx } from '../db/client';
import { audit } from '../db/repositories/events';
import { getProgram, type Program } from '../db/repositories/programs';
import {
  members,
  offerMembers,
  offers,
  participants,
  relationshipMembers,
  relationships,
  surveyAnswers,
} from '../db/schema';
import type { Deps } from '../deps';
import { type Alternative, alternativesFor } from '../domain/matching';
import { safeZone } from '../domain/time';
import { type BlockMessage, enqueue } from '../outbox/enqueue';
import { section } from '../slack/views/blocks';
import {
  type AlternativeView,
  buildAlternatives,
  buildKickoff,
  buildOfferAnswered,
} from '../slack/views/offer';
import {
  blockPair,
  closeOffer,
  createOffer,
  loadBlocked,
  loadPool,
  matchInput,
  offerView,
  type PoolEntry,
} from './matching';

type Offer = typeof offers.$inferSelect;
type OfferMember = typeof offerMembers.$inferSelect;

export type OfferReply =
  | { ok: true; update: BlockMessage; relationshipId?: number }
  | { ok: false; message: string };

function loadOffer(db: DbOrTx, offerId: number, userId: string) {
  if (!Number.isSafeInteger(offerId)) return null;
  const offer = db.select().from(offers).where(eq(offers.id, offerId)).get();
  if (!offer) return null;
  const ms = db.select().from(offerMembers).where(eq(offerMembers.offerId, offerId)).all();
  const me = ms.find((m) => m.userId === userId);
  if (!me) return null;
  const program = getProgram(db, offer.programId);
  if (!program) return null;
  return { offer, ms, me, program };
}

function viewFor(db: DbOrTx, program: Program, offer: Offer, ms: OfferMember[], me: OfferMember) {
  const tz = safeZone(
    db.select({ tz: members.tz }).from(members).where(eq(members.userId, me.userId)).get()?.tz,
  );
  return offerView(
    program,
    offer.id,
    ms.map((m) => m.userId),
    offer.reasons,
    me.userId,
    me.role,
    ms.length > 2,
    tz,
    new Date(offer.createdAt),
  );
}

const closedText: Record<Exclude<Offer['status'], 'pending'>, string> = {
  accepted: 'This match has already started: `/mentor status` shows it.',
  declined: 'This match was declined, so it is closed. You are back in the pool for the next round.',
  expired: 'This match expired, so it is closed. You are back in the pool for the next round.',
  withdrawn: 'This match was replaced by another choice, so it is closed.',
};

/**
 * Accept or decline. A second click, or a click on a closed offer, changes nothing. The last acceptance starts the
 * relationship: a group DM with everyone and a kickoff, sent at once.
 */
export function respondToOffer(
  deps: Deps,
  userId: string,
  offerId: number,
  answer: 'accepted' | 'declined',
  now: Date,
): OfferReply {
  return writeTx(deps.db, (tx): OfferReply => {
    const found = loadOffer(tx, offerId, userId);
    if (!found) return { ok: false, message: "That match isn't one of yours, so I can't change it." };
    const { offer, ms, me, program } = found;
    const view = viewFor(tx, program, offer, ms, me);
    if (offer.status !== 'pending') return { ok: false, message: closedText[offer.status] };
    if (me.response !== 'pending') {
      const waiting = ms.filter((m) => m.response === 'pending').map((m) => m.userId);
      return { ok: true, update: buildOfferAnswered(view, me.response, waiting) };
    }
    tx.update(offerMembers)
      .set({ response: answer, respondedAt: now.getTime() })
      .where(and(eq(offerMembers.offerId, offer.id), eq(offerMembers.userId, userId)))
      .run();
    audit(
      tx,
      {
        actor: userId,
        action: `offer.${answer === 'accepted' ? 'accept' : 'decline'}`,
        programId: program.id,
        detail: { offerId },
      },
      now,
    );
    if (answer === 'declined') {
      closeOffer(tx, program, offer.id, 'declined', userId, now);
      return { ok: true, update: buildOfferAnswered(view, 'declined', []) };
    }
    const waiting = ms.filter((m) => m.userId !== userId && m.response === 'pending').map((m) => m.userId);
    if (waiting.length > 0) return { ok: true, update: buildOfferAnswered(view, 'accepted', waiting) };
    const relationshipId = startRelationship(tx, program, offer, ms, now);
    return { ok: true, update: buildOfferAnswered(view, 'accepted', []), relationshipId };
  });
}

function startRelationship(db: DbOrTx, program: Program, offer: Offer, ms: OfferMember[], now: Date): number {
  db.update(offers).set({ status: 'accepted', closedAt: now.getTime() }).where(eq(offers.id, offer.id)).run();
  const rel = db
    .insert(relationships)
    .values({ programId: program.id, offerId: offer.id, startedAt: now.getTime() })
    .returning({ id: relationships.id })
    .get();
  for (const m of ms)
    db.insert(relationshipMembers).values({ relationshipId: rel.id, userId: m.userId, role: m.role }).run();
  for (const a of ms)
    for (const b of ms)
      if (a.userId < b.userId) blockPair(db, program.id, a.userId, b.userId, 'matched', now);
  const ordered = [...ms]
    .sort((a, b) => (a.role === 'mentor' ? -1 : b.role === 'mentor' ? 1 : 0))
    .map((m) => m.userId);
  enqueue(
    db,
    { key: `rel-open:${rel.id}`, method: 'conversations.open', payload: { users: ordered.join(',') } },
    now,
  );
  const kickoff = buildKickoff({
    relationshipId: rel.id,
    programName: program.name,
    members: ordered,
    reasons: offer.reasons,
    cadenceDays: program.cadenceDays,
    weeks: program.weeks,
  });
  enqueue(
    db,
    {
      key: `kickoff:${rel.id}`,
      method: 'chat.postMessage',
      dependsOn: `rel-open:${rel.id}`,
      payload: { text: kickoff.text, blocks: kickoff.blocks, unfurl_links: false },
    },
    now,
  );
  audit(
    db,
    {
      actor: 'bot',
      action: 'relationship.start',
      programId: program.id,
      detail: { relationshipId: rel.id, offerId: offer.id },
    },
    now,
  );
  return rel.id;
}

/** Up to three other available people for someone who would rather choose, each with the reasons. */
export function offerAlternatives(deps: Deps, userId: string, offerId: number, now: Date): OfferReply {
  const found = loadOffer(deps.db, offerId, userId);
  if (!found) return { ok: false, message: "That match isn't one of yours." };
  const { offer, ms, program } = found;
  if (offer.status !== 'pending') return { ok: false, message: closedText[offer.status] };
  if (ms.length > 2)
    return {
      ok: false,
      message: 'Cohorts are put together as a group, so there are no single alternatives.',
    };
  const alternatives: AlternativeView[] = findAlternatives(
    deps.db,
    program,
    userId,
    ms.map((m) => m.userId),
    now,
  ).map((a) => ({
    userId: a.partnerId,
    reasons: a.reasons,
  }));
  return { ok: true, update: buildAlternatives(offer.id, alternatives) };
}

function findAlternatives(
  db: DbOrTx,
  program: Program,
  userId: string,
  exclude: string[],
  now: Date,
): Alternative[] {
  const pool = loadPool(db, program.id, now);
  const self = loadSelf(db, program, userId);
  if (!self) return [];
  const everyone = [self, ...pool.filter((p) => p.userId !== userId)];
  const input = matchInput(program, everyone, loadBlocked(db, program.id), now);
  return alternativesFor(input, userId, exclude, 3);
}

/** The person asking is in a pending offer, so not in the pool: load their answer directly. */
function loadSelf(db: DbOrTx, program: Program, userId: string): PoolEntry | null {
  const row = db
    .select({ p: participants, a: surveyAnswers, m: members })
    .from(participants)
    .innerJoin(surveyAnswers, eq(surveyAnswers.participantId, participants.id))
    .innerJoin(members, eq(members.userId, participants.userId))
    .where(and(eq(participants.programId, program.id), eq(participants.userId, userId)))
    .get();
  if (!row) return null;
  const { participantId: _p, updatedAt: _u, ...answer } = row.a;
  return { participantId: row.p.id, userId, name: row.m.name, tz: safeZone(row.m.tz), answer };
}

/**
 * Picking an alternative: the current offer is withdrawn (its other member is told gently and goes back to the
 * pool) and the picked person gets an offer that the picker has already accepted.
 */
export function pickAlternative(
  deps: Deps,
  userId: string,
  offerId: number,
  pickedId: string,
  now: Date,
): OfferReply {
  return writeTx(deps.db, (tx): OfferReply => {
    const found = loadOffer(tx, offerId, userId);
    if (!found) return { ok: false, message: "That match isn't one of yours." };
    const { offer, ms, program } = found;
    if (offer.status !== 'pending') return { ok: false, message: closedText[offer.status] };
    const choice = findAlternatives(
      tx,
      program,
      userId,
      ms.map((m) => m.userId),
      now,
    ).find((a) => a.partnerId === pickedId);
    if (!choice) {
      return {
        ok: false,
        message: 'That person is no longer available. Ask for alternatives again to see who is.',
      };
    }
    closeOffer(tx, program, offer.id, 'withdrawn', userId, now);
    const newOffer = createOffer(tx, program, choice, now, { pickedBy: userId });
    audit(
      tx,
      {
        actor: userId,
        action: 'offer.pick',
        programId: program.id,
        detail: { from: offer.id, to: newOffer },
      },
      now,
    );
    return {
      ok: true,
      update: {
        text: 'I have asked them',
        blocks: [
          section(`Done: I've asked <@${pickedId}>. I'll start your group DM as soon as they accept.`),
        ],
      },
    };
  });
}
