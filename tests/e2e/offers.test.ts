import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertProgram, type Program } from '../../src/db/repositories/programs';
import {
  blockedPairs,
  jobRuns,
  members,
  offerMembers,
  offers,
  outbox,
  participants,
  relationshipMembers,
  relationships,
  surveyAnswers,
} from '../../src/db/schema';
import type { SimMessage } from '../../src/demo/slack-sim';
import { loadPool } from '../../src/flows/matching';
import { jobs } from '../../src/jobs';
import { eventually, type Harness, MONDAY_MORNING, OWNER, readable, startHarness } from '../helpers/harness';

const DAY = 86_400_000;

// Reverse mentoring: the early-career people teach AI tools, the senior ones teach leadership.
const ANNA = 'UANNA0001';
const AMY = 'UAMY00001';
const BEN = 'UBEN00001';
const BEA = 'UBEA00001';
const CAL = 'UCAL00001';

interface Person {
  id: string;
  name: string;
  tz: string;
  role: 'mentor' | 'mentee' | 'either';
  level: 'early' | 'mid' | 'senior' | 'executive';
  department: string;
  teach: string[];
  learn: string[];
}

const early = (id: string, name: string, tz = 'Europe/Berlin'): Person => ({
  id,
  name,
  tz,
  role: 'mentor',
  level: 'early',
  // An ampersand: department names are people's text, so they must reach Slack escaped.
  department: 'R&D',
  teach: ['ai-tools', 'social-media'],
  learn: ['leadership'],
});
const senior = (id: string, name: string, tz = 'Europe/London'): Person => ({
  id,
  name,
  tz,
  role: 'mentee',
  level: 'senior',
  department: 'Finance',
  teach: ['leadership'],
  learn: ['ai-tools'],
});
/** Wants to learn something nobody teaches: never matched. */
const cal: Person = {
  id: CAL,
  name: 'Cal',
  tz: 'Europe/Berlin',
  role: 'mentee',
  level: 'senior',
  department: 'Sales',
  teach: ['public-speaking'],
  learn: ['strategy'],
};

let h: Harness;
let program: Program;

beforeEach(async () => {
  h = await startHarness({ workspace: {} });
});
afterEach(async () => {
  await h.close();
});

/** An open program whose survey window has closed, in Berlin time; rounds are up to each test. */
function seedProgram(overrides: Partial<Program> = {}): Program {
  const now = h.clock.now().getTime();
  return insertProgram(h.db, {
    name: 'Reverse mentoring',
    kind: 'reverse',
    weeks: 12,
    cadenceDays: 14,
    checkinDays: 28,
    timeZone: 'Europe/Berlin',
    ownerId: OWNER,
    status: 'open',
    launchedAt: now - 14 * DAY,
    surveyClosesAt: now + 7 * DAY,
    endsAt: now + 84 * DAY,
    createdAt: now - 14 * DAY,
    ...overrides,
  });
}

/** People who answered the survey: in the Slack workspace, in the members table, and in the pool. */
function seedPeople(p: Program, people: Person[]): void {
  const now = h.clock.now().getTime();
  for (const x of people) {
    if (!h.sim.user(x.id)) h.sim.addUser({ id: x.id, real_name: x.name, tz: x.tz });
    h.db.insert(members).values({ userId: x.id, name: x.name, tz: x.tz, updatedAt: now }).run();
    const part = h.db
      .insert(participants)
      .values({ programId: p.id, userId: x.id, status: 'answered', invitedAt: now, answeredAt: now })
      .returning()
      .get();
    h.db
      .insert(surveyAnswers)
      .values({
        participantId: part.id,
        role: x.role,
        level: x.level,
        department: x.department,
        teach: x.teach,
        learn: x.learn,
        goals: 'Learn from each other.',
        avoid: [],
        updatedAt: now,
      })
      .run();
  }
}

function seed(people: Person[], overrides: Partial<Program> = {}): Program {
  program = seedProgram(overrides);
  seedPeople(program, people);
  return program;
}

const keyOf = (m: SimMessage) => String(m.metadata?.event_payload?.outbox_key ?? '');

