import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, checkins, goals, relationships } from '../../src/db/schema';
import { jobs } from '../../src/jobs';
import { eventually, type Harness, readable, startHarness } from '../helpers/harness';
import { ANA, BEN, startedPair } from '../helpers/pairs';
import { stateValues } from '../helpers/slack-requests';

const DAY = 86_400_000;
let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

const goalsState = (texts: string[], done: string[] = []) =>
  stateValues({
    ...Object.fromEntries(texts.map((t, i) => [`goal_${i + 1}`, { type: 'plain_text_input', value: t }])),
    ...(done.length > 0 ? { goals_done: { type: 'checkboxes', selected: done } } : {}),
  } as never);

const checkinState = (progress: string, highlight?: string, share = false, note?: string) =>
  stateValues({
    progress: { type: 'static_select', selected: progress },
    highlight: { type: 'plain_text_input', value: highlight ?? null },
    share: { type: 'checkboxes', selected: share ? ['share'] : [] },
    private_note: { type: 'plain_text_input', value: note ?? null },
  } as never);

async function openGoals(userId: string) {
  await h.slack.command(userId, 'goals');
  return eventually(() => {
    const v = h.sim.views.filter((x) => x.view.callback_id === 'goals' && x.userId === userId).at(-1);
    if (!v) throw new Error('no goals modal');
    return v;
  });
}

describe('shared goals', () => {
  it('either partner sets up to five goals; both see the same list; the group DM hears about it', async () => {
    const { rel, channel } = await startedPair(h);
    await openGoals(ANA.id);
    const ack = await h.slack.viewSubmission(ANA.id, {
      callback_id: 'goals',
      private_metadata: String(rel.id),
      state: {
        values: goalsState(['Use AI tools for the monthly report', 'Give a talk <!channel> at all-hands']),
      },
    });
    expect(ack.status).toBe(200);
    expect(
      h.db
        .select()
        .from(goals)
        .where(eq(goals.relationshipId, rel.id))
        .all()
        .map((g) => g.text),
    ).toEqual(['Use AI tools for the monthly report', 'Give a talk <!channel> at all-hands']);
    await h.deliver();
    const note = h.sim.messagesIn(channel).find((m) => m.text === 'Your shared goals were updated');
    expect(readable(note)).toContain('&lt;!channel&gt;');
    expect(readable(note)).not.toContain('<!channel>');
    const benStatus = readable((await h.slack.command(BEN.id, 'status')).body as never);
    expect(benStatus).toContain('Use AI tools for the monthly report');

    const modal = await openGoals(BEN.id);
    expect(JSON.stringify(modal.view.blocks)).toContain('Use AI tools for the monthly report');
    await h.slack.viewSubmission(BEN.id, {
      callback_id: 'goals',
      private_metadata: String(rel.id),
      state: {
        values: goalsState(['Use AI tools for the monthly report', 'Give a talk at all-hands'], ['1']),
      },
    });
    const stored = h.db
      .select()
      .from(goals)
      .where(eq(goals.relationshipId, rel.id))
      .orderBy(goals.position)
      .all();
    expect(stored.map((g) => g.done)).toEqual([true, false]);
    expect(
      h.db.select().from(relationships).where(eq(relationships.id, rel.id)).get()?.goalsSetAt,
    ).not.toBeNull();
  });

  it('refuses an over-long goal, an empty list, and a relationship that is not yours, storing nothing', async () => {
    const { rel } = await startedPair(h);
    await openGoals(ANA.id);
    const long = await h.slack.viewSubmission(ANA.id, {
      callback_id: 'goals',
      private_metadata: String(rel.id),
      state: { values: goalsState(['x'.repeat(201)]) },
    });
    expect(long.body).toMatchObject({
      response_action: 'errors',
      errors: { goal_1: expect.stringContaining('200') },
    });
    const empty = await h.slack.viewSubmission(ANA.id, {
      callback_id: 'goals',
      private_metadata: String(rel.id),
      state: { values: goalsState(['   ']) },
    });
    expect(empty.body).toMatchObject({ response_action: 'errors' });
    h.sim.addUser({ id: 'UOUT0001', real_name: 'Outsider' });
    const outsider = await h.slack.viewSubmission('UOUT0001', {
      callback_id: 'goals',
      private_metadata: String(rel.id),
      state: { values: goalsState(['Take over']) },
    });
    expect(outsider.body).toMatchObject({ response_action: 'errors' });
    expect(h.db.select().from(goals).all()).toHaveLength(0);
  });
});

