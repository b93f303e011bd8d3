import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertProgram } from '../../src/db/repositories/programs';
import {
  members,
  offers,
  outbox,
  participants,
  relationships,
  sessions,
  surveyAnswers,
} from '../../src/db/schema';
import type { SimMessage } from '../../src/demo/slack-sim';
import { jobs } from '../../src/jobs';
import { eventually, type Harness, MONDAY_MORNING, OWNER, readable, startHarness } from '../helpers/harness';
import { stateValues } from '../helpers/slack-requests';

const DAY = 86_400_000;
const ANNA = 'UANNA0001';
const BEN = 'UBEN00001';
/** In the workspace, but in nobody's relationship. */
const CAL = 'UCAL00001';

let h: Harness;
let relId: number;
let kickoff: SimMessage;

const keyOf = (m: SimMessage) => String(m.metadata?.event_payload?.outbox_key ?? '');

/** A reverse-mentoring pair, matched and accepted through the real app, with its kickoff in their group DM. */
beforeEach(async () => {
  h = await startHarness({ workspace: {} });
  const now = h.clock.now().getTime();
  const program = insertProgram(h.db, {
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
  });
  for (const [id, name, tz, role, level, teach, learn] of [
    [ANNA, 'Anna', 'Europe/Berlin', 'mentor', 'early', ['ai-tools'], ['leadership']],
    [BEN, 'Ben', 'Europe/London', 'mentee', 'senior', ['leadership'], ['ai-tools']],
  ] as const) {
    h.sim.addUser({ id, real_name: name, tz });
    h.db.insert(members).values({ userId: id, name, tz, updatedAt: now }).run();
    const part = h.db
      .insert(participants)
      .values({ programId: program.id, userId: id, status: 'answered', invitedAt: now, answeredAt: now })
      .returning()
      .get();
    h.db
      .insert(surveyAnswers)
      .values({
        participantId: part.id,
        role,
        level,
        department: name === 'Anna' ? 'Engineering' : 'Finance',
        teach: [...teach],
        learn: [...learn],
        goals: 'Learn from each other.',
        avoid: [],
        updatedAt: now,
      })
      .run();
  }
  h.sim.addUser({ id: CAL, real_name: 'Cal', tz: 'Europe/Berlin' });

  jobs.match(h.deps, h.clock.now());
  await h.deliver();
  const offerId = h.db.select().from(offers).get()!.id;
  for (const who of [ANNA, BEN]) {
    const dm = h.sim.messagesTo(who).find((m) => keyOf(m) === `offer:${offerId}:${who}`)!;
    await h.slack.action(who, 'offer_accept', undefined, { message: { channel: dm.channel, ts: dm.ts } });
  }
  relId = await eventually(() => {
    const rel = h.db.select().from(relationships).get();
    if (!rel) throw new Error('no relationship yet');
    return rel.id;
  });
  await h.deliver();
  kickoff = h.sim.messages.find((m) => keyOf(m) === `kickoff:${relId}`)!;
  expect(kickoff).toBeDefined();
});
afterEach(async () => {
  await h.close();
});

const allSessions = () => h.db.select().from(sessions).orderBy(sessions.heldOn).all();
const threadReplies = () => h.sim.messagesIn(kickoff.channel).filter((m) => m.thread_ts === kickoff.ts);

/** "We met" pressed in a message; resolves with the app's response_url post, if it makes one within `waitMs`. */
async function pressMet(userId: string, msg: SimMessage, value?: string, waitMs = 3000) {
  const before = h.sim.responses.length;
  const res = await h.slack.action(userId, 'session_met', value, {
    message: { channel: msg.channel, ts: msg.ts },
  });
  expect(res.status).toBe(200);
  return eventually(() => {
    const r = h.sim.responses[before];
    if (!r) throw new Error('no response yet');
    return r.body as { text?: string; response_type?: string; replace_original?: boolean };
  }, waitMs).catch(() => undefined);
}