/** DMs to a person whose outbox key starts with `prefix` (offer:, offer-reminder:, unmatched:, ...). */
function dmsTo(userId: string, prefix: string): SimMessage[] {
  return h.sim.messagesTo(userId).filter((m) => keyOf(m).startsWith(prefix));
}

function offerDm(userId: string, offerId: number): SimMessage {
  const m = h.sim.messagesTo(userId).find((x) => keyOf(x) === `offer:${offerId}:${userId}`);
  if (!m) throw new Error(`${userId} has no DM for offer ${offerId}`);
  return m;
}

function buttonsOf(m: { blocks?: unknown[] }): { action_id: string; value?: string }[] {
  const out: { action_id: string; value?: string }[] = [];
  for (const b of (m.blocks ?? []) as { type?: string; elements?: unknown[]; accessory?: unknown }[]) {
    const els = [...(b.type === 'actions' ? (b.elements ?? []) : []), ...(b.accessory ? [b.accessory] : [])];
    for (const e of els as { type?: string; action_id: string; value?: string }[])
      if (e.type === 'button') out.push({ action_id: e.action_id, value: e.value });
  }
  return out;
}

const allOffers = () => h.db.select().from(offers).orderBy(offers.id).all();
const membersOfOffer = (id: number) =>
  h.db.select().from(offerMembers).where(eq(offerMembers.offerId, id)).orderBy(offerMembers.userId).all();
const allRelationships = () => h.db.select().from(relationships).all();
const outboxCount = () => h.db.select().from(outbox).all().length;
const pairOf = (offerId: number) =>
  membersOfOffer(offerId)
    .map((m) => m.userId)
    .sort()
    .join('+');

/** A click on a button in a stored message; resolves with what the app posted to the click's response_url. */
async function click(userId: string, actionId: string, msg: SimMessage, value?: string) {
  const before = h.sim.responses.length;
  const res = await h.slack.action(userId, actionId, value, {
    message: { channel: msg.channel, ts: msg.ts },
  });
  expect(res.status).toBe(200);
  return eventually(() => {
    const r = h.sim.responses[before];
    if (!r) throw new Error(`no response to ${userId}'s ${actionId}`);
    return r.body as {
      text?: string;
      blocks?: unknown[];
      replace_original?: boolean;
      response_type?: string;
    };
  });
}

/** A manual round now, then everything due delivered. */
async function round(periodTag?: string) {
  const outcome = jobs.match(h.deps, h.clock.now(), { trigger: 'manual', periodTag });
  await h.deliver();
  return outcome[0]?.summary ?? {};
}

async function scheduled() {
  const outcome = jobs.match(h.deps, h.clock.now(), { trigger: 'schedule' });
  await h.deliver();
  return outcome[0];
}

/** The group DMs the bot opened for several people (DMs to one person are opened by id, without a comma). */
const groupOpens = () =>
  h.sim.callsTo('conversations.open').filter((c) => String(c.args.users).includes(','));

/** The group DM the first such call opened. */
function groupChannel(): string {
  const open = groupOpens()[0];
  if (!open) throw new Error('no group DM was opened');
  return (open.response.channel as { id: string }).id;
}

