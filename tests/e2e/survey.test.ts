import { eq, like } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { outbox, surveyAnswers } from '../../src/db/schema';
import type { SimMessage } from '../../src/demo/slack-sim';
import { jobs } from '../../src/jobs';
import { eventually, type Harness, OWNER, readable, startHarness } from '../helpers/harness';
import {
  answerOf,
  buttons,
  invitationsTo,
  launch,
  type Program,
  participantOf,
  type SurveyFields,
  surveyState,
  validAnswer,
} from '../helpers/programs';

const ALICE = 'UALICE001';
const BOB = 'UBOB00001';
const CAROL = 'UCAROL001';
const DAVE = 'UDAVE0001';
const OUTSIDER = 'UOUTSIDE1';

let h: Harness;
let program: Program;
let channelId: string;

beforeEach(async () => {
  h = await startHarness({ workspace: {} });
  for (const [id, name] of [
    [ALICE, 'Alice Ahn'],
    [BOB, 'Bob Berg'],
    [CAROL, 'Carol Cruz'],
    [DAVE, 'Dave Diaz'],
    [OUTSIDER, 'Olga Outside'],
  ] as const) {
    h.sim.addUser({ id, real_name: name, tz: 'Europe/Berlin' });
  }
  channelId = h.sim.addChannel({
    name: 'mentoring',
    members: [ALICE, BOB, CAROL, DAVE],
    botIsMember: true,
  }).id;
  program = await launch(h, { name: 'Reverse mentoring', audience: channelId });
  await h.deliver();
});
afterEach(async () => {
  await h.close();
});

function invitation(userId: string, p: Program = program): SimMessage {
  const m = invitationsTo(h, userId, p.id)[0];
  if (!m) throw new Error(`${userId} has no invitation`);
  return m;
}

/** The last survey modal opened for the person. */
function surveyModalFor(userId: string) {
  const v = h.sim.views.filter((x) => x.view.callback_id === 'survey' && x.userId === userId).at(-1);
  if (!v) throw new Error(`no survey modal for ${userId}`);
  return v.view as {
    private_metadata: string;
    submit: { text: string };
    blocks: { block_id?: string; element?: Record<string, unknown> }[];
  };
}

async function clickInterested(userId: string, p: Program = program) {
  const inv = invitation(userId, p);
  const before = h.sim.views.length;
  await h.slack.action(userId, 'survey_open', undefined, { message: { channel: inv.channel, ts: inv.ts } });
  await eventually(() => {
    if (h.sim.views.length === before) throw new Error('no modal opened');
  });
  return surveyModalFor(userId);
}

async function submitSurvey(userId: string, fields: SurveyFields, p: Program = program) {
  const reply = await h.slack.viewSubmission(userId, {
    callback_id: 'survey',
    private_metadata: String(p.id),
    state: { values: surveyState(fields) },
  });
  expect(reply.status).toBe(200);
  return reply.body as '' | { response_action: 'errors'; errors: Record<string, string> };
}

function errorsOf(body: Awaited<ReturnType<typeof submitSurvey>>): Record<string, string> {
  if (body === '' || body.response_action !== 'errors') throw new Error('expected field errors');
  return body.errors;
}

function element(view: ReturnType<typeof surveyModalFor>, blockId: string): Record<string, unknown> {
  const b = view.blocks.find((x) => x.block_id === blockId);
  if (!b?.element) throw new Error(`no ${blockId} input`);
  return b.element;
}

/** A person typing into the bot's DM, delivered as Slack's message.im event. */
let tsCounter = 0;
async function dm(userId: string, text: string, extra: Record<string, unknown> = {}) {
  tsCounter += 1;
  const ts = `1799990000.${String(tsCounter).padStart(6, '0')}`;
  const reply = await h.slack.event({
    type: 'message',
    channel: h.sim.dmChannelOf(userId),
    channel_type: 'im',
    user: userId,
    text,
    ts,
    ...extra,
  });
  expect(reply.status).toBe(200);
  return ts;
}

async function replyTo(userId: string, ts: string): Promise<SimMessage> {
  await eventually(() => {
    if (
      !h.db
        .select()
        .from(outbox)
        .where(eq(outbox.key, `dm-reply:${userId}:${ts}`))
        .get()
    )
      throw new Error('no reply queued');
  });
  await h.deliver();
  const last = h.sim.messagesTo(userId).at(-1);
  if (!last) throw new Error('no reply delivered');
  return last;
}