/** `/mentor log` as the person; resolves with the modal it opened. */
async function openLog(userId: string) {
  const before = h.sim.views.length;
  const reply = await h.slack.command(userId, 'log');
  expect(reply.status).toBe(200);
  expect(reply.body).toBe('');
  return eventually(() => {
    const v = h.sim.views.slice(before).find((x) => x.view.callback_id === 'session_log');
    if (!v) throw new Error('no session_log modal yet');
    return v;
  });
}

async function submitLog(userId: string, date: string | null, note: string | null, privateMetadata?: string) {
  const reply = await h.slack.viewSubmission(userId, {
    callback_id: 'session_log',
    private_metadata: privateMetadata,
    state: {
      values: stateValues({
        date: { type: 'datepicker', selected_date: date },
        note: { type: 'plain_text_input', value: note },
      }),
    },
  });
  expect(reply.status).toBe(200);
  return reply.body as '' | { response_action: 'errors'; errors: Record<string, string> };
}

function errorsOf(body: Awaited<ReturnType<typeof submitLog>>): Record<string, string> {
  if (body === '' || body.response_action !== 'errors') throw new Error('expected field errors');
  return body.errors;
}

describe('"We met"', () => {
  it("logs today's session once, whoever presses it, and confirms in the kickoff's thread", async () => {
    expect(buttonsIn(kickoff)).toContainEqual({ action_id: 'session_met', value: String(relId) });

    // Success has nothing to say to the clicker alone: the confirmation goes to the pair's thread.
    const first = await pressMet(ANNA, kickoff, undefined, 300);
    expect(first).toBeUndefined();
    await eventually(() => expect(allSessions()).toHaveLength(1));
    expect(allSessions()[0]).toMatchObject({
      relationshipId: relId,
      heldOn: '2027-01-04',
      loggedBy: ANNA,
      note: null,
    });
    expect(h.db.select().from(relationships).get()?.lastSessionOn).toBe('2027-01-04');
    await h.deliver();
    const [confirmation, ...more] = threadReplies();
    expect(more).toHaveLength(0);
    expect(confirmation?.text).toContain(`<@${ANNA}> logged a session today (2027-01-04)`);

    for (const who of [BEN, ANNA]) {
      const again = await pressMet(who, kickoff);
      expect(again).toMatchObject({ response_type: 'ephemeral', replace_original: false });
      expect(again?.text).toContain('Already logged');
    }
    await h.deliver();
    expect(allSessions()).toHaveLength(1);
    expect(threadReplies()).toHaveLength(1);
  });

  it("logs the clicker's own local date", async () => {
    // Tuesday 23:30 in London is already Wednesday in Berlin.
    h.clock.set(new Date('2027-01-05T23:30:00Z'));
    await pressMet(ANNA, kickoff, undefined, 200);
    await eventually(() => expect(allSessions()).toHaveLength(1));
    await pressMet(BEN, kickoff, undefined, 200);
    await eventually(() => expect(allSessions()).toHaveLength(2));
    expect(allSessions().map((s) => [s.heldOn, s.loggedBy])).toEqual([
      ['2027-01-05', BEN],
      ['2027-01-06', ANNA],
    ]);
    expect(h.db.select().from(relationships).get()?.lastSessionOn).toBe('2027-01-06');
  });
});