describe('check-ins', () => {
  it('asks each partner every check-in period, once; the modal lists the goals; answers store the share flag', async () => {
    const { rel } = await startedPair(h);
    h.db
      .insert(goals)
      .values({ relationshipId: rel.id, position: 1, text: 'Ship the AI report', updatedAt: 0 })
      .run();
    h.clock.set(new Date(rel.startedAt + 27 * DAY));
    jobs.checkins(h.deps, h.clock.now());
    expect(h.db.select().from(checkins).all()).toHaveLength(0);
    h.clock.set(new Date(rel.startedAt + 28 * DAY));
    jobs.checkins(h.deps, h.clock.now());
    jobs.checkins(h.deps, h.clock.now());
    await h.deliver();
    const rows = h.db.select().from(checkins).all();
    expect(rows.map((r) => r.userId).sort()).toEqual([ANA.id, BEN.id].sort());
    const dm = h.sim.messagesTo(ANA.id).find((m) => m.text.startsWith('Check-in time'))!;
    expect(h.sim.messagesTo(ANA.id).filter((m) => m.text.startsWith('Check-in time'))).toHaveLength(1);
    const anaRow = rows.find((r) => r.userId === ANA.id)!;
    await h.slack.action(ANA.id, 'checkin_open', String(anaRow.id), {
      message: { channel: dm.channel, ts: dm.ts },
    });
    const modal = await eventually(() => {
      const v = h.sim.views.find((x) => x.view.callback_id === 'checkin');
      if (!v) throw new Error('no modal');
      return v;
    });
    expect(JSON.stringify(modal.view.blocks)).toContain('Ship the AI report');
    const ack = await h.slack.viewSubmission(ANA.id, {
      callback_id: 'checkin',
      private_metadata: String(anaRow.id),
      state: {
        values: checkinState('4', 'We built a prompt library together', true, 'I felt nervous at first'),
      },
    });
    expect(ack.status).toBe(200);
    expect(h.db.select().from(checkins).where(eq(checkins.id, anaRow.id)).get()).toMatchObject({
      status: 'answered',
      progress: 4,
      share: true,
      highlight: 'We built a prompt library together',
      privateNote: 'I felt nervous at first',
    });
  });

  it("refuses a tampered progress value and someone else's check-in, storing nothing", async () => {
    const { rel } = await startedPair(h);
    h.clock.set(new Date(rel.startedAt + 28 * DAY));
    jobs.checkins(h.deps, h.clock.now());
    const anaRow = h.db
      .select()
      .from(checkins)
      .all()
      .find((r) => r.userId === ANA.id)!;
    const tampered = await h.slack.viewSubmission(ANA.id, {
      callback_id: 'checkin',
      private_metadata: String(anaRow.id),
      state: { values: checkinState('9') },
    });
    expect(tampered.body).toMatchObject({
      response_action: 'errors',
      errors: { progress: expect.any(String) },
    });
    const stolen = await h.slack.viewSubmission(BEN.id, {
      callback_id: 'checkin',
      private_metadata: String(anaRow.id),
      state: { values: checkinState('2') },
    });
    expect(stolen.body).toMatchObject({ response_action: 'errors' });
    expect(h.db.select().from(checkins).where(eq(checkins.id, anaRow.id)).get()?.status).toBe('open');
  });

  it('reminds once after 3 days, then expires after 7; a paused relationship skips the period', async () => {
    const { rel } = await startedPair(h);
    const start = rel.startedAt + 28 * DAY;
    h.clock.set(new Date(start));
    jobs.checkins(h.deps, h.clock.now());
    h.clock.set(new Date(start + 3 * DAY));
    jobs.checkins(h.deps, h.clock.now());
    h.clock.set(new Date(start + 4 * DAY));
    jobs.checkins(h.deps, h.clock.now());
    await h.deliver();
    expect(h.sim.messagesTo(ANA.id).filter((m) => m.text.includes('Check-in'))).toHaveLength(2);
    h.clock.set(new Date(start + 7 * DAY));
    jobs.checkins(h.deps, h.clock.now());
    expect(
      h.db
        .select()
        .from(checkins)
        .all()
        .every((c) => c.status === 'expired'),
    ).toBe(true);

    h.db
      .update(relationships)
      .set({ status: 'paused', pausedUntil: start + 40 * DAY })
      .where(eq(relationships.id, rel.id))
      .run();
    h.clock.set(new Date(rel.startedAt + 56 * DAY));
    jobs.checkins(h.deps, h.clock.now());
    const second = h.db
      .select()
      .from(checkins)
      .all()
      .filter((c) => c.periodIndex === 2);
    expect(second.map((c) => c.status)).toEqual(['skipped', 'skipped']);
  });

  it('at the program end: a thank-you to the pair, a final reflection, and a story invitation for a high rating', async () => {
    const { rel, channel, program } = await startedPair(h);
    h.clock.set(new Date(program.endsAt));
    jobs.checkins(h.deps, h.clock.now());
    await h.deliver();
    expect(readable(h.sim.messagesIn(channel).at(-1))).toContain('come to an end');
    expect(h.db.select().from(relationships).where(eq(relationships.id, rel.id)).get()?.status).toBe('ended');
    // The thank-you and the reflection close it: no "your relationship has ended" notice on top.
    expect(h.sim.messagesTo(ANA.id).filter((m) => m.text.includes('has ended'))).toHaveLength(0);
    const final = h.db
      .select()
      .from(checkins)
      .all()
      .find((c) => c.userId === BEN.id && c.isFinal)!;
    const dm = h.sim.messagesTo(BEN.id).find((m) => m.text.startsWith('A last reflection'))!;
    await h.slack.action(BEN.id, 'checkin_open', String(final.id), {
      message: { channel: dm.channel, ts: dm.ts },
    });
    const modal = await eventually(() => {
      const v = h.sim.views.find((x) => x.view.callback_id === 'checkin');
      if (!v) throw new Error('no modal');
      return v;
    });
    expect(readable({ blocks: modal.view.blocks as unknown[] })).toContain(
      'What did you learn, and what will you keep doing?',
    );
    await h.slack.viewSubmission(BEN.id, {
      callback_id: 'checkin',
      private_metadata: String(final.id),
      state: { values: checkinState('5', 'Prompting for analysis') },
    });
    await h.deliver();
    const thanks = h.sim.messagesTo(BEN.id).find((m) => m.text === 'Thank you for your reflection')!;
    expect(readable(thanks)).toContain('keep meeting informally');
    await h.slack.action(BEN.id, 'story_opt_in', String(rel.id), {
      message: { channel: thanks.channel, ts: thanks.ts },
    });
    await eventually(() =>
      expect(h.db.select().from(relationships).where(eq(relationships.id, rel.id)).get()?.storyOptIn).toBe(
        true,
      ),
    );
  });
});