describe('a matching round', () => {
  it('offers each side a DM with two-way skills, departments, shared hours and the buttons; the unmatched hear why', async () => {
    seed([early(ANNA, 'Anna'), senior(BEN, 'Ben'), cal]);
    const summary = await round();
    expect(summary).toMatchObject({ pool: 3, offers: 1, unmatched: 1 });

    const [offer] = allOffers();
    expect(offer?.status).toBe('pending');
    const id = offer!.id;
    expect(membersOfOffer(id).map((m) => [m.userId, m.role, m.response])).toEqual([
      [ANNA, 'mentor', 'pending'],
      [BEN, 'mentee', 'pending'],
    ]);

    for (const [me, other, role] of [
      [ANNA, BEN, 'You would be the mentor'],
      [BEN, ANNA, 'You would be the mentee'],
    ] as const) {
      const dm = offerDm(me, id);
      const text = readable(dm);
      expect(text).toContain(`<@${other}>`);
      expect(text).toContain('Anna can show Ben AI tools; Ben can coach Anna on leadership');
      expect(text).toContain('different departments (R&amp;D and Finance)');
      // Berlin 09-17 and London 09-17 share 7 hours in winter.
      expect(text).toContain('7 hours of shared working time');
      expect(text).toContain(role);
      expect(buttonsOf(dm)).toEqual(
        expect.arrayContaining([
          { action_id: 'offer_accept', value: String(id) },
          { action_id: 'offer_decline', value: String(id) },
        ]),
      );
    }

    // Cal wants to learn strategy, which nobody teaches: a kind DM with the reason and the next round.
    expect(dmsTo(CAL, 'offer:')).toHaveLength(0);
    const [sorry, ...more] = dmsTo(CAL, 'unmatched:');
    expect(more).toHaveLength(0);
    const text = readable(sorry);
    expect(text).toContain('No match for you in this round');
    expect(text).toContain('Nobody in this round teaches what you want to learn yet.');
    expect(text).toContain("You stay in the pool, and I'll try again on Mon 11 Jan");
    expect(buttonsOf(sorry!)).toEqual([]);
  });

  it('runs from /mentor admin match for the owner; anyone else is refused politely and nothing runs', async () => {
    seed([early(ANNA, 'Anna'), senior(BEN, 'Ben')]);

    const refused = await h.slack.command(ANNA, 'admin match');
    expect(refused.status).toBe(200);
    expect(refused.body).toMatchObject({ response_type: 'ephemeral' });
    expect(readable(refused.body as never)).toContain('Only program owners can use `/mentor admin`');
    await new Promise((r) => setTimeout(r, 100));
    await h.deliver();
    expect(allOffers()).toHaveLength(0);
    expect(h.db.select().from(jobRuns).all()).toHaveLength(0);
    expect(h.sim.messagesTo(ANNA)).toHaveLength(0);
    expect(h.sim.messagesTo(BEN)).toHaveLength(0);

    const reply = await h.slack.command(OWNER, 'admin match');
    expect(reply.status).toBe(200);
    expect(readable(reply.body as never)).toContain('Running a matching round now');
    const report = await eventually(() => {
      const r = h.sim.responsesTo(reply.responseId)[0];
      if (!r) throw new Error('no report yet');
      return r.body as { text: string; response_type: string };
    });
    expect(report.response_type).toBe('ephemeral');
    expect(report.text).toContain(
      '*Reverse mentoring*: 1 match offer sent to 2 people waiting; 0 still without a match',
    );
    await h.deliver();
    const [offer] = allOffers();
    expect(offerDm(ANNA, offer!.id)).toBeDefined();
    expect(offerDm(BEN, offer!.id)).toBeDefined();
  });
});