function storedAnswers(): number {
  return h.db.select().from(surveyAnswers).all().length;
}

describe('the interest survey', () => {
  it('opens from the invitation, stores the answer and thanks the person by DM', async () => {
    const modal = await clickInterested(ALICE);
    expect(modal.private_metadata).toBe(String(program.id));
    expect(modal.blocks.map((b) => b.block_id).filter(Boolean)).toEqual(
      expect.arrayContaining(['role', 'level', 'department', 'teach', 'learn', 'goals', 'avoid']),
    );
    // Only group programs ask for a cohort size.
    expect(modal.blocks.some((b) => b.block_id === 'capacity')).toBe(false);

    const body = await submitSurvey(ALICE, { ...validAnswer, avoid: [BOB, ALICE] });
    expect(body).toBe('');
    expect(answerOf(h.db, program.id, ALICE)).toMatchObject({
      role: 'mentor',
      level: 'senior',
      department: 'Finance',
      teach: ['negotiation', 'leadership'],
      learn: ['ai-tools'],
      goals: validAnswer.goals,
      capacity: null,
      // Naming oneself is dropped.
      avoid: [BOB],
    });
    expect(participantOf(h.db, program.id, ALICE)?.status).toBe('answered');

    await h.deliver();
    const thanks = h.sim.messagesTo(ALICE).filter((m) => readable(m).includes('Thank you for joining'));
    expect(thanks).toHaveLength(1);
    expect(readable(thanks[0])).toContain('Reverse mentoring');
    expect(readable(thanks[0])).toContain('matching runs on');
    // The confidential avoid list is never echoed back.
    expect(readable(thanks[0])).not.toContain(BOB);
  });

  it('re-opens pre-filled for an edit and stores the new answer in place', async () => {
    await clickInterested(ALICE);
    expect(await submitSurvey(ALICE, { ...validAnswer, avoid: [BOB] })).toBe('');
    await h.deliver();

    const reply = await h.slack.command(ALICE, 'join');
    expect(reply.body).toBe('');
    const modal = await eventually(() => {
      const v = surveyModalFor(ALICE);
      if (v.submit.text !== 'Update') throw new Error('not the edit modal yet');
      return v;
    });
    expect((element(modal, 'role').initial_option as { value: string }).value).toBe('mentor');
    expect((element(modal, 'level').initial_option as { value: string }).value).toBe('senior');
    expect(element(modal, 'department').initial_value).toBe('Finance');
    expect(
      (element(modal, 'teach').initial_options as { value: string }[]).map((o) => o.value).sort(),
    ).toEqual(['leadership', 'negotiation']);
    expect((element(modal, 'learn').initial_options as { value: string }[]).map((o) => o.value)).toEqual([
      'ai-tools',
    ]);
    expect(element(modal, 'goals').initial_value).toBe(validAnswer.goals);
    expect(element(modal, 'avoid').initial_users).toEqual([BOB]);

    const edited = { ...validAnswer, role: 'either', teach: ['strategy'], goals: 'New goals', avoid: [] };
    expect(await submitSurvey(ALICE, edited)).toBe('');
    expect(answerOf(h.db, program.id, ALICE)).toMatchObject({
      role: 'either',
      teach: ['strategy'],
      goals: 'New goals',
      avoid: [],
    });
    expect(h.db.select().from(surveyAnswers).all()).toHaveLength(1);
    await h.deliver();
    expect(h.sim.messagesTo(ALICE).filter((m) => readable(m).includes('are updated'))).toHaveLength(1);
  });

  it('keeps the modal open with a kind message when the answer cannot be stored, and stores nothing', async () => {
    // The answer is written before the modal closes: a write that fails must not look like a success.
    h.db.$client.pragma('query_only = ON');
    let body: Awaited<ReturnType<typeof submitSurvey>>;
    try {
      body = await submitSurvey(ALICE, validAnswer);
    } finally {
      h.db.$client.pragma('query_only = OFF');
    }
    expect(errorsOf(body).role).toMatch(/couldn't save your answers/);
    expect(storedAnswers()).toBe(0);
    expect(participantOf(h.db, program.id, ALICE)?.status).toBe('invited');
    // Once storage works again, the same answer goes through.
    expect(await submitSurvey(ALICE, validAnswer)).toBe('');
    expect(storedAnswers()).toBe(1);
  });

  it('names every required field left empty and stores nothing', async () => {
    const errors = errorsOf(await submitSurvey(ALICE, {}));
    expect(Object.keys(errors).sort()).toEqual(['department', 'goals', 'learn', 'level', 'role', 'teach']);
    expect(
      errorsOf(await submitSurvey(ALICE, { ...validAnswer, department: '   ', goals: '  \n ' })),
    ).toEqual({
      department: expect.any(String),
      goals: expect.any(String),
    });
    expect(storedAnswers()).toBe(0);
    expect(participantOf(h.db, program.id, ALICE)?.status).toBe('invited');
  });

  it('refuses goals over 1,000 characters and accepts exactly 1,000', async () => {
    const errors = errorsOf(await submitSurvey(ALICE, { ...validAnswer, goals: 'g'.repeat(1001) }));
    expect(Object.keys(errors)).toEqual(['goals']);
    expect(errors.goals).toContain('1000');
    expect(storedAnswers()).toBe(0);
    expect(await submitSurvey(ALICE, { ...validAnswer, goals: 'g'.repeat(1000) })).toBe('');
    expect(answerOf(h.db, program.id, ALICE)?.goals).toHaveLength(1000);
  });

  it('refuses option values the modal never offered, with a field error, and stores nothing', async () => {
    const errors = errorsOf(
      await submitSurvey(ALICE, {
        ...validAnswer,
        role: 'admin',
        level: 'ceo',
        teach: ['leadership', 'hacking'],
        learn: ['<script>'],
        avoid: ['not-a-user'],
      }),
    );
    expect(Object.keys(errors).sort()).toEqual(['avoid', 'learn', 'level', 'role', 'teach']);
    expect(storedAnswers()).toBe(0);
    // One tampered field is enough to store nothing.
    expect(
      Object.keys(errorsOf(await submitSurvey(ALICE, { ...validAnswer, learn: ['ai-tools', 'x'] }))),
    ).toEqual(['learn']);
    expect(storedAnswers()).toBe(0);
    await h.deliver();
    expect(h.sim.messagesTo(ALICE).filter((m) => readable(m).includes('Thank you'))).toHaveLength(0);
  });

  it('asks for at least one skill to teach and one to learn', async () => {
    expect(Object.keys(errorsOf(await submitSurvey(ALICE, { ...validAnswer, teach: [] })))).toEqual([
      'teach',
    ]);
    expect(Object.keys(errorsOf(await submitSurvey(ALICE, { ...validAnswer, learn: [] })))).toEqual([
      'learn',
    ]);
    expect(storedAnswers()).toBe(0);
  });

  it('takes a cohort size only from mentors, and only in group programs', async () => {
    // Not a group program: its modal has no cohort field, and a value sent anyway (an outdated modal) is ignored
    // rather than reported on a field the person cannot see.
    expect((await clickInterested(ALICE)).blocks.some((x) => x.block_id === 'capacity')).toBe(false);
    expect(await submitSurvey(ALICE, { ...validAnswer, capacity: '3' })).toBe('');
    expect(answerOf(h.db, program.id, ALICE)?.capacity).toBeNull();

    const group = await launch(h, { name: 'Group mentoring', kind: 'group', audience: channelId });
    await h.deliver();
    const modal = await clickInterested(ALICE, group);
    expect(modal.private_metadata).toBe(String(group.id));
    expect(element(modal, 'capacity').type).toBe('number_input');

    expect(
      errorsOf(await submitSurvey(ALICE, { ...validAnswer, role: 'mentee', capacity: '2' }, group)),
    ).toEqual({
      capacity: expect.stringContaining('mentee'),
    });
    expect(errorsOf(await submitSurvey(ALICE, { ...validAnswer, capacity: '8' }, group))).toEqual({
      capacity: expect.any(String),
    });
    expect(answerOf(h.db, group.id, ALICE)).toBeUndefined();

    expect(await submitSurvey(ALICE, { ...validAnswer, role: 'mentor', capacity: '4' }, group)).toBe('');
    expect(answerOf(h.db, group.id, ALICE)?.capacity).toBe(4);
    expect(await submitSurvey(BOB, { ...validAnswer, role: 'mentee' }, group)).toBe('');
    expect(answerOf(h.db, group.id, BOB)?.capacity).toBeNull();
    // The pair program's answer still has no cohort size.
    expect(answerOf(h.db, program.id, ALICE)?.capacity).toBeNull();

    // Editing shows the stored cohort size.
    await h.slack.command(ALICE, 'join');
    const edit = await eventually(() => {
      const v = surveyModalFor(ALICE);
      if (v.submit.text !== 'Update') throw new Error('not the edit modal yet');
      return v;
    });
    expect(element(edit, 'capacity').initial_value).toBe('4');
  });

  it('does not open the survey of a program the person was not invited to', async () => {
    const other = await launch(h, {
      name: 'Leaders only',
      audience: h.sim.addChannel({ name: 'leads', members: [BOB], botIsMember: true }).id,
    });
    const inv = invitation(ALICE);
    const before = h.sim.responses.length;
    // A tampered button value naming the other program.
    await h.slack.action(ALICE, 'survey_open', String(other.id), {
      message: { channel: inv.channel, ts: inv.ts },
    });
    const response = await eventually(() => {
      const r = h.sim.responses.slice(before).at(-1);
      if (!r) throw new Error('no response yet');
      return r;
    });
    expect(readable(response.body as never)).toContain('for the people invited');
    expect(h.sim.views.filter((v) => v.view.callback_id === 'survey')).toHaveLength(0);
    expect(participantOf(h.db, other.id, ALICE)).toBeUndefined();
  });

  it('shows the person, and the owner, where things stand on the home tab', async () => {
    await clickInterested(ALICE);
    expect(await submitSurvey(ALICE, validAnswer)).toBe('');
    await replyTo(BOB, await dm(BOB, 'stop'));
    await h.slack.event({
      type: 'app_home_opened',
      user: ALICE,
      channel: h.sim.dmChannelOf(ALICE),
      tab: 'home',
    });
    await h.slack.event({
      type: 'app_home_opened',
      user: OWNER,
      channel: h.sim.dmChannelOf(OWNER),
      tab: 'home',
    });
    const alice = await eventually(() => {
      const v = h.sim.homeView(ALICE);
      if (!v) throw new Error('no home yet');
      return readable(v.view as never);
    });
    expect(alice).toContain('Reverse mentoring');
    expect(alice).toContain('Thanks for answering');
    const owner = await eventually(() => {
      const v = h.sim.homeView(OWNER);
      if (!v) throw new Error('no home yet');
      return readable(v.view as never);
    });
    expect(owner).toContain(`program ${program.id}`);
    expect(owner).toContain('4 people invited · 1 answered · 1 declined');
  });

  it('refuses a submission from someone the program did not invite', async () => {
    const errors = errorsOf(await submitSurvey(OUTSIDER, validAnswer));
    expect(errors.role).toContain('for the people invited');
    expect(storedAnswers()).toBe(0);
  });

  it('records "Not this time", confirms it in place, and the person can still join later', async () => {
    const inv = invitation(CAROL);
    const before = h.sim.responses.length;
    await h.slack.action(CAROL, 'survey_decline', undefined, {
      message: { channel: inv.channel, ts: inv.ts },
    });
    const response = await eventually(() => {
      const r = h.sim.responses.slice(before).at(-1);
      if (!r) throw new Error('no response yet');
      return r;
    });
    expect(response.body.replace_original).toBe(true);
    expect(readable(response.body as never)).toContain("won't send reminders");
    expect(participantOf(h.db, program.id, CAROL)?.status).toBe('declined');

    await h.slack.command(CAROL, 'join');
    await eventually(() => surveyModalFor(CAROL));
    expect(await submitSurvey(CAROL, validAnswer)).toBe('');
    expect(participantOf(h.db, program.id, CAROL)?.status).toBe('answered');
  });
});

describe('replies typed into the bot’s DM', () => {
  it.each(['stop', 'Unsubscribe', 'no', 'No thanks!'])('declines on "%s" and confirms it', async (text) => {
    const ts = await dm(ALICE, text);
    const reply = await replyTo(ALICE, ts);
    expect(readable(reply)).toContain("won't send reminders");
    expect(participantOf(h.db, program.id, ALICE)?.status).toBe('declined');
  });

  it.each(['yes', 'join', 'Yes please'])('answers "%s" with the survey button', async (text) => {
    const ts = await dm(BOB, text);
    const reply = await replyTo(BOB, ts);
    expect(buttons(reply)).toEqual([
      expect.objectContaining({ action_id: 'survey_open', value: String(program.id) }),
    ]);
    expect(participantOf(h.db, program.id, BOB)?.status).toBe('invited');
    // The button opens the survey.
    await h.slack.action(BOB, 'survey_open', undefined, {
      message: { channel: reply.channel, ts: reply.ts },
    });
    await eventually(() => expect(surveyModalFor(BOB).private_metadata).toBe(String(program.id)));
  });

  it("tells someone in no program that there's nothing to decline or join", async () => {
    for (const text of ['stop', 'yes']) {
      const reply = await replyTo(OUTSIDER, await dm(OUTSIDER, text));
      expect(readable(reply)).toContain("There's no open mentoring program for you");
      expect(buttons(reply)).toEqual([]);
    }
  });

  it('answers anything else with a short help', async () => {
    const ts = await dm(CAROL, 'what is this?');
    const reply = await replyTo(CAROL, ts);
    expect(readable(reply)).toContain('/mentor join');
    expect(buttons(reply)).toEqual([]);
    expect(participantOf(h.db, program.id, CAROL)?.status).toBe('invited');
  });

  it("ignores the bot's own messages and edits", async () => {
    const sentBefore = h.sim.callsTo('chat.postMessage').length;
    await dm(ALICE, 'stop', { user: 'UBOT', bot_id: 'BBOT', app_id: 'A0MENTOR' });
    await dm(ALICE, 'no', { subtype: 'bot_message', bot_id: 'BBOT', user: undefined });
    await dm(ALICE, 'stop', {
      subtype: 'message_changed',
      user: undefined,
      message: { type: 'message', user: ALICE, text: 'stop', ts: '1799990000.000001' },
      previous_message: { type: 'message', user: ALICE, text: 'yes', ts: '1799990000.000001' },
    });
    await dm(ALICE, 'stop', { subtype: 'message_deleted', user: undefined });
    await new Promise((r) => setTimeout(r, 200));
    expect(h.db.select().from(outbox).where(like(outbox.key, 'dm-reply:%')).all()).toHaveLength(0);
    await h.deliver();
    expect(h.sim.callsTo('chat.postMessage')).toHaveLength(sentBefore);
    expect(participantOf(h.db, program.id, ALICE)?.status).toBe('invited');
  });
});

describe('/mentor join', () => {
  it('opens the survey of the newest open program the person is in', async () => {
    const newer = await launch(h, { name: 'Peer circle', kind: 'peer', audience: channelId });
    const reply = await h.slack.command(DAVE, 'join');
    expect(reply.body).toBe('');
    const modal = await eventually(() => surveyModalFor(DAVE));
    expect(modal.private_metadata).toBe(String(newer.id));
    expect(readable({ blocks: modal.blocks })).toContain('Peer circle');
  });

  it("says so when there's no open program for the person", async () => {
    const reply = await h.slack.command(OUTSIDER, 'join');
    const body = reply.body as { response_type: string; text: string };
    expect(body.response_type).toBe('ephemeral');
    expect(body.text).toContain("There's no open mentoring program");
    await new Promise((r) => setTimeout(r, 100));
    expect(h.sim.views.filter((v) => v.view.callback_id === 'survey')).toHaveLength(0);
  });
});

describe('survey reminders', () => {
  const at = (iso: string) => new Date(iso);
  async function runRemindersAt(iso: string) {
    const now = at(iso);
    h.clock.set(now);
    const outcomes = jobs['survey-reminders'](h.deps, now);
    await h.deliver();
    return outcomes;
  }
  const reminders = (userId: string) =>
    h.sim.messagesTo(userId).filter((m) => /reminder/i.test(m.text) && buttons(m).length > 0);

  it('reminds at 3 and 7 working days after delivery, then never again; not after an answer or a decline', async () => {
    // Bob answers, Carol declines by button, Dave by DM; Alice does nothing.
    await clickInterested(BOB);
    expect(await submitSurvey(BOB, validAnswer)).toBe('');
    const inv = invitation(CAROL);
    await h.slack.action(CAROL, 'survey_decline', undefined, {
      message: { channel: inv.channel, ts: inv.ts },
    });
    await eventually(() => expect(participantOf(h.db, program.id, CAROL)?.status).toBe('declined'));
    await replyTo(DAVE, await dm(DAVE, 'stop'));

    // Delivered Monday 10:00 UTC: 2 working days later is too early.
    await runRemindersAt('2027-01-06T10:00:00Z');
    expect(reminders(ALICE)).toHaveLength(0);

    // Thursday: 3 working days.
    const first = await runRemindersAt('2027-01-07T10:00:00Z');
    expect(first[0]?.summary).toMatchObject({ firstReminders: 1, lastReminders: 0 });
    expect(reminders(ALICE)).toHaveLength(1);
    expect(reminders(ALICE)[0]?.text).toMatch(/^Reminder:/);
    expect(buttons(reminders(ALICE)[0]).map((b) => b.action_id)).toEqual(['survey_open', 'survey_decline']);

    // A second run for the same day sends nothing.
    const again = await runRemindersAt('2027-01-07T15:00:00Z');
    expect(again[0]?.ran).toBe(false);
    expect(reminders(ALICE)).toHaveLength(1);

    // The next Tuesday is only 6 working days.
    await runRemindersAt('2027-01-12T10:00:00Z');
    expect(reminders(ALICE)).toHaveLength(1);

    // Wednesday of the next week: 7 working days, the last one.
    const last = await runRemindersAt('2027-01-13T10:00:00Z');
    expect(last[0]?.summary).toMatchObject({ firstReminders: 0, lastReminders: 1 });
    expect(reminders(ALICE)).toHaveLength(2);
    expect(reminders(ALICE)[1]?.text).toMatch(/^Last reminder/);

    // Never a third.
    for (const day of ['2027-01-14', '2027-01-20', '2027-02-01']) await runRemindersAt(`${day}T10:00:00Z`);
    expect(reminders(ALICE)).toHaveLength(2);
    for (const id of [BOB, CAROL, DAVE]) expect(reminders(id)).toHaveLength(0);
    expect(participantOf(h.db, program.id, ALICE)?.remindersSent).toBe(2);
  });

  it('stops reminding once the person answers between reminders', async () => {
    await runRemindersAt('2027-01-07T10:00:00Z');
    expect(reminders(ALICE)).toHaveLength(1);
    const r = reminders(ALICE)[0]!;
    await h.slack.action(ALICE, 'survey_open', undefined, { message: { channel: r.channel, ts: r.ts } });
    await eventually(() => surveyModalFor(ALICE));
    expect(await submitSurvey(ALICE, validAnswer)).toBe('');
    await runRemindersAt('2027-01-13T10:00:00Z');
    expect(reminders(ALICE)).toHaveLength(1);
    // The others, who did nothing, got their last reminder.
    expect(reminders(BOB)).toHaveLength(2);
  });

  it('sends one reminder, the last, when both are overdue', async () => {
    await runRemindersAt('2027-01-20T10:00:00Z');
    expect(reminders(ALICE)).toHaveLength(1);
    expect(reminders(ALICE)[0]?.text).toMatch(/^Last reminder/);
    await runRemindersAt('2027-01-21T10:00:00Z');
    expect(reminders(ALICE)).toHaveLength(1);
  });

  it('holds a reminder until the person’s working hours', async () => {
    // Saturday: due, but queued for Monday 09:00 Berlin.
    const outcomes = await runRemindersAt('2027-01-16T10:00:00Z');
    expect(outcomes[0]?.ran).toBe(true);
    expect(reminders(ALICE)).toHaveLength(0);
    const row = h.db
      .select()
      .from(outbox)
      .where(eq(outbox.key, `survey-reminder:${program.id}:${ALICE}:2`))
      .get();
    expect(row?.notBefore).toBe(Date.parse('2027-01-18T08:00:00Z'));
    h.clock.set(new Date('2027-01-18T08:00:00Z'));
    await h.deliver();
    expect(reminders(ALICE)).toHaveLength(1);
  });
});