describe('/mentor log', () => {
  it('opens the session_log modal for the newest relationship, with today preselected', async () => {
    const modal = await openLog(ANNA);
    expect(modal.userId).toBe(ANNA);
    const view = modal.view as {
      private_metadata: string;
      blocks: { type: string; block_id?: string; optional?: boolean; element?: Record<string, unknown> }[];
    };
    expect(view.private_metadata).toBe(String(relId));
    const date = view.blocks.find((b) => b.block_id === 'date');
    expect(date?.element).toMatchObject({
      type: 'datepicker',
      action_id: 'date',
      initial_date: '2027-01-04',
    });
    const note = view.blocks.find((b) => b.block_id === 'note');
    expect(note).toMatchObject({ type: 'input', optional: true });
    expect(readable(view as never)).toContain(`<@${BEN}>`);

    // Someone without a relationship gets a kind pointer instead of a modal.
    const before = h.sim.views.length;
    const none = await h.slack.command(CAL, 'log');
    expect(none.body).toMatchObject({ response_type: 'ephemeral' });
    expect(readable(none.body as never)).toContain("You don't have a mentoring relationship yet");
    await new Promise((r) => setTimeout(r, 100));
    expect(h.sim.views.length).toBe(before);
  });

  it('refuses a future date or one before the relationship started, and stores a valid one', async () => {
    h.clock.set(new Date(MONDAY_MORNING.getTime() + 3 * DAY));
    const modal = await openLog(ANNA);
    const meta = String(modal.view.private_metadata);

    const future = errorsOf(await submitLog(ANNA, '2027-01-08', null, meta));
    expect(Object.keys(future)).toEqual(['date']);
    expect(future.date).toContain('in the future');
    const before = errorsOf(await submitLog(ANNA, '2027-01-03', null, meta));
    expect(Object.keys(before)).toEqual(['date']);
    expect(before.date).toContain('started on 2027-01-04');
    const missing = errorsOf(await submitLog(ANNA, null, null, meta));
    expect(missing.date).toBeDefined();
    expect(allSessions()).toHaveLength(0);
    expect(h.db.select().from(relationships).get()?.lastSessionOn).toBeNull();

    expect(await submitLog(ANNA, '2027-01-05', '  Talked about prompts  ', meta)).toBe('');
    // The first day of the relationship is fine too, and today is not the future.
    expect(await submitLog(BEN, '2027-01-04', null, meta)).toBe('');
    expect(await submitLog(BEN, '2027-01-07', null, meta)).toBe('');
    expect(allSessions().map((s) => [s.heldOn, s.loggedBy, s.note])).toEqual([
      ['2027-01-04', BEN, null],
      ['2027-01-05', ANNA, 'Talked about prompts'],
      ['2027-01-07', BEN, null],
    ]);
    expect(h.db.select().from(relationships).get()?.lastSessionOn).toBe('2027-01-07');
    // The same day again counts once.
    expect(await submitLog(BEN, '2027-01-05', null, meta)).toBe('');
    expect(allSessions()).toHaveLength(3);
  });
});

describe('someone outside the relationship', () => {
  it('cannot log a session for it, by button value or by modal metadata', async () => {
    const own = h.sim.addMessage({ channel: h.sim.dmChannelOf(CAL), user: CAL, text: 'hello' });
    const refused = await pressMet(CAL, own, String(relId));
    expect(refused).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(refused?.text).toContain("isn't one of yours");

    const tampered = errorsOf(await submitLog(CAL, '2027-01-04', null, String(relId)));
    expect(tampered.date).toContain("isn't one of yours");
    // A member of this relationship cannot reach another one, or a made-up id, either.
    for (const meta of [String(relId + 1), 'abc', '']) {
      const wrong = errorsOf(await submitLog(ANNA, '2027-01-04', null, meta));
      expect(wrong.date).toContain("isn't one of yours");
    }
    const wrongButton = await pressMet(ANNA, kickoff, String(relId + 1));
    expect(wrongButton?.text).toContain("isn't one of yours");

    await h.deliver();
    expect(allSessions()).toHaveLength(0);
    expect(
      h.db
        .select()
        .from(outbox)
        .all()
        .filter((r) => r.key.startsWith('session-met:')),
    ).toHaveLength(0);
    expect(threadReplies()).toHaveLength(0);
    expect(
      h.db.select().from(relationships).where(eq(relationships.id, relId)).get()?.lastSessionOn,
    ).toBeNull();
  });
});

function buttonsIn(m: { blocks?: unknown[] }): { action_id: string; value?: string }[] {
  const out: { action_id: string; value?: string }[] = [];
  for (const b of (m.blocks ?? []) as {
    type?: string;
    elements?: { type?: string; action_id: string; value?: string }[];
  }[])
    if (b.type === 'actions')
      for (const e of b.elements ?? [])
        if (e.type === 'button') out.push({ action_id: e.action_id, value: e.value });
  return out;
}