describe('answering an offer', () => {
  it('accepted by both: a relationship, a group DM with both, and a kickoff; the clicked messages show the choice', async () => {
    seed([early(ANNA, 'Anna'), senior(BEN, 'Ben')]);
    await round();
    const id = allOffers()[0]!.id;

    const first = await click(ANNA, 'offer_accept', offerDm(ANNA, id));
    expect(first.replace_original).toBe(true);
    expect(readable(first)).toContain(`You accepted this match. Now waiting for <@${BEN}>`);
    expect(buttonsOf(first)).toEqual([]);
    expect(allRelationships()).toHaveLength(0);
    await h.deliver();
    expect(groupOpens()).toHaveLength(0);

    const last = await click(BEN, 'offer_accept', offerDm(BEN, id));
    expect(last.replace_original).toBe(true);
    expect(readable(last)).toContain('You accepted, and so did everyone: your group DM is open');

    const [rel, ...others] = allRelationships();
    expect(others).toHaveLength(0);
    expect(rel).toMatchObject({
      programId: program.id,
      offerId: id,
      status: 'active',
      startedAt: MONDAY_MORNING.getTime(),
    });
    const rms = h.db
      .select()
      .from(relationshipMembers)
      .where(eq(relationshipMembers.relationshipId, rel!.id))
      .orderBy(relationshipMembers.userId)
      .all();
    expect(rms.map((m) => [m.userId, m.role])).toEqual([
      [ANNA, 'mentor'],
      [BEN, 'mentee'],
    ]);
    expect(allOffers()[0]?.status).toBe('accepted');

    // The kickoff answers the last click, so it goes at once (no working-hours wait).
    await h.deliver();
    const [open] = groupOpens();
    expect(String(open?.args.users).split(',').sort()).toEqual([ANNA, BEN]);
    const channel = groupChannel();
    const [kickoff, ...extra] = h.sim.messagesIn(channel);
    expect(extra).toHaveLength(0);
    const text = readable(kickoff);
    expect(text).toContain("You're matched!");
    expect(text).toContain(`<@${ANNA}>`);
    expect(text).toContain(`<@${BEN}>`);
    expect(text).toContain('*Who teaches what*');
    expect(text).toContain('Anna can show Ben AI tools; Ben can coach Anna on leadership');
    expect(text).toContain('meet every 2 weeks for 12 weeks');
    expect(text).toContain('*Your first session*');
    expect(text).toContain('Agree your goals');
    expect(buttonsOf(kickoff!)).toEqual([{ action_id: 'session_met', value: String(rel!.id) }]);
  });

  it('a double click, or a click after the offer closed, changes nothing', async () => {
    seed([early(ANNA, 'Anna'), senior(BEN, 'Ben')]);
    await round();
    const id = allOffers()[0]!.id;

    await click(ANNA, 'offer_accept', offerDm(ANNA, id));
    const answeredAt = membersOfOffer(id).find((m) => m.userId === ANNA)?.respondedAt;
    h.clock.advance(60_000);
    const again = await click(ANNA, 'offer_accept', offerDm(ANNA, id));
    expect(readable(again)).toContain(`Now waiting for <@${BEN}>`);
    // A decline after an accept is a change of mind on a message that already shows the answer: ignored.
    const changed = await click(ANNA, 'offer_decline', offerDm(ANNA, id));
    expect(readable(changed)).toContain('You accepted this match');
    expect(membersOfOffer(id).find((m) => m.userId === ANNA)).toMatchObject({
      response: 'accepted',
      respondedAt: answeredAt,
    });
    expect(allOffers()[0]?.status).toBe('pending');

    await click(BEN, 'offer_accept', offerDm(BEN, id));
    for (const [who, action] of [
      [BEN, 'offer_accept'],
      [ANNA, 'offer_accept'],
      [BEN, 'offer_decline'],
    ] as const) {
      const late = await click(who, action, offerDm(who, id));
      expect(late).toMatchObject({ response_type: 'ephemeral', replace_original: false });
      expect(late.text).toContain('This match has already started');
    }
    await h.deliver();

    expect(allRelationships()).toHaveLength(1);
    expect(allOffers()[0]?.status).toBe('accepted');
    expect(groupOpens()).toHaveLength(1);
    const channel = groupChannel();
    expect(h.sim.messagesIn(channel)).toHaveLength(1);
    expect(h.sim.messages.filter((m) => keyOf(m).startsWith('kickoff:'))).toHaveLength(1);
    expect(h.sim.messagesTo(ANNA).filter((m) => keyOf(m).startsWith('offer-closed:'))).toHaveLength(0);
  });

  it('a decline tells the other side gently, puts both back in the pool, and the pair is never proposed again', async () => {
    seed([early(ANNA, 'Anna'), early(AMY, 'Amy'), senior(BEN, 'Ben'), senior(BEA, 'Bea')]);
    expect(await round()).toMatchObject({ pool: 4, offers: 2, unmatched: 0 });
    const firstRound = allOffers();
    const declined = firstRound.map((o) => pairOf(o.id));

    for (const o of firstRound) {
      const [mentor, mentee] = [
        membersOfOffer(o.id).find((m) => m.role === 'mentor')!.userId,
        membersOfOffer(o.id).find((m) => m.role === 'mentee')!.userId,
      ];
      const answer = await click(mentor, 'offer_decline', offerDm(mentor, o.id));
      expect(answer.replace_original).toBe(true);
      expect(readable(answer)).toContain('You declined this match with <@');
      expect(readable(answer)).toContain("you're back in the pool");

      // The other side clicking Accept afterwards changes nothing.
      const late = await click(mentee, 'offer_accept', offerDm(mentee, o.id));
      expect(late).toMatchObject({ response_type: 'ephemeral', replace_original: false });
      expect(late.text).toContain('This match was declined');
    }
    await h.deliver();
    expect(allOffers().map((o) => o.status)).toEqual(['declined', 'declined']);
    expect(allRelationships()).toHaveLength(0);

    for (const o of firstRound) {
      const m = membersOfOffer(o.id);
      const mentor = m.find((x) => x.role === 'mentor')!.userId;
      const mentee = m.find((x) => x.role === 'mentee')!.userId;
      expect(m.find((x) => x.userId === mentee)?.response).toBe('pending');
      const [told, ...more] = dmsTo(mentee, 'offer-closed:');
      expect(more).toHaveLength(0);
      const text = readable(told);
      expect(text).toContain("won't go ahead this time");
      expect(text).toContain('it says nothing about you');
      expect(text).toContain("You're back in the pool");
      // No blame: the decliner is neither named nor said to have declined.
      expect(text).not.toContain(mentor);
      expect(text).not.toMatch(/declin/i);
      // The decliner answered by clicking; they get no DM about it.
      expect(dmsTo(mentor, 'offer-closed:')).toHaveLength(0);
    }
    expect(
      h.db
        .select()
        .from(blockedPairs)
        .all()
        .map((b) => `${b.userA}+${b.userB}:${b.reason}`)
        .sort(),
    ).toEqual(declined.map((p) => `${p}:declined`).sort());
    expect(
      loadPool(h.db, program.id, h.clock.now())
        .map((p) => p.userId)
        .sort(),
    ).toEqual([AMY, ANNA, BEA, BEN].sort());

    // The next round pairs the same four the other way round.
    h.clock.advance(DAY);
    expect(await round()).toMatchObject({ pool: 4, offers: 2, unmatched: 0 });
    const secondRound = allOffers().slice(2);
    expect(secondRound).toHaveLength(2);
    const newPairs = secondRound.map((o) => pairOf(o.id));
    for (const p of newPairs) expect(declined).not.toContain(p);
    expect(newPairs.sort()).toEqual(complement(declined).sort());
    for (const o of secondRound)
      for (const m of membersOfOffer(o.id)) expect(offerDm(m.userId, o.id)).toBeDefined();
  });

  it('an unanswered offer gets one reminder after 3 days and expires after 5; both are told and back in the pool', async () => {
    seed([early(ANNA, 'Anna'), senior(BEN, 'Ben')]);
    await round();
    const id = allOffers()[0]!.id;

    // Day 2: too early for anything.
    h.clock.set(new Date(MONDAY_MORNING.getTime() + 2 * DAY));
    expect((await scheduled())?.summary).toMatchObject({ offerReminders: 0, offersExpired: 0 });
    expect(dmsTo(ANNA, 'offer-reminder:')).toHaveLength(0);

    // Day 3 (Thursday): one reminder each, with the buttons again.
    h.clock.set(new Date(MONDAY_MORNING.getTime() + 3 * DAY));
    expect((await scheduled())?.summary).toMatchObject({ offerReminders: 1, offersExpired: 0 });
    for (const who of [ANNA, BEN]) {
      const [reminder, ...more] = dmsTo(who, 'offer-reminder:');
      expect(more).toHaveLength(0);
      expect(readable(reminder)).toContain('A gentle reminder: this match is waiting for your answer');
      expect(buttonsOf(reminder!)).toEqual(
        expect.arrayContaining([{ action_id: 'offer_accept', value: String(id) }]),
      );
    }

    // Day 4: still open, and no second reminder.
    h.clock.set(new Date(MONDAY_MORNING.getTime() + 4 * DAY));
    expect((await scheduled())?.summary).toMatchObject({ offerReminders: 0, offersExpired: 0 });
    expect(allOffers()[0]?.status).toBe('pending');

    // Day 5 (Saturday): expired. The news waits for Monday's working hours.
    h.clock.set(new Date(MONDAY_MORNING.getTime() + 5 * DAY));
    expect((await scheduled())?.summary).toMatchObject({ offersExpired: 1 });
    expect(allOffers()[0]?.status).toBe('expired');
    const rows = outboxCount();
    const sent = h.sim.messages.length;
    const again = await scheduled();
    expect(again?.ran).toBe(false);
    expect(outboxCount()).toBe(rows);
    expect(h.sim.messages.length).toBe(sent);

    h.clock.set(new Date('2027-01-11T09:30:00Z'));
    await h.deliver();
    for (const who of [ANNA, BEN]) {
      const [told, ...more] = dmsTo(who, 'offer-closed:');
      expect(more).toHaveLength(0);
      expect(readable(told)).toContain("The match I suggested wasn't confirmed in time, so I've closed it.");
      expect(readable(told)).toContain("You're back in the pool");
      expect(dmsTo(who, 'offer-reminder:')).toHaveLength(1);
    }
    expect(
      loadPool(h.db, program.id, h.clock.now())
        .map((p) => p.userId)
        .sort(),
    ).toEqual([ANNA, BEN]);
    expect(h.db.select().from(blockedPairs).all()).toMatchObject([
      { userA: ANNA, userB: BEN, reason: 'expired' },
    ]);

    // Accepting the expired offer now starts nothing.
    const late = await click(ANNA, 'offer_accept', offerDm(ANNA, id));
    expect(late.text).toContain('This match expired');
    expect(allRelationships()).toHaveLength(0);
  });

  it("refuses someone else's offer id in a button and changes nothing", async () => {
    seed([early(ANNA, 'Anna'), senior(BEN, 'Ben'), cal]);
    await round();
    const id = allOffers()[0]!.id;
    const calsDm = dmsTo(CAL, 'unmatched:')[0]!;
    const rows = outboxCount();

    for (const [action, value] of [
      ['offer_accept', String(id)],
      ['offer_decline', String(id)],
      ['offer_alternatives', String(id)],
      [`offer_pick:${CAL}`, `${id}:${CAL}`],
      ['offer_accept', `${id} OR 1=1`],
    ] as const) {
      const reply = await click(CAL, action, calsDm, value);
      expect(reply).toMatchObject({ response_type: 'ephemeral' });
      expect(reply.text).toContain("isn't one of yours");
    }
    await h.deliver();

    expect(allOffers()[0]?.status).toBe('pending');
    expect(membersOfOffer(id).map((m) => m.response)).toEqual(['pending', 'pending']);
    expect(allRelationships()).toHaveLength(0);
    expect(h.db.select().from(blockedPairs).all()).toHaveLength(0);
    expect(outboxCount()).toBe(rows);
    expect(dmsTo(ANNA, 'offer-closed:')).toHaveLength(0);
    expect(dmsTo(BEN, 'offer-closed:')).toHaveLength(0);
  });
});

