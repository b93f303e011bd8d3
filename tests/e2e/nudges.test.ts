/**
 * Sessions and slip nudges end to end: the real app over HTTP, the fake Slack Web API and a real SQLite file. Pairs
 * are started the way `respondToOffer` starts them (relationship, members, blocked pair, the group DM's
 * conversations.open row); everything after that goes through jobs, commands, buttons and events.
 */
import { and, eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config';
import { insertProgram, type Program } from '../../src/db/repositories/programs';
import {
  auditLog,
  blockedPairs,
  goals,
  jobRuns,
  members,
  nudges,
  offerMembers,
  offers,
  outbox,
  participants,
  relationshipMembers,
  relationships,
  sessions,
  surveyAnswers,
} from '../../src/db/schema';
import type { SimMessage } from '../../src/demo/slack-sim';
import { conversationStarter } from '../../src/domain/slips';
import { isWorkingTime } from '../../src/domain/time';
import { jobs } from '../../src/jobs';
import { enqueue } from '../../src/outbox/enqueue';
import { eventually, type Harness, OWNER, readable, startHarness } from '../helpers/harness';
import { buttons, outboxRow } from '../helpers/programs';
import { stateValues } from '../helpers/slack-requests';

const DAY = 86_400_000;
const BERLIN = 'Europe/Berlin';
const LONDON = 'Europe/London';
const NEW_YORK = 'America/New_York';
const LOS_ANGELES = 'America/Los_Angeles';
const TOKYO = 'Asia/Tokyo';

// Reverse mentoring: early-career mentors teach AI tools, senior mentees teach leadership.
const ANNA = 'UANNA0001';
const BEN = 'UBEN00001';
const CAL = 'UCAL00001';
const DEE = 'UDEE00001';
/** A second program owner, in New York. */
const OWNER2 = 'UOWNER2NY';

interface Person {
  id: string;
  name: string;
  tz: string;
  role: 'mentor' | 'mentee';
  level: 'early' | 'mid' | 'senior' | 'executive';
}

const anna: Person = { id: ANNA, name: 'Anna', tz: BERLIN, role: 'mentor', level: 'early' };
const ben: Person = { id: BEN, name: 'Ben', tz: LONDON, role: 'mentee', level: 'senior' };
const cal: Person = { id: CAL, name: 'Cal', tz: BERLIN, role: 'mentor', level: 'early' };
const dee: Person = { id: DEE, name: 'Dee', tz: LONDON, role: 'mentee', level: 'senior' };

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function start(config: Partial<Config> = {}, now?: Date): Promise<Harness> {
  h = await startHarness({ workspace: {}, config, now });
  return h;
}

function hh(): Harness {
  if (!h) throw new Error('no harness');
  return h;
}

/** An open program in Berlin with a 14-day cadence, running long enough for every test here. */
function openProgram(name = 'Reverse mentoring'): Program {
  const now = hh().clock.now().getTime();
  return insertProgram(hh().db, {
    name,
    kind: 'reverse',
    weeks: 26,
    cadenceDays: 14,
    checkinDays: 28,
    timeZone: BERLIN,
    ownerId: OWNER,
    status: 'open',
    launchedAt: now - 14 * DAY,
    surveyClosesAt: now - DAY,
    endsAt: now + 182 * DAY,
    createdAt: now - 14 * DAY,
  });
}

/** People who answered the survey and wait in the pool. */
function addPeople(program: Program, people: Person[]): void {
  const { db, sim, clock } = hh();
  const now = clock.now().getTime();
  for (const p of people) {
    if (!sim.user(p.id)) sim.addUser({ id: p.id, real_name: p.name, tz: p.tz });
    db.insert(members)
      .values({ userId: p.id, name: p.name, tz: p.tz, updatedAt: now })
      .onConflictDoNothing()
      .run();
    const part = db
      .insert(participants)
      .values({ programId: program.id, userId: p.id, status: 'answered', invitedAt: now, answeredAt: now })
      .returning()
      .get();
    const mentor = p.role === 'mentor';
    db.insert(surveyAnswers)
      .values({
        participantId: part.id,
        role: p.role,
        level: p.level,
        department: mentor ? 'Engineering' : 'Finance',
        teach: mentor ? ['ai-tools'] : ['leadership'],
        learn: mentor ? ['leadership'] : ['ai-tools'],
        goals: 'Learn from each other.',
        avoid: [],
        updatedAt: now,
      })
      .run();
  }
}

/** Starts a relationship now, as the last acceptance of an offer does; returns its id. */
function startPair(program: Program, people: Person[]): number {
  const { db, clock } = hh();
  const now = clock.now();
  const rel = db
    .insert(relationships)
    .values({ programId: program.id, startedAt: now.getTime() })
    .returning({ id: relationships.id })
    .get();
  for (const p of people)
    db.insert(relationshipMembers).values({ relationshipId: rel.id, userId: p.id, role: p.role }).run();
  const [a, b] = people.map((p) => p.id).sort();
  db.insert(blockedPairs)
    .values({ programId: program.id, userA: a!, userB: b!, reason: 'matched', createdAt: now.getTime() })
    .run();
  enqueue(
    db,
    {
      key: `rel-open:${rel.id}`,
      method: 'conversations.open',
      payload: { users: people.map((p) => p.id).join(',') },
    },
    now,
  );
  return rel.id;
}

/** The usual fixture: Anna (Berlin, early career) and Ben (London, senior) started Monday 2027-01-04 10:00 UTC. */
async function annaAndBen(config: Partial<Config> = {}) {
  await start(config);
  const program = openProgram();
  addPeople(program, [anna, ben]);
  const relId = startPair(program, [anna, ben]);
  await hh().deliver();
  return { program, relId, group: groupOf(relId) };
}

function groupOf(relId: number): string {
  const result = outboxRow(hh().db, `rel-open:${relId}`)?.result as { channel?: { id?: string } } | null;
  const id = result?.channel?.id;
  if (!id) throw new Error(`the group DM of relationship ${relId} is not open`);
  return id;
}

const keyOf = (m: SimMessage) => String(m.metadata?.event_payload?.outbox_key ?? '');
const relOf = (relId: number) =>
  hh().db.select().from(relationships).where(eq(relationships.id, relId)).get()!;
const nudgeRows = (relId: number) =>
  hh().db.select().from(nudges).where(eq(nudges.relationshipId, relId)).orderBy(nudges.id).all();
const nudgeMessages = () => hh().sim.messages.filter((m) => keyOf(m).startsWith('nudge:'));
const dmsTo = (userId: string, prefix: string) =>
  hh()
    .sim.messagesTo(userId)
    .filter((m) => keyOf(m).startsWith(prefix));

/** The daily nudges job, as the scheduler would run it at `iso` (the clock moves there too). */
function nudgeAt(iso: string): { ran: boolean; summary: Record<string, number> } {
  hh().clock.set(new Date(iso));
  const outcome = jobs.nudges(hh().deps, hh().clock.now())[0];
  if (!outcome) throw new Error('no open program');
  return outcome;
}

async function deliverAt(iso: string) {
  hh().clock.set(new Date(iso));
  return hh().deliver();
}

/** What the app posted to the response_url of the click made after `before` responses. */
async function responseAfter(before: number) {
  return eventually(() => {
    const r = hh().sim.responses[before];
    if (!r) throw new Error('no response yet');
    return r.body as {
      text?: string;
      blocks?: unknown[];
      replace_original?: boolean;
      response_type?: string;
    };
  });
}

/** Clicks a button in a message the person received; resolves with the response_url post. */
async function click(userId: string, actionId: string, m: SimMessage, value?: string) {
  const before = hh().sim.responses.length;
  const res = await hh().slack.action(userId, actionId, value, { message: { channel: m.channel, ts: m.ts } });
  expect(res.status).toBe(200);
  return responseAfter(before);
}

/** Clicks a button in an ephemeral reply (Slack still sends a response_url). */
async function clickEphemeral(userId: string, actionId: string, value: string) {
  const before = hh().sim.responses.length;
  const channel = hh().sim.dmChannelOf(userId);
  const res = await hh().slack.action(userId, actionId, value, {
    message: { channel, ts: '1799999999.000100' },
    container: { type: 'message', message_ts: '1799999999.000100', channel_id: channel, is_ephemeral: true },
  });
  expect(res.status).toBe(200);
  return responseAfter(before);
}

async function command(userId: string, text: string) {
  const reply = await hh().slack.command(userId, text);
  expect(reply.status).toBe(200);
  return reply.body as { response_type?: string; text?: string; blocks?: unknown[] };
}

/** A `user_change` event carrying the person's whole Slack user object, as Slack sends it. */
async function userChange(userId: string, profile: Record<string, unknown>, deleted = false) {
  const u = hh().sim.user(userId)!;
  u.deleted = deleted;
  Object.assign(u.profile, profile);
  // Slack leaves the time zone out of a deactivated user's object.
  const { tz, tz_label, tz_offset, ...rest } = u;
  const user = deleted ? { ...rest, profile: { ...u.profile } } : { ...rest, tz, tz_label, tz_offset };
  const res = await hh().slack.event({ type: 'user_change', user });
  expect(res.status).toBe(200);
}

const settle = (ms = 150) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------------------
// Reading the suggested times as each person would
// ---------------------------------------------------------------------------------------------------------

/** One suggested time as each person reads it on their own clock (a part without a date keeps the line's date). */
function readSlots(m: SimMessage, zones: Record<string, string>): Map<string, DateTime>[] {
  const lines = readable(m)
    .split('\n')
    .filter((l) => l.startsWith('• '));
  return lines.map((line) => {
    const out = new Map<string, DateTime>();
    let date: string | null = null;
    for (const part of line.slice(2).split(' · ')) {
      const match = /^(?:(\w{3}) (\d{1,2}) (\w{3}), )?(\d\d:\d\d) for <@(\w+)>$/.exec(part);
      if (!match) throw new Error(`not a suggested time: ${part}`);
      const [, weekday, day, month, time, userId] = match;
      if (day) date = `${day} ${month} 2027`;
      if (!date) throw new Error(`no date in ${line}`);
      const zone = zones[userId!];
      if (!zone) throw new Error(`unexpected person in ${line}`);
      const local = DateTime.fromFormat(`${date} ${time}`, 'd MMM yyyy HH:mm', { zone });
      expect(local.isValid).toBe(true);
      if (weekday) expect(local.toFormat('ccc')).toBe(weekday);
      out.set(userId!, local);
    }
    return out;
  });
}

/** Every person reads the same instant, and a 30-minute meeting then is inside their 09:00-17:00 on a weekday. */
function expectInsideEveryonesHours(slots: Map<string, DateTime>[]) {
  for (const slot of slots) {
    const instants = new Set([...slot.values()].map((d) => d.toMillis()));
    expect(instants.size).toBe(1);
    for (const local of slot.values()) {
      expect(local.weekday).toBeLessThanOrEqual(5);
      expect(local.toFormat('HH:mm') >= '09:00' && local.toFormat('HH:mm') <= '16:30').toBe(true);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------

describe('step 1: a reminder in the group DM', () => {
  it('is posted once, where conversations.open said, with times in each zone, a starter and "We met"', async () => {
    const { relId, group } = await annaAndBen();
    expect(group).toMatch(/^G/);

    // Due on the 18th, slipping from the 21st.
    expect(nudgeAt('2027-01-18T10:00:00Z').summary.step1).toBe(0);
    expect(nudgeAt('2027-01-20T10:00:00Z').summary.step1).toBe(0);
    await hh().deliver();
    expect(nudgeMessages()).toHaveLength(0);

    expect(nudgeAt('2027-01-21T10:00:00Z').summary).toMatchObject({ step1: 1, step2: 0, step3: 0 });
    await hh().deliver();
    const posted = nudgeMessages();
    expect(posted).toHaveLength(1);
    const m = posted[0]!;
    expect(m.channel).toBe(group);
    expect(keyOf(m)).toBe(`nudge:${relId}:2027-01-18:1`);
    const text = readable(m);
    expect(text).toContain(`<@${ANNA}>`);
    expect(text).toContain(`<@${BEN}>`);
    expect(text).toContain('17 days since you were matched');

    const slots = readSlots(m, { [ANNA]: BERLIN, [BEN]: LONDON });
    expect(slots.length).toBeGreaterThanOrEqual(2);
    expect(slots.length).toBeLessThanOrEqual(3);
    expectInsideEveryonesHours(slots);
    for (const slot of slots)
      expect(slot.get(ANNA)!.toMillis()).toBeGreaterThan(Date.parse('2027-01-21T10:00:00Z'));
    // Berlin is an hour ahead of London: the same instant reads an hour later for Anna.
    expect(slots[0]!.get(ANNA)!.hour - slots[0]!.get(BEN)!.hour).toBe(1);

    const starters = [0, 1, 2].map((i) => conversationStarter('preparation', i));
    expect(starters.some((s) => text.includes(`*A conversation starter:* ${s}`))).toBe(true);
    expect(buttons(m)).toEqual([expect.objectContaining({ action_id: 'session_met', value: String(relId) })]);
    // Step 1 is for the pair together: nobody gets a direct nudge yet.
    expect(dmsTo(ANNA, 'nudge:')).toHaveLength(0);
    expect(dmsTo(BEN, 'nudge:')).toHaveLength(0);
    expect(relOf(relId)).toMatchObject({ nudgeStep: 1, atRisk: false });

    // Again the same day, and on the following days: nothing new.
    expect(nudgeAt('2027-01-21T15:00:00Z').ran).toBe(false);
    for (const day of ['2027-01-22', '2027-01-25', '2027-02-03']) {
      const run = nudgeAt(`${day}T10:00:00Z`);
      expect(run.ran).toBe(true);
      expect(run.summary).toMatchObject({ step1: 0, step2: 0, step3: 0 });
    }
    await hh().deliver();
    expect(nudgeMessages()).toHaveLength(1);
    expect(nudgeRows(relId).map((r) => [r.cycle, r.step])).toEqual([['2027-01-18', 1]]);
  });

  it('waits for the weekend to pass, and for working hours the pair shares', async () => {
    const { relId, group } = await annaAndBen();
    // Saturday: the step is taken, but the message waits for Monday 09:00 in London (10:00 in Berlin).
    expect(nudgeAt('2027-01-23T10:00:00Z').summary.step1).toBe(1);
    expect(outboxRow(hh().db, `nudge:${relId}:2027-01-18:1`)?.notBefore).toBe(
      Date.parse('2027-01-25T09:00:00Z'),
    );
    await hh().deliver();
    expect(
      hh()
        .sim.messagesIn(group)
        .filter((m) => keyOf(m).startsWith('nudge:')),
    ).toHaveLength(0);
    await deliverAt('2027-01-25T08:59:00Z');
    expect(nudgeMessages()).toHaveLength(0);
    await deliverAt('2027-01-25T09:00:00Z');
    expect(nudgeMessages().map((m) => m.channel)).toEqual([group]);
  });

  it('suggests shared hours across zones and a date line, and a daytime compromise 9 hours apart', async () => {
    await start();
    const program = openProgram();
    const nora: Person = { id: 'UNORA0001', name: 'Nora', tz: NEW_YORK, role: 'mentor', level: 'mid' };
    const bert: Person = { id: 'UBERT0001', name: 'Bert', tz: BERLIN, role: 'mentee', level: 'senior' };
    const lou: Person = { id: 'ULOU00001', name: 'Lou', tz: LOS_ANGELES, role: 'mentor', level: 'early' };
    const bea: Person = { id: 'UBEA00001', name: 'Bea', tz: BERLIN, role: 'mentee', level: 'executive' };
    const lee: Person = { id: 'ULEE00001', name: 'Lee', tz: LOS_ANGELES, role: 'mentor', level: 'early' };
    const taro: Person = { id: 'UTARO0001', name: 'Taro', tz: TOKYO, role: 'mentee', level: 'senior' };
    addPeople(program, [nora, bert, lou, bea, lee, taro]);
    const zones = Object.fromEntries([nora, bert, lou, bea, lee, taro].map((p) => [p.id, p.tz]));
    const nyBerlin = startPair(program, [nora, bert]);
    const laBerlin = startPair(program, [lou, bea]);
    const laTokyo = startPair(program, [lee, taro]);
    await hh().deliver();

    const now = Date.parse('2027-01-21T10:00:00Z');
    expect(nudgeAt('2027-01-21T10:00:00Z').summary.step1).toBe(3);
    const row = (relId: number) => outboxRow(hh().db, `nudge:${relId}:2027-01-18:1`)!;
    // 05:00 in New York: the pair's shared hours start at 09:00 there, 15:00 in Berlin.
    expect(row(nyBerlin).notBefore).toBe(Date.parse('2027-01-21T14:00:00Z'));
    // Los Angeles' afternoon is Tokyo's next morning.
    expect(row(laTokyo).notBefore).toBe(Date.parse('2027-01-22T00:00:00Z'));
    // Los Angeles and Berlin never share an hour: it goes in one of their working days, never before now.
    const laBerlinAt = new Date(row(laBerlin).notBefore);
    expect(laBerlinAt.getTime()).toBeGreaterThanOrEqual(now);
    expect(isWorkingTime(laBerlinAt, LOS_ANGELES) || isWorkingTime(laBerlinAt, BERLIN)).toBe(true);

    await hh().deliver();
    expect(
      hh()
        .sim.messagesIn(groupOf(nyBerlin))
        .filter((m) => keyOf(m).startsWith('nudge:')),
    ).toHaveLength(0);
    expect(
      hh()
        .sim.messagesIn(groupOf(laTokyo))
        .filter((m) => keyOf(m).startsWith('nudge:')),
    ).toHaveLength(0);
    await deliverAt('2027-01-22T18:00:00Z');
    const nudgeIn = (relId: number) => {
      const list = hh()
        .sim.messagesIn(groupOf(relId))
        .filter((m) => keyOf(m).startsWith('nudge:'));
      expect(list).toHaveLength(1);
      return list[0]!;
    };

    // Overlapping hours: every time offered is inside both people's working day, on each one's own clock.
    for (const relId of [nyBerlin, laTokyo]) {
      const slots = readSlots(nudgeIn(relId), zones);
      expect(slots.length).toBeGreaterThanOrEqual(2);
      expect(slots.length).toBeLessThanOrEqual(3);
      expectInsideEveryonesHours(slots);
    }
    // The date line: Tokyo's morning is a day after Los Angeles' afternoon, and each reads their own day.
    const first = readSlots(nudgeIn(laTokyo), zones)[0]!;
    expect(first.get(taro.id)!.toISODate()).not.toBe(first.get(lee.id)!.toISODate());

    // No overlap: a compromise on a weekday, nobody at night, at least one of them at work.
    const compromise = readSlots(nudgeIn(laBerlin), zones);
    expect(compromise).toHaveLength(3);
    for (const slot of compromise) {
      expect(new Set([...slot.values()].map((d) => d.toMillis())).size).toBe(1);
      const hours = [...slot.values()].map((d) => d.toFormat('HH:mm'));
      for (const t of hours) expect(t >= '07:00' && t <= '21:30').toBe(true);
      for (const d of slot.values()) expect(d.weekday).toBeLessThanOrEqual(5);
      expect(hours.some((t) => t >= '09:00' && t <= '16:30')).toBe(true);
    }
  });

  it('keeps suggested times inside both working days across a daylight-saving change', async () => {
    // New York moves to summer time on Sunday 2027-03-14, Berlin two weeks later.
    await start({}, new Date('2027-02-22T15:00:00Z'));
    const program = openProgram();
    const nora: Person = { id: 'UNORA0001', name: 'Nora', tz: NEW_YORK, role: 'mentor', level: 'mid' };
    const bert: Person = { id: 'UBERT0001', name: 'Bert', tz: BERLIN, role: 'mentee', level: 'senior' };
    addPeople(program, [nora, bert]);
    const relId = startPair(program, [nora, bert]);
    await hh().deliver();
    // Friday 10:00 in New York, 16:00 in Berlin: the week of suggestions spans the change.
    expect(nudgeAt('2027-03-12T15:00:00Z').summary.step1).toBe(1);
    await hh().deliver();
    const m = hh()
      .sim.messagesIn(groupOf(relId))
      .find((x) => keyOf(x).startsWith('nudge:'))!;
    const slots = readSlots(m, { [nora.id]: NEW_YORK, [bert.id]: BERLIN });
    expect(slots).toHaveLength(3);
    expectInsideEveryonesHours(slots);
    const after = slots.filter((s) => s.get(nora.id)!.toISODate()! >= '2027-03-15');
    expect(after.length).toBeGreaterThan(0);
    // Five hours apart after the change (six before): 09:00 in New York is 14:00 in Berlin.
    for (const s of after) expect(s.get(bert.id)!.hour - s.get(nora.id)!.hour).toBe(5);
  });
});

describe('step 2: a direct word to each partner', () => {
  /** Anna and Ben, slipping since the 21st, with step 1 taken then and step 2 a cadence later. */
  async function atStep2(config: Partial<Config> = {}) {
    const fixture = await annaAndBen(config);
    nudgeAt('2027-01-21T10:00:00Z');
    await hh().deliver();
    expect(nudgeAt('2027-02-03T10:00:00Z').summary.step2).toBe(0);
    expect(nudgeAt('2027-02-04T10:00:00Z').summary).toMatchObject({ step1: 0, step2: 1 });
    await hh().deliver();
    const toBen = dmsTo(BEN, 'nudge:')[0]!;
    const toAnna = dmsTo(ANNA, 'nudge:')[0]!;
    return { ...fixture, toBen, toAnna };
  }

  it('DMs each partner one cadence after step 1, the senior first, with four buttons; once', async () => {
    const { relId, group, toBen, toAnna } = await atStep2();
    expect(keyOf(toBen)).toBe(`nudge:${relId}:2027-01-18:2:${BEN}`);
    expect(keyOf(toAnna)).toBe(`nudge:${relId}:2027-01-18:2:${ANNA}`);
    const order = hh().sim.messages.filter((m) => keyOf(m).includes(':2:'));
    expect(order.map(keyOf)).toEqual([keyOf(toBen), keyOf(toAnna)]);
    for (const [m, other] of [
      [toBen, ANNA],
      [toAnna, BEN],
    ] as const) {
      expect(
        buttons(m).map((b) => [b.action_id, b.value]),
        keyOf(m),
      ).toEqual([
        ['nudge_commit', String(relId)],
        ['nudge_pause', String(relId)],
        ['nudge_leave', String(relId)],
        ['session_met', String(relId)],
      ]);
      expect(readable(m)).toContain(`Your sessions with <@${other}>`);
      expect(readable(m)).toContain('31 days since you were matched');
      expect(readSlots(m, { [ANNA]: BERLIN, [BEN]: LONDON }).length).toBeGreaterThanOrEqual(2);
    }
    // The senior partner hears why their time matters to the other.
    expect(readable(toBen)).toContain('a senior colleague making time');
    expect(readable(toAnna)).not.toContain('a senior colleague making time');
    // Nothing more in the group DM, nothing to the owners, and no repeat.
    expect(
      hh()
        .sim.messagesIn(group)
        .filter((m) => keyOf(m).startsWith('nudge:')),
    ).toHaveLength(1);
    expect(dmsTo(OWNER, 'nudge:')).toHaveLength(0);
    expect(nudgeAt('2027-02-04T16:00:00Z').ran).toBe(false);
    expect(nudgeAt('2027-02-05T10:00:00Z').summary.step2).toBe(0);
    await hh().deliver();
    expect(nudgeMessages()).toHaveLength(3);
  });

  it('waits for each recipient’s own working hours when taken in the evening', async () => {
    await annaAndBen();
    nudgeAt('2027-01-21T10:00:00Z');
    await hh().deliver();
    // 21:00 in Berlin, 20:00 in London.
    expect(nudgeAt('2027-02-04T20:00:00Z').summary.step2).toBe(1);
    await hh().deliver();
    expect(dmsTo(ANNA, 'nudge:')).toHaveLength(0);
    expect(dmsTo(BEN, 'nudge:')).toHaveLength(0);
    await deliverAt('2027-02-05T08:00:00Z');
    expect(dmsTo(ANNA, 'nudge:')).toHaveLength(1);
    expect(dmsTo(BEN, 'nudge:')).toHaveLength(0);
    await deliverAt('2027-02-05T09:00:00Z');
    expect(dmsTo(BEN, 'nudge:')).toHaveLength(1);
  });

  it('"We\'ll meet this week" replaces the buttons with a thank-you and changes nothing else', async () => {
    const { relId, toAnna } = await atStep2();
    const reply = await click(ANNA, 'nudge_commit', toAnna);
    expect(reply.replace_original).toBe(true);
    expect(reply.blocks ?? []).toHaveLength(0);
    expect(reply.text).toContain('Wonderful');
    expect(relOf(relId)).toMatchObject({ status: 'active', nudgeStep: 2 });
    const audit = hh().db.select().from(auditLog).where(eq(auditLog.action, 'nudge.commit')).all();
    expect(audit.map((a) => a.actor)).toEqual([ANNA]);
  });

  it('"Pause us for 2 weeks" pauses, tells the partner, and nobody is nudged until then', async () => {
    const { relId, toAnna } = await atStep2();
    hh().clock.set(new Date('2027-02-04T12:00:00Z'));
    const reply = await click(ANNA, 'nudge_pause', toAnna);
    expect(reply.replace_original).toBe(true);
    expect(reply.text).toContain('Paused for 2 weeks');
    expect(relOf(relId)).toMatchObject({
      status: 'paused',
      pausedUntil: Date.parse('2027-02-18T12:00:00Z'),
      nudgeStep: 0,
      atRisk: false,
    });
    await hh().deliver();
    const told = dmsTo(BEN, `paused:${relId}:`);
    expect(told).toHaveLength(1);
    expect(readable(told[0])).toContain(`<@${ANNA}> paused your mentoring for 2 weeks, until Thu 18 Feb`);
    expect(dmsTo(ANNA, 'paused:')).toHaveLength(0);

    // Step 3 would have been due on the 18th: the pause runs out that day and the cadence restarts from it.
    for (const day of ['2027-02-11', '2027-02-18', '2027-03-03']) {
      expect(nudgeAt(`${day}T13:00:00Z`).summary).toMatchObject({ step1: 0, step2: 0, step3: 0 });
    }
    expect(relOf(relId).status).toBe('active');
    expect(nudgeAt('2027-03-07T13:00:00Z').summary.step1).toBe(1);
    expect(nudgeRows(relId).at(-1)).toMatchObject({ cycle: '2027-03-04', step: 1 });
  });

  it('"I\'d like to leave" asks first; "Yes, end it" ends the relationship kindly for both', async () => {
    const { relId, toBen } = await atStep2();
    const confirm = await click(BEN, 'nudge_leave', toBen);
    expect(confirm).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(readable(confirm)).toContain(`End your mentoring relationship with <@${ANNA}>?`);
    expect(buttons(confirm).map((b) => [b.action_id, b.value])).toEqual([
      ['relationship_end', String(relId)],
      ['relationship_keep', String(relId)],
    ]);
    expect(relOf(relId).status).toBe('active');

    const kept = await clickEphemeral(BEN, 'relationship_keep', String(relId));
    expect(kept.text).toContain('keep going');
    expect(relOf(relId).status).toBe('active');

    const ended = await clickEphemeral(BEN, 'relationship_end', String(relId));
    expect(ended.replace_original).toBe(true);
    expect(ended.text).toContain('the relationship has ended');
    expect(relOf(relId)).toMatchObject({ status: 'ended', endReason: 'ended_by_member', atRisk: false });
    await hh().deliver();
    const [toBenEnd] = dmsTo(BEN, `ended:${relId}:`);
    const [toAnnaEnd] = dmsTo(ANNA, `ended:${relId}:`);
    expect(readable(toBenEnd)).toContain(`You've ended your mentoring relationship with <@${ANNA}>`);
    expect(readable(toAnnaEnd)).toContain(`<@${BEN}> has ended your mentoring relationship`);
    for (const m of [toBenEnd, toAnnaEnd]) {
      expect(readable(m)).toContain('A moment to reflect');
      expect(readable(m)).toContain("You're back in the pool");
    }
    expect(nudgeAt('2027-02-18T10:00:00Z').summary).toMatchObject({ step1: 0, step2: 0, step3: 0 });

    // Stale buttons afterwards say so, and leave the message they sit in alone.
    const again = await clickEphemeral(BEN, 'relationship_end', String(relId));
    expect(again).toMatchObject({ replace_original: false, response_type: 'ephemeral' });
    expect(again.text).toContain('already ended');
    const [toAnna] = dmsTo(ANNA, 'nudge:');
    for (const action of ['nudge_pause', 'nudge_commit', 'nudge_leave']) {
      const stale = await click(ANNA, action, toAnna!);
      expect(stale, action).toMatchObject({ replace_original: false, response_type: 'ephemeral' });
      expect(stale.text, action).toContain('already ended');
    }
    expect(relOf(relId)).toMatchObject({ status: 'ended', pausedUntil: null });
  });
});

describe('step 3: the owners hear', () => {
  it('DMs each owner naming the pair, flags it at risk, and then stops', async () => {
    await start({ programOwners: [OWNER, OWNER2] });
    hh().sim.addUser({ id: OWNER2, real_name: 'Nina Owner', tz: NEW_YORK });
    hh()
      .db.insert(members)
      .values({ userId: OWNER2, name: 'Nina Owner', tz: NEW_YORK, updatedAt: hh().clock.now().getTime() })
      .run();
    const program = openProgram('Spring <reverse> mentoring');
    addPeople(program, [anna, ben]);
    const relId = startPair(program, [anna, ben]);
    await hh().deliver();

    nudgeAt('2027-01-21T10:00:00Z');
    nudgeAt('2027-02-04T10:00:00Z');
    await hh().deliver();
    expect(nudgeAt('2027-02-17T10:00:00Z').summary.step3).toBe(0);
    expect(relOf(relId).atRisk).toBe(false);
    expect(nudgeAt('2027-02-18T10:00:00Z').summary).toMatchObject({ step2: 0, step3: 1 });
    expect(relOf(relId)).toMatchObject({ nudgeStep: 3, atRisk: true });
    await hh().deliver();
    const [alert] = dmsTo(OWNER, 'nudge:');
    expect(keyOf(alert!)).toBe(`nudge:${relId}:2027-01-18:3:${OWNER}`);
    const text = readable(alert);
    expect(text).toContain(`<@${ANNA}> and <@${BEN}>`);
    expect(text).toContain('Spring &lt;reverse&gt; mentoring');
    expect(text).toContain("haven't met in 45 days (not once since they were matched)");
    // The owner in New York hears in their own working hours (05:00 there now).
    expect(dmsTo(OWNER2, 'nudge:')).toHaveLength(0);
    await deliverAt('2027-02-18T14:00:00Z');
    expect(dmsTo(OWNER2, 'nudge:').map(keyOf)).toEqual([`nudge:${relId}:2027-01-18:3:${OWNER2}`]);
    // The pair hears nothing at this step.
    expect(dmsTo(ANNA, 'nudge:')).toHaveLength(1);
    expect(dmsTo(BEN, 'nudge:')).toHaveLength(1);

    for (const day of ['2027-03-04', '2027-03-18', '2027-04-01']) {
      expect(nudgeAt(`${day}T10:00:00Z`).summary).toMatchObject({ step1: 0, step2: 0, step3: 0 });
    }
    await hh().deliver();
    expect(nudgeMessages()).toHaveLength(5);
    expect(nudgeRows(relId).map((r) => r.step)).toEqual([1, 2, 3]);
    expect(relOf(relId).atRisk).toBe(true);

    // Ending it clears the flag; the program's name is escaped in notification text too.
    hh().clock.set(new Date('2027-04-01T10:00:00Z'));
    await command(ANNA, 'end');
    await clickEphemeral(ANNA, 'relationship_end', String(relId));
    expect(relOf(relId)).toMatchObject({ status: 'ended', atRisk: false });
    await hh().deliver();
    const closings = [...dmsTo(ANNA, 'ended:'), ...dmsTo(BEN, 'ended:')];
    expect(closings).toHaveLength(2);
    for (const m of [alert!, ...closings]) {
      expect(m.text).toContain('Spring &lt;reverse&gt; mentoring');
      expect(m.text).not.toContain('<reverse>');
    }
  });
});

describe('logging a session resets the ladder', () => {
  it('"We met" in a step-2 DM clears the flag; the next slip starts again at step 1', async () => {
    const { relId, group } = await annaAndBen();
    nudgeAt('2027-01-21T10:00:00Z');
    nudgeAt('2027-02-04T10:00:00Z');
    await hh().deliver();
    const [toBen] = dmsTo(BEN, 'nudge:');

    hh().clock.set(new Date('2027-02-05T11:00:00Z'));
    const res = await hh().slack.action(BEN, 'session_met', undefined, {
      message: { channel: toBen!.channel, ts: toBen!.ts },
    });
    expect(res.status).toBe(200);
    await eventually(() => expect(relOf(relId).lastSessionOn).toBe('2027-02-05'));
    expect(relOf(relId)).toMatchObject({ nudgeStep: 0, nudgeStepAt: null, atRisk: false });
    expect(
      hh()
        .db.select()
        .from(sessions)
        .all()
        .map((s) => [s.heldOn, s.loggedBy]),
    ).toEqual([['2027-02-05', BEN]]);

    // Due on the 19th, slipping from the 22nd; step 3 never comes for the old cycle.
    for (const day of ['2027-02-18', '2027-02-19', '2027-02-21']) {
      expect(nudgeAt(`${day}T10:00:00Z`).summary).toMatchObject({ step1: 0, step2: 0, step3: 0 });
    }
    expect(nudgeAt('2027-02-22T10:00:00Z').summary).toMatchObject({ step1: 1, step2: 0, step3: 0 });
    await hh().deliver();
    const inGroup = hh()
      .sim.messagesIn(group)
      .filter((m) => keyOf(m).startsWith('nudge:'));
    expect(inGroup.map(keyOf)).toEqual([`nudge:${relId}:2027-01-18:1`, `nudge:${relId}:2027-02-19:1`]);
    expect(readable(inGroup[1])).toContain('17 days since you last met');
    expect(dmsTo(OWNER, 'nudge:')).toHaveLength(0);
  });

  it('`/mentor log` does the same', async () => {
    const { relId } = await annaAndBen();
    nudgeAt('2027-01-21T10:00:00Z');
    await hh().deliver();
    hh().clock.set(new Date('2027-01-22T12:00:00Z'));
    const before = hh().sim.views.length;
    expect((await hh().slack.command(ANNA, 'log')).status).toBe(200);
    const modal = await eventually(() => {
      const v = hh()
        .sim.views.slice(before)
        .find((x) => x.view.callback_id === 'session_log');
      if (!v) throw new Error('no modal yet');
      return v;
    });
    const submitted = await hh().slack.viewSubmission(ANNA, {
      callback_id: 'session_log',
      private_metadata: String(modal.view.private_metadata),
      state: {
        values: stateValues({
          date: { type: 'datepicker', selected_date: '2027-01-22' },
          note: { type: 'plain_text_input', value: null },
        }),
      },
    });
    expect(submitted.body).toBe('');
    expect(relOf(relId)).toMatchObject({ lastSessionOn: '2027-01-22', nudgeStep: 0 });

    // Where step 2 would have come, nothing; the next slip (due 5 Feb) starts at step 1.
    expect(nudgeAt('2027-02-04T10:00:00Z').summary).toMatchObject({ step1: 0, step2: 0 });
    expect(nudgeAt('2027-02-08T10:00:00Z').summary).toMatchObject({ step1: 1, step2: 0 });
    expect(nudgeRows(relId).map((r) => [r.cycle, r.step])).toEqual([
      ['2027-01-18', 1],
      ['2027-02-05', 1],
    ]);
  });
});

describe('away', () => {
  it('nobody is nudged while their Slack status says away; the step comes once it clears', async () => {
    const { relId, group } = await annaAndBen();
    await userChange(ANNA, { status_text: 'Vacationing', status_emoji: ':palm_tree:', status_expiration: 0 });
    await eventually(() => {
      const m = hh().db.select().from(members).where(eq(members.userId, ANNA)).get();
      expect(m).toMatchObject({ statusEmoji: ':palm_tree:', statusText: 'Vacationing', tz: BERLIN });
    });

    for (const day of ['2027-01-21', '2027-01-22']) {
      expect(nudgeAt(`${day}T10:00:00Z`).summary).toMatchObject({ step1: 0, waitingAway: 1 });
    }
    await hh().deliver();
    expect(nudgeMessages()).toHaveLength(0);
    expect(nudgeRows(relId)).toHaveLength(0);

    hh().clock.set(new Date('2027-01-22T16:00:00Z'));
    await userChange(ANNA, { status_text: '', status_emoji: '', status_expiration: 0 });
    await eventually(() => {
      const m = hh().db.select().from(members).where(eq(members.userId, ANNA)).get();
      expect(m?.statusEmoji).toBeNull();
    });
    expect(nudgeAt('2027-01-25T10:00:00Z').summary).toMatchObject({ step1: 1, waitingAway: 0 });
    await hh().deliver();
    expect(nudgeMessages().map((m) => m.channel)).toEqual([group]);
  });

  it('a status that has expired does not hold the nudge back', async () => {
    await annaAndBen();
    // "Out of office" until the 20th.
    await userChange(BEN, {
      status_text: 'Out of office',
      status_emoji: ':airplane:',
      status_expiration: Date.parse('2027-01-20T18:00:00Z') / 1000,
    });
    await eventually(() => {
      const m = hh().db.select().from(members).where(eq(members.userId, BEN)).get();
      expect(m?.statusText).toBe('Out of office');
    });
    expect(nudgeAt('2027-01-21T10:00:00Z').summary).toMatchObject({ step1: 1, waitingAway: 0 });
  });
});

describe('/mentor pause, resume and end', () => {
  it('pause: refuses bad values, defaults to 2 weeks, tells the partner; no nudges until then', async () => {
    const { relId } = await annaAndBen();
    hh().clock.set(new Date('2027-01-20T10:00:00Z'));
    for (const bad of ['pause 9', 'pause abc', 'pause 0', 'pause 2 weeks']) {
      const reply = await command(ANNA, bad);
      expect(reply.response_type, bad).toBe('ephemeral');
      expect(reply.text, bad).toContain('Give a number of weeks from 1 to 8');
    }
    expect(relOf(relId)).toMatchObject({ status: 'active', pausedUntil: null });

    const ok = await command(ANNA, 'pause');
    expect(ok.response_type).toBe('ephemeral');
    expect(ok.text).toContain('Paused for 2 weeks');
    expect(relOf(relId)).toMatchObject({ status: 'paused', pausedUntil: Date.parse('2027-02-03T10:00:00Z') });
    await hh().deliver();
    const told = dmsTo(BEN, `paused:${relId}:`);
    expect(told).toHaveLength(1);
    expect(readable(told[0])).toContain(`<@${ANNA}> paused your mentoring for 2 weeks, until Wed 3 Feb`);
    // Only the bad values' replies and the partner's note: Anna gets no DM, nothing else was sent.
    expect(dmsTo(ANNA, '')).toHaveLength(0);

    // Slipping would have started on the 21st; the pause runs to 3 Feb, the cadence from then.
    for (const day of ['2027-01-21', '2027-01-28', '2027-02-03', '2027-02-17', '2027-02-19']) {
      expect(nudgeAt(`${day}T10:00:00Z`).summary.step1, day).toBe(0);
    }
    expect(relOf(relId).status).toBe('active');
    expect(nudgeAt('2027-02-20T10:00:00Z').summary.step1).toBe(1);
  });

  it('pause 3, then resume early: the partner hears both, and the cadence counts from the resume', async () => {
    const { relId } = await annaAndBen();
    hh().clock.set(new Date('2027-01-20T10:00:00Z'));
    expect((await command(BEN, 'pause 3')).text).toContain('Paused for 3 weeks');
    expect(relOf(relId).pausedUntil).toBe(Date.parse('2027-02-10T10:00:00Z'));
    expect(nudgeAt('2027-01-22T10:00:00Z').summary.step1).toBe(0);

    hh().clock.set(new Date('2027-01-27T10:00:00Z'));
    const back = await command(BEN, 'resume');
    expect(back.text).toContain('Welcome back');
    expect(relOf(relId)).toMatchObject({ status: 'active', pausedUntil: Date.parse('2027-01-27T10:00:00Z') });
    expect((await command(BEN, 'resume')).text).toContain("isn't paused");
    await hh().deliver();
    expect(readable(dmsTo(ANNA, `paused:${relId}:`)[0])).toContain(
      `<@${BEN}> paused your mentoring for 3 weeks`,
    );
    expect(readable(dmsTo(ANNA, `resumed:${relId}:`)[0])).toContain(`<@${BEN}> is back`);

    // Due 10 Feb, slipping from the 13th (a Saturday: taken then, posted Monday).
    expect(nudgeAt('2027-02-12T10:00:00Z').summary.step1).toBe(0);
    expect(nudgeAt('2027-02-13T10:00:00Z').summary.step1).toBe(1);
    expect(nudgeRows(relId).map((r) => r.cycle)).toEqual(['2027-02-10']);
  });

  it('end: asks first, closes kindly for both, and both are back in the pool, never with each other', async () => {
    const { program, relId } = await annaAndBen();
    // Two more people waiting for a match.
    addPeople(program, [cal, dee]);
    hh().clock.set(new Date('2027-01-12T10:00:00Z'));

    const ask = await command(ANNA, 'end');
    expect(ask.response_type).toBe('ephemeral');
    expect(readable(ask)).toContain(`End your mentoring relationship with <@${BEN}>?`);
    expect(buttons(ask).map((b) => b.action_id)).toEqual(['relationship_end', 'relationship_keep']);
    expect(relOf(relId).status).toBe('active');

    const done = await clickEphemeral(ANNA, 'relationship_end', String(relId));
    expect(done.text).toContain('the relationship has ended');
    expect(relOf(relId)).toMatchObject({ status: 'ended', endReason: 'ended_by_member' });
    await hh().deliver();
    for (const who of [ANNA, BEN]) {
      const [closing] = dmsTo(who, `ended:${relId}:`);
      expect(readable(closing)).toContain('*A moment to reflect:* what did you learn');
      expect(readable(closing)).toContain("You're back in the pool");
    }
    expect((await command(ANNA, 'status')).text).toContain("You don't have a mentoring relationship yet");
    expect((await command(ANNA, 'end')).text).toContain("You don't have a mentoring relationship");

    // A round by hand: both get new partners, never each other again.
    const round = jobs.match(hh().deps, hh().clock.now())[0];
    expect(round?.summary.offers).toBe(2);
    const proposed = hh()
      .db.select({ offerId: offerMembers.offerId, userId: offerMembers.userId })
      .from(offerMembers)
      .all();
    const partnersOf = (userId: string) => {
      const mine = proposed.filter((p) => p.userId === userId).map((p) => p.offerId);
      return proposed.filter((p) => mine.includes(p.offerId) && p.userId !== userId).map((p) => p.userId);
    };
    expect(partnersOf(ANNA)).toHaveLength(1);
    expect(partnersOf(BEN)).toHaveLength(1);
    expect(partnersOf(ANNA)).not.toContain(BEN);
    expect([...partnersOf(ANNA), ...partnersOf(BEN)].sort()).toEqual([CAL, DEE].sort());
  });
});

describe('someone who left Slack', () => {
  it('a user_change with deleted: true ends their relationships and tells the partner', async () => {
    const { relId } = await annaAndBen();
    hh().clock.set(new Date('2027-01-12T10:00:00Z'));
    await userChange(BEN, {}, true);
    await eventually(() => expect(relOf(relId).status).toBe('ended'));
    expect(relOf(relId).endReason).toBe('member_left_slack');
    expect(hh().db.select().from(members).where(eq(members.userId, BEN)).get()?.isActive).toBe(false);
    await hh().deliver();
    const [told] = dmsTo(ANNA, `ended:${relId}:`);
    expect(readable(told)).toContain(`<@${BEN}> is no longer on Slack`);
    expect(readable(told)).toContain("You're back in the pool");
    expect(dmsTo(BEN, 'ended:')).toHaveLength(0);
    expect(nudgeAt('2027-01-21T10:00:00Z').summary).toMatchObject({ step1: 0, ended: 0 });
    await hh().deliver();
    expect(nudgeMessages()).toHaveLength(0);
  });

  it('a DM failing with account_inactive marks them, and the next run ends the relationship gracefully', async () => {
    const { relId } = await annaAndBen();
    hh().sim.failWhen('chat.postMessage', (args) => args.channel === BEN, { error: 'account_inactive' });
    nudgeAt('2027-01-21T10:00:00Z');
    nudgeAt('2027-02-04T10:00:00Z');
    await hh().deliver();
    expect(dmsTo(ANNA, 'nudge:')).toHaveLength(1);
    expect(outboxRow(hh().db, `nudge:${relId}:2027-01-18:2:${BEN}`)).toMatchObject({
      status: 'failed',
      lastError: 'account_inactive',
    });
    expect(hh().db.select().from(members).where(eq(members.userId, BEN)).get()?.deliveryError).toBe(
      'account_inactive',
    );
    expect(relOf(relId).status).toBe('active');

    expect(nudgeAt('2027-02-05T10:00:00Z').summary).toMatchObject({ ended: 1, step3: 0 });
    expect(relOf(relId)).toMatchObject({ status: 'ended', endReason: 'member_left_slack' });
    await hh().deliver();
    const [told] = dmsTo(ANNA, `ended:${relId}:`);
    expect(readable(told)).toContain(`<@${BEN}> is no longer on Slack`);
    // No further attempt to reach Ben.
    expect(
      hh()
        .db.select()
        .from(outbox)
        .all()
        .filter((r) => r.key === `ended:${relId}:${BEN}`),
    ).toHaveLength(0);
    expect(nudgeAt('2027-02-18T10:00:00Z').summary.step3).toBe(0);
  });
});

describe('/mentor status and the App Home', () => {
  it('status shows partner, last and next session, phase, goals and standing as they change', async () => {
    const { relId } = await annaAndBen();
    const status = async (who = ANNA) => {
      const body = await command(who, 'status');
      expect(body.response_type).toBe('ephemeral');
      return readable(body);
    };
    let s = await status();
    expect(s).toContain(`*With <@${BEN}>* · Reverse mentoring`);
    expect(s).toContain('On track · no session logged yet · next session expected by 2027-01-18');
    expect(s).toContain('*Phase:* Getting started · 0 sessions so far');
    expect(s).toContain('No shared goals yet');
    expect(await status(BEN)).toContain(`*With <@${ANNA}>*`);

    hh().clock.set(new Date('2027-01-19T10:00:00Z'));
    expect(await status()).toContain('A session is due');
    hh().clock.set(new Date('2027-01-21T10:00:00Z'));
    expect(await status()).toContain('Slipping: time to meet');

    expect((await hh().slack.action(BEN, 'session_met', String(relId))).status).toBe(200);
    await eventually(() => expect(relOf(relId).lastSessionOn).toBe('2027-01-21'));
    // Without a message to thread under (a home-tab button), the confirmation comes by DM.
    await eventually(() =>
      expect(
        hh()
          .sim.messagesTo(BEN)
          .some((m) => m.text.includes('Logged a session today (2027-01-21)')),
      ).toBe(true),
    );
    s = await status();
    expect(s).toContain('On track · last met 2027-01-21 · next session expected by 2027-02-04');
    expect(s).toContain('*Phase:* Agreeing goals · 1 session so far');

    const now = hh().clock.now().getTime();
    hh()
      .db.insert(goals)
      .values([
        { relationshipId: relId, position: 1, text: 'Ship a <prompt> library', done: true, updatedAt: now },
        { relationshipId: relId, position: 2, text: 'Lead a meeting', done: false, updatedAt: now },
      ])
      .run();
    s = await status();
    expect(s).toContain('*Phase:* Growing');
    expect(s).toContain(':white_check_mark: Ship a &lt;prompt&gt; library');
    expect(s).toContain('• Lead a meeting');

    // Just after midnight in Berlin (still the day before in UTC), Anna pauses for two weeks.
    hh().clock.set(new Date('2027-01-21T23:30:00Z'));
    await command(ANNA, 'pause');
    s = await status();
    expect(s).toContain('Paused');
    expect(s).toContain('paused until 2027-02-05');
  });

  it('the App Home shows the relationship; an owner also sees the program with its buttons', async () => {
    const { program, relId } = await annaAndBen();
    const open = async (userId: string) => {
      const publishes = hh().sim.callsTo('views.publish').length;
      const res = await hh().slack.event({
        type: 'app_home_opened',
        user: userId,
        channel: hh().sim.dmChannelOf(userId),
        tab: 'home',
      });
      expect(res.status).toBe(200);
      await eventually(() => expect(hh().sim.callsTo('views.publish').length).toBe(publishes + 1));
      return hh().sim.homeView(userId)!;
    };

    const home = await open(ANNA);
    const text = readable(home.view as never);
    expect(text).toContain(`*With <@${BEN}>* · Reverse mentoring`);
    expect(text).toContain('On track · no session logged yet · next session expected by 2027-01-18');
    expect(text).toContain('*Phase:* Getting started');
    expect(buttons(home.view as never).map((b) => [b.action_id, b.value])).toEqual([
      ['session_met', String(relId)],
    ]);
    expect(text).not.toContain('Programs you run');

    const owners = await open(OWNER);
    const ownerText = readable(owners.view as never);
    expect(ownerText).toContain('Programs you run');
    expect(ownerText).toContain(`*Reverse mentoring* · program ${program.id}`);
    expect(ownerText).toContain('2 people invited · 2 answered · 0 declined');
    expect(buttons(owners.view as never).map((b) => [b.action_id, b.value])).toEqual([
      ['admin_match', String(program.id)],
      ['admin_digest', String(program.id)],
      ['admin_export', String(program.id)],
    ]);

    // Anna presses the owner's button (a forged click): nothing runs, nothing is sent.
    const publishes = hh().sim.callsTo('views.publish').length;
    const dms = hh().sim.messages.length;
    const res = await hh().slack.action(ANNA, 'admin_match', String(program.id), { view: home.view });
    expect(res.status).toBe(200);
    await settle();
    expect(hh().db.select().from(jobRuns).where(eq(jobRuns.job, 'match')).all()).toHaveLength(0);
    await hh().deliver();
    expect(hh().sim.messages.length).toBe(dms);
    expect(hh().sim.callsTo('views.publish').length).toBe(publishes);

    // The owner's press runs a round now, reports by DM and refreshes the tab.
    addPeople(program, [cal, dee]);
    const pressed = await hh().slack.action(OWNER, 'admin_match', String(program.id), { view: owners.view });
    expect(pressed.status).toBe(200);
    await eventually(() => expect(hh().sim.callsTo('views.publish').length).toBe(publishes + 1));
    expect(hh().db.select().from(jobRuns).where(eq(jobRuns.job, 'match')).all()).toHaveLength(1);
    expect(hh().db.select().from(offers).all()).toHaveLength(1);
    await hh().deliver();
    expect(
      hh()
        .sim.messagesTo(OWNER)
        .some((m) => m.text.startsWith('Matching round for Reverse mentoring')),
    ).toBe(true);
  });
});

describe("someone else's relationship", () => {
  it('a button carrying another pair’s id is refused and changes nothing', async () => {
    const { program, relId } = await annaAndBen();
    addPeople(program, [cal, dee]);
    const other = startPair(program, [cal, dee]);
    await hh().deliver();
    nudgeAt('2027-01-21T10:00:00Z');
    nudgeAt('2027-02-04T10:00:00Z');
    await hh().deliver();
    const [calsNudge] = dmsTo(CAL, 'nudge:');
    expect(buttons(calsNudge).every((b) => b.value === String(other))).toBe(true);
    const snapshot = () => ({ rel: relOf(relId), sessions: hh().db.select().from(sessions).all() });
    const before = snapshot();
    const dmsBefore = [ANNA, BEN].map((u) => hh().sim.messagesTo(u).length);

    // Cal edits the value of each button in his own nudge to Anna and Ben's relationship (and to nonsense).
    for (const value of [String(relId), '99999', 'abc']) {
      for (const action of [
        'session_met',
        'nudge_commit',
        'nudge_pause',
        'nudge_leave',
        'relationship_end',
      ]) {
        const reply = await click(CAL, action, calsNudge!, value);
        expect(reply, `${action} ${value}`).toMatchObject({
          response_type: 'ephemeral',
          replace_original: false,
        });
        expect(reply.text, `${action} ${value}`).toContain("isn't one of yours");
      }
    }
    await hh().deliver();
    expect(snapshot()).toEqual(before);
    expect(relOf(other)).toMatchObject({ status: 'active', nudgeStep: 2 });
    expect([ANNA, BEN].map((u) => hh().sim.messagesTo(u).length)).toEqual(dmsBefore);
    expect(
      hh()
        .db.select()
        .from(auditLog)
        .all()
        .filter((a) => a.actor === CAL),
    ).toHaveLength(0);
    expect(
      hh()
        .db.select()
        .from(relationships)
        .where(and(eq(relationships.status, 'ended')))
        .all(),
    ).toHaveLength(0);
  });
});