describe('a private note', () => {
  it('appears nowhere the bot writes but its author’s own home tab: no message, view, response, file, log or audit row', async () => {
    const NOTE = 'SECRET-NOTE-7f3a about my manager';
    const { rel } = await startedPair(h);
    h.clock.set(new Date(rel.startedAt + 28 * DAY));
    jobs.checkins(h.deps, h.clock.now());
    const anaRow = h.db
      .select()
      .from(checkins)
      .all()
      .find((r) => r.userId === ANA.id)!;
    await h.slack.viewSubmission(ANA.id, {
      callback_id: 'checkin',
      private_metadata: String(anaRow.id),
      state: { values: checkinState('3', 'Shared highlight', true, NOTE) },
    });
    await h.deliver();
    // Everyone looks at what they can: status, home tabs, the owner's commands and digest.
    for (const who of [ANA.id, BEN.id, 'UOWNER1']) {
      await h.slack.command(who, 'status');
      await h.slack.event({ type: 'app_home_opened', user: who, channel: 'D1', tab: 'home' });
    }
    await h.slack.command('UOWNER1', 'admin digest');
    await h.slack.command('UOWNER1', 'admin export');
    jobs.digest(h.deps, h.clock.now());
    await new Promise((r) => setTimeout(r, 300));
    await h.deliver();
    await eventually(() => expect(h.sim.homeView(ANA.id)).toBeDefined());

    const own = JSON.stringify(h.sim.homeView(ANA.id)?.view);
    expect(own).toContain(NOTE);
    const everywhere = [
      ...h.sim.messages.flatMap((m) => m.versions.map((v) => JSON.stringify(v))),
      ...h.sim.views
        .filter((v) => !(v.kind === 'home' && v.userId === ANA.id))
        .flatMap((v) => v.versions.map((x) => JSON.stringify(x))),
      ...h.sim.responses.map((r) => JSON.stringify(r.body)),
      ...h.sim.ephemerals.map((e) => JSON.stringify(e)),
      ...h.sim.files.map((f) => f.bytes?.toString('utf8') ?? ''),
      ...h.sim.calls
        .filter((c) => !(c.method === 'views.publish' && c.args.user_id === ANA.id))
        .map((c) => JSON.stringify(c.args)),
      ...h.logs,
      ...h.db
        .select()
        .from(auditLog)
        .all()
        .map((a) => JSON.stringify(a)),
    ];
    expect(everywhere.length).toBeGreaterThan(10);
    for (const text of everywhere) expect(text).not.toContain('SECRET-NOTE-7f3a');
  });
});