describe('offers that cannot be answered', () => {
  it('closes an offer whose DM could not be delivered, so the other side is not left waiting', async () => {
    seed([early(ANNA, 'Anna'), senior(BEN, 'Ben')]);
    // Ben's account was deactivated after he answered the survey.
    h.sim.user(BEN)!.deleted = true;
    await round();
    const id = allOffers()[0]!.id;
    expect(
      h.db
        .select()
        .from(outbox)
        .where(eq(outbox.key, `offer:${id}:${BEN}`))
        .get()?.status,
    ).toBe('failed');
    await click(ANNA, 'offer_accept', offerDm(ANNA, id));

    h.clock.set(new Date(MONDAY_MORNING.getTime() + DAY));
    await scheduled();
    expect(allOffers()[0]?.status).not.toBe('pending');
    expect(allRelationships()).toHaveLength(0);
    const [told, ...more] = dmsTo(ANNA, 'offer-closed:');
    expect(more).toHaveLength(0);
    expect(readable(told)).toContain("won't go ahead this time");
    expect(readable(told)).not.toContain(BEN);
    expect(
      h.db
        .select()
        .from(outbox)
        .where(eq(outbox.key, `offer-closed:${id}:${BEN}`))
        .get(),
    ).toBeUndefined();
    expect(h.db.select().from(blockedPairs).all()).toHaveLength(0);
    expect(loadPool(h.db, program.id, h.clock.now()).map((p) => p.userId)).toEqual([ANNA]);
  });
});

describe('choosing instead of being chosen', () => {
  it('lists up to three alternatives with reasons; picking one withdraws the old offer and asks the picked person', async () => {
    seed([early(ANNA, 'Anna'), senior(BEN, 'Ben')]);
    await round();
    const id = allOffers()[0]!.id;
    // Four more people answered the survey after the round: they wait in the pool.
    const late = ['UBO000001', 'UBIX00001', 'UBUD00001', 'UBEA00001'];
    seedPeople(program, [
      senior(late[0]!, 'Bo'),
      senior(late[1]!, 'Bix'),
      senior(late[2]!, 'Bud'),
      senior(late[3]!, 'Bea'),
    ]);

    const list = await click(ANNA, 'offer_alternatives', offerDm(ANNA, id));
    expect(list).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    const picks = buttonsOf(list).filter((b) => b.action_id.startsWith('offer_pick:'));
    expect(picks).toHaveLength(3);
    const shown = picks.map((b) => b.action_id.slice('offer_pick:'.length));
    for (const u of shown) {
      expect(late).toContain(u);
      expect(picks).toContainEqual({ action_id: `offer_pick:${u}`, value: `${id}:${u}` });
    }
    const text = readable(list);
    expect(text).not.toContain(`<@${BEN}>`);
    for (const u of shown) expect(text).toContain(`<@${u}>`);
    expect(text).toContain('Anna can show');
    expect(text).toContain('different departments (R&amp;D and Finance)');
    expect(text).toContain('7 hours of shared working time');
    // Asking changes nothing yet.
    expect(allOffers()).toHaveLength(1);
    expect(allOffers()[0]?.status).toBe('pending');

    // Someone who was not offered (here: the current partner) cannot be picked.
    const refused = await click(ANNA, `offer_pick:${BEN}`, offerDm(ANNA, id), `${id}:${BEN}`);
    expect(refused.text).toContain('That person is no longer available');
    expect(allOffers()).toHaveLength(1);

    const picked = shown[0]!;
    const done = await click(ANNA, `offer_pick:${picked}`, offerDm(ANNA, id), `${id}:${picked}`);
    expect(readable(done)).toContain(`I've asked <@${picked}>`);
    await h.deliver();

    const [old, fresh, ...more] = allOffers();
    expect(more).toHaveLength(0);
    expect(old?.status).toBe('withdrawn');
    expect(fresh?.status).toBe('pending');
    expect(membersOfOffer(fresh!.id).map((m) => [m.userId, m.response])).toEqual(
      [
        [ANNA, 'accepted'],
        [picked, 'pending'],
      ].sort((a, b) => a[0]!.localeCompare(b[0]!)),
    );
    // Ben is told gently and is back in the pool; a withdrawal blocks nobody.
    const [told, ...twice] = dmsTo(BEN, 'offer-closed:');
    expect(twice).toHaveLength(0);
    expect(readable(told)).toContain("won't go ahead this time");
    expect(readable(told)).not.toContain(ANNA);
    expect(loadPool(h.db, program.id, h.clock.now()).map((p) => p.userId)).toContain(BEN);
    expect(h.db.select().from(blockedPairs).all()).toHaveLength(0);
    // Anna chose, so she is not asked again.
    expect(h.sim.messagesTo(ANNA).filter((m) => keyOf(m) === `offer:${fresh!.id}:${ANNA}`)).toHaveLength(0);

    const ask = offerDm(picked, fresh!.id);
    expect(readable(ask)).toContain(`<@${ANNA}> would like to be matched with you`);
    expect(buttonsOf(ask).map((b) => b.action_id)).toEqual(['offer_accept', 'offer_decline']);

    // Three days on, the reminder still says who asked, and still offers no alternatives to the one asked.
    h.clock.set(new Date(MONDAY_MORNING.getTime() + 3 * DAY));
    expect((await scheduled())?.summary).toMatchObject({ offerReminders: 1 });
    const [reminder, ...reminders] = dmsTo(picked, 'offer-reminder:');
    expect(reminders).toHaveLength(0);
    expect(readable(reminder)).toContain(`<@${ANNA}> would like to be matched with you`);
    expect(buttonsOf(reminder!).map((b) => b.action_id)).toEqual(['offer_accept', 'offer_decline']);
    expect(dmsTo(ANNA, 'offer-reminder:')).toHaveLength(0);

    const yes = await click(picked, 'offer_accept', ask);
    expect(readable(yes)).toContain('so did everyone');
    await h.deliver();
    const [rel, ...others] = allRelationships();
    expect(others).toHaveLength(0);
    expect(rel?.offerId).toBe(fresh!.id);
    const [open] = groupOpens();
    expect(String(open?.args.users).split(',').sort()).toEqual([ANNA, picked].sort());
    const channel = groupChannel();
    expect(readable(h.sim.messagesIn(channel)[0])).toContain("You're matched!");
  });
});

describe('the day before a scheduled round', () => {
  it('gives the pool a heads-up, and "Skip this round" keeps that person out of the round', async () => {
    // The survey window closes tomorrow, Tuesday: the first scheduled round.
    seed([early(ANNA, 'Anna'), early(AMY, 'Amy'), senior(BEN, 'Ben')], {
      surveyClosesAt: MONDAY_MORNING.getTime() + DAY,
    });

    const monday = await scheduled();
    expect(monday?.summary).toMatchObject({ headsUp: 3 });
    expect(allOffers()).toHaveLength(0);
    for (const who of [ANNA, AMY, BEN]) {
      const [note, ...more] = dmsTo(who, 'round-heads-up:');
      expect(more).toHaveLength(0);
      expect(readable(note)).toContain('the next matching round for *Reverse mentoring* runs on Tue 5 Jan');
      expect(buttonsOf(note!)).toEqual([{ action_id: 'match_skip', value: String(program.id) }]);
    }
    // A second run the same day sends nothing more.
    expect((await scheduled())?.ran).toBe(false);
    expect(dmsTo(ANNA, 'round-heads-up:')).toHaveLength(1);

    const skipped = await click(ANNA, 'match_skip', dmsTo(ANNA, 'round-heads-up:')[0]!);
    expect(skipped.text).toContain("you'll skip this round");
    const part = h.db
      .select()
      .from(participants)
      .where(and(eq(participants.programId, program.id), eq(participants.userId, ANNA)))
      .get();
    expect(part?.skipUntil).toBeGreaterThan(MONDAY_MORNING.getTime() + DAY);

    // Tuesday: the round runs without Anna, who hears nothing (she asked to skip).
    h.clock.set(new Date(MONDAY_MORNING.getTime() + DAY));
    const tuesday = await scheduled();
    expect(tuesday?.summary).toMatchObject({ pool: 2, offers: 1, unmatched: 0 });
    const [offer] = allOffers();
    expect(pairOf(offer!.id)).toBe([AMY, BEN].sort().join('+'));
    expect(h.sim.messagesTo(ANNA).map(keyOf)).toEqual([expect.stringMatching(/^round-heads-up:/)]);

    // After the round she is waiting again for the next one.
    h.clock.set(new Date(MONDAY_MORNING.getTime() + 2 * DAY + 60_000));
    expect(loadPool(h.db, program.id, h.clock.now()).map((p) => p.userId)).toEqual([ANNA]);
  });
});

/** The two pairs of early × senior people not in `pairs` (two pairs over the same four people). */
function complement(pairs: string[]): string[] {
  const [a, b] = [ANNA, AMY];
  const [x, y] = [BEA, BEN];
  const all = [
    [a, x],
    [a, y],
    [b, x],
    [b, y],
  ].map((p) => p.sort().join('+'));
  return all.filter((p) => !pairs.includes(p));
}
