import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { closeDb, openDb } from '../../src/db/client';
import { outbox, programs } from '../../src/db/schema';
import { SLACKBOT_ID } from '../../src/demo/slack-sim';
import type { Deps } from '../../src/deps';
import { resumeLaunches } from '../../src/flows/launch';
import { createDeliverer } from '../../src/outbox/deliver';
import { startApp } from '../../src/slack/app';
import { createSlackClient } from '../../src/slack/client';
import { eventually, type Harness, OWNER, readable, startHarness } from '../helpers/harness';
import {
  invitationsTo,
  launch,
  outboxRow,
  participantsOf,
  setupState,
  submitSetup,
} from '../helpers/programs';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** A workspace with only Slackbot and the bot itself; tests add exactly the people they need. */
async function emptyWorkspace(): Promise<Harness> {
  h = await startHarness({ workspace: {} });
  return h;
}

/** People who must never be invited: a bot, a deactivated account, a guest, a single-channel guest and an app. */
function addNonHumans(hh: Harness): string[] {
  hh.sim.addUser({ id: 'UJIRABOT1', real_name: 'Jira Cloud', is_bot: true, tz: 'Europe/Berlin' });
  hh.sim.addUser({ id: 'UGONE0001', real_name: 'Gone Person', deleted: true, tz: 'Europe/Berlin' });
  hh.sim.addUser({
    id: 'UGUEST001',
    real_name: 'Guest Contractor',
    is_restricted: true,
    tz: 'Europe/Berlin',
  });
  hh.sim.addUser({
    id: 'UGUEST002',
    real_name: 'Single Guest',
    is_ultra_restricted: true,
    tz: 'Europe/Berlin',
  });
  hh.sim.addUser({ id: 'UAPPUSER1', real_name: 'Workflow App', is_app_user: true, tz: 'Europe/Berlin' });
  return ['UJIRABOT1', 'UGONE0001', 'UGUEST001', 'UGUEST002', 'UAPPUSER1', SLACKBOT_ID, 'UBOT'];
}

function ownerDms(hh: Harness): string[] {
  return hh.sim.messagesTo(OWNER).map((m) => readable(m));
}

describe('launching a program', () => {
  it('invites each active human member of a channel once and skips bots, Slackbot, deleted users and guests', async () => {
    const hh = await emptyWorkspace();
    const people = ['UALICE001', 'UBOB00001', 'UCAROL001'];
    for (const id of people) hh.sim.addUser({ id, real_name: `Person ${id}`, tz: 'Europe/Berlin' });
    hh.sim.addUser({ id: 'UOUTSIDE1', real_name: 'Not In Channel', tz: 'Europe/Berlin' });
    const skipped = addNonHumans(hh);
    const channel = hh.sim.addChannel({
      name: 'mentoring',
      members: [...people, OWNER, ...skipped.filter((id) => id !== 'UBOT')],
      botIsMember: true,
    });

    const program = await launch(hh, { name: 'Spring <!channel> & co', audience: channel.id });
    expect(program.audienceChannel).toBe(channel.id);
    // The owner's Slack zone becomes the program's.
    expect(program.timeZone).toBe('Europe/Berlin');
    await hh.deliver();

    // Owners in the audience are invited like anyone else.
    for (const id of [...people, OWNER]) expect(invitationsTo(hh, id, program.id)).toHaveLength(1);
    for (const id of [...skipped, 'UOUTSIDE1']) expect(hh.sim.messagesTo(id)).toHaveLength(0);
    expect(
      participantsOf(hh.db, program.id)
        .map((p) => p.userId)
        .sort(),
    ).toEqual([...people, OWNER].sort());

    // The owner hears that it started and, once, that every invitation is queued; the name is escaped.
    const dms = ownerDms(hh);
    expect(dms.filter((t) => t.includes('Launching'))).toHaveLength(1);
    const done = dms.filter((t) => t.includes('All set'));
    expect(done).toHaveLength(1);
    expect(done[0]).toContain('4 invitations');
    expect(done[0]).toContain(`program ${program.id}`);
    expect(dms.join('\n')).not.toContain('<!channel>');
    expect(dms.join('\n')).toContain('&lt;!channel&gt;');
    const invitation = readable(invitationsTo(hh, 'UALICE001', program.id)[0]);
    expect(invitation).not.toContain('<!channel>');
    expect(invitation).toContain('Spring &lt;!channel&gt; &amp; co');

    // Delivering again sends nothing more.
    const again = await hh.deliver();
    expect(again.sent).toBe(0);
    for (const id of people) expect(hh.sim.messagesTo(id)).toHaveLength(1);
  });

  it('keeps the setup modal open with a kind message when the program cannot be stored, and launches nothing', async () => {
    const hh = await emptyWorkspace();
    hh.sim.addUser({ id: 'UPERSON01', real_name: 'Pat Person', tz: 'Europe/Berlin' });
    expect((await hh.slack.command(OWNER, 'admin')).status).toBe(200);
    await eventually(() => {
      if (!hh.sim.views.some((v) => v.view.callback_id === 'program_setup'))
        throw new Error('no setup modal');
    });
    // The program is stored before the modal closes: a write that fails must not look like a launch.
    hh.db.$client.pragma('query_only = ON');
    let reply: Awaited<ReturnType<Harness['slack']['viewSubmission']>>;
    try {
      reply = await hh.slack.viewSubmission(OWNER, {
        callback_id: 'program_setup',
        state: { values: setupState({ name: 'Stored first' }) },
      });
    } finally {
      hh.db.$client.pragma('query_only = OFF');
    }
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      response_action: 'errors',
      errors: { name: expect.stringMatching(/couldn't save the program/) },
    });
    expect(hh.db.select().from(programs).all()).toEqual([]);
    expect(hh.db.select().from(outbox).all()).toEqual([]);
  });

  it('invites every active human of the workspace over several pages of users.list, each exactly once', async () => {
    const hh = await emptyWorkspace();
    const people: string[] = [];
    for (let i = 0; i < 230; i++) {
      const id = `UPERSON${String(i).padStart(3, '0')}`;
      people.push(id);
      hh.sim.addUser({ id, real_name: `Person ${i}`, tz: i % 2 ? 'Europe/Berlin' : 'Europe/London' });
      // Non-humans sit on both pages.
      if (i === 3 || i === 220) {
        hh.sim.addUser({ id: `UBOTX${i}`, real_name: `Bot ${i}`, is_bot: true });
        hh.sim.addUser({ id: `UGUESTX${i}`, real_name: `Guest ${i}`, is_restricted: true });
        hh.sim.addUser({ id: `UDELX${i}`, real_name: `Deleted ${i}`, deleted: true });
      }
    }
    const skipped = [
      ...addNonHumans(hh),
      'UBOTX3',
      'UGUESTX3',
      'UDELX3',
      'UBOTX220',
      'UGUESTX220',
      'UDELX220',
    ];

    const program = await launch(hh, { audience: null });
    expect(program.audienceChannel).toBeNull();
    const listCalls = hh.sim.callsTo('users.list');
    expect(listCalls.length).toBeGreaterThanOrEqual(2);
    expect(listCalls.filter((c) => c.args.cursor)).toHaveLength(listCalls.length - 1);

    const report = await hh.deliver(5000);
    expect(report.failed).toBe(0);
    for (const id of [...people, OWNER]) expect(invitationsTo(hh, id, program.id)).toHaveLength(1);
    for (const id of skipped) expect(hh.sim.messagesTo(id)).toHaveLength(0);
    expect(participantsOf(hh.db, program.id)).toHaveLength(people.length + 1);
    const done = ownerDms(hh).filter((t) => t.includes('All set'));
    expect(done).toHaveLength(1);
    expect(done[0]).toContain(`${people.length + 1} invitations`);

    expect((await hh.deliver()).sent).toBe(0);
  });

  it('pages through a large channel (conversations.members), skipping non-humans on every page', async () => {
    const hh = await emptyWorkspace();
    const people: string[] = [];
    for (let i = 0; i < 210; i++) {
      const id = `UCHAN${String(i).padStart(4, '0')}`;
      people.push(id);
      hh.sim.addUser({ id, real_name: `Member ${i}`, tz: 'Europe/Berlin' });
    }
    const skipped = addNonHumans(hh).filter((id) => id !== 'UBOT');
    const channel = hh.sim.addChannel({
      name: 'everyone-eng',
      // Non-humans on the first page and on the second.
      members: [skipped[0]!, ...people.slice(0, 205), ...skipped.slice(1), ...people.slice(205)],
      botIsMember: true,
    });
    const program = await launch(hh, { audience: channel.id });
    const pages = hh.sim.callsTo('conversations.members');
    expect(pages).toHaveLength(2);
    expect(pages[1]?.args.cursor).toBeTruthy();
    await hh.deliver(5000);
    for (const id of people) expect(invitationsTo(hh, id, program.id)).toHaveLength(1);
    for (const id of [...skipped, 'UBOT']) expect(hh.sim.messagesTo(id)).toHaveLength(0);
    expect(participantsOf(hh.db, program.id)).toHaveLength(people.length);
  });

  it('lets someone who joined Slack after a workspace launch join with /mentor join, but not a guest', async () => {
    const hh = await emptyWorkspace();
    hh.sim.addUser({ id: 'UEARLY001', real_name: 'Early Bird', tz: 'Europe/Berlin' });
    const program = await launch(hh, { audience: null });
    hh.sim.addUser({ id: 'ULATE0001', real_name: 'Late Comer', tz: 'Europe/Berlin' });
    hh.sim.addUser({ id: 'ULATEGST1', real_name: 'Late Guest', tz: 'Europe/Berlin', is_restricted: true });

    const reply = await hh.slack.command('ULATE0001', 'join');
    expect(reply.body).toBe('');
    const modal = await eventually(() => {
      const v = hh.sim.views.find((x) => x.view.callback_id === 'survey' && x.userId === 'ULATE0001');
      if (!v) throw new Error('no survey modal');
      return v;
    });
    expect(modal.view.private_metadata).toBe(String(program.id));
    expect(participantsOf(hh.db, program.id).map((p) => p.userId)).toContain('ULATE0001');

    const guest = await hh.slack.command('ULATEGST1', 'join');
    expect((guest.body as { text: string }).text).toContain("There's no open mentoring program");
    expect(participantsOf(hh.db, program.id).map((p) => p.userId)).not.toContain('ULATEGST1');
  });

  it('holds an invitation until 09:00 in the invitee’s own time zone', async () => {
    const hh = await emptyWorkspace();
    hh.sim.addUser({ id: 'ULAPERSON', real_name: 'Lee Angeles', tz: 'America/Los_Angeles' });
    hh.sim.addUser({ id: 'UBERLIN01', real_name: 'Bea Berlin', tz: 'Europe/Berlin' });
    const channel = hh.sim.addChannel({
      name: 'team',
      members: ['ULAPERSON', 'UBERLIN01'],
      botIsMember: true,
    });
    const program = await launch(hh, { audience: channel.id });

    // 10:00 UTC on Monday is 02:00 in Los Angeles (UTC-8 in January): the invitation waits for 09:00 there.
    const la = outboxRow(hh.db, `invite:${program.id}:ULAPERSON`);
    expect(la?.notBefore).toBe(Date.parse('2027-01-04T17:00:00Z'));
    // Berlin is at work (11:00): theirs goes now.
    expect(outboxRow(hh.db, `invite:${program.id}:UBERLIN01`)?.notBefore).toBe(
      Date.parse('2027-01-04T10:00:00Z'),
    );

    await hh.deliver();
    expect(invitationsTo(hh, 'UBERLIN01', program.id)).toHaveLength(1);
    expect(hh.sim.messagesTo('ULAPERSON')).toHaveLength(0);

    hh.clock.set(new Date('2027-01-04T16:59:00Z'));
    await hh.deliver();
    expect(hh.sim.messagesTo('ULAPERSON')).toHaveLength(0);

    hh.clock.set(new Date('2027-01-04T17:00:00Z'));
    await hh.deliver();
    expect(invitationsTo(hh, 'ULAPERSON', program.id)).toHaveLength(1);
    expect(outboxRow(hh.db, `invite:${program.id}:ULAPERSON`)?.status).toBe('sent');
  });

  it('refuses /mentor admin from someone who is not a program owner, politely and without a modal', async () => {
    const hh = await emptyWorkspace();
    hh.sim.addUser({ id: 'UMALLORY1', real_name: 'Mallory', tz: 'Europe/Berlin' });
    const reply = await hh.slack.command('UMALLORY1', 'admin');
    expect(reply.status).toBe(200);
    const body = reply.body as { response_type: string; text: string };
    expect(body.response_type).toBe('ephemeral');
    expect(body.text).toContain('Only program owners');
    await new Promise((r) => setTimeout(r, 100));
    expect(hh.sim.callsTo('views.open')).toHaveLength(0);
    expect(hh.sim.views).toHaveLength(0);

    // The owner gets the modal with the contract's blocks.
    await hh.slack.command(OWNER, 'admin');
    const modal = await eventually(() => {
      const v = hh.sim.views.find((x) => x.view.callback_id === 'program_setup');
      if (!v) throw new Error('no modal');
      return v;
    });
    const blockIds = (modal.view.blocks as { block_id?: string }[]).map((b) => b.block_id);
    expect(blockIds).toEqual([
      'name',
      'kind',
      'audience',
      'weeks',
      'cadence_days',
      'checkin_days',
      'digest_channel',
      // Optional additions after the contract's blocks.
      'survey_days',
      'skills',
    ]);
  });

  it('refuses a forged program_setup submission from a non-owner and creates nothing', async () => {
    const hh = await emptyWorkspace();
    hh.sim.addUser({ id: 'UMALLORY1', real_name: 'Mallory', tz: 'Europe/Berlin' });
    const reply = await hh.slack.viewSubmission('UMALLORY1', {
      callback_id: 'program_setup',
      state: { values: setupState({ name: 'Hostile takeover' }) },
    });
    expect(reply.status).toBe(200);
    const body = reply.body as { response_action: string; errors: Record<string, string> };
    expect(body.response_action).toBe('errors');
    expect(body.errors.name).toContain('Only program owners');
    await new Promise((r) => setTimeout(r, 150));
    expect(hh.db.select().from(programs).all()).toHaveLength(0);
    expect(hh.db.select().from(outbox).all()).toHaveLength(0);
    expect(hh.sim.callsTo('users.list')).toHaveLength(0);
  });

  it('shows a field error for each invalid setup input and stores nothing', async () => {
    const hh = await emptyWorkspace();
    const reply = await hh.slack.viewSubmission(OWNER, {
      callback_id: 'program_setup',
      state: {
        values: setupState({
          name: '   ',
          kind: 'mega',
          audience: 'not-a-channel',
          weeks: '3',
          cadenceDays: '10',
          checkinDays: '7',
          digestChannel: 'UOWNER1',
        }),
      },
    });
    const body = reply.body as { response_action: string; errors: Record<string, string> };
    expect(body.response_action).toBe('errors');
    expect(Object.keys(body.errors).sort()).toEqual(
      ['audience', 'cadence_days', 'checkin_days', 'digest_channel', 'kind', 'name', 'weeks'].sort(),
    );
    const tooLong = await hh.slack.viewSubmission(OWNER, {
      callback_id: 'program_setup',
      state: { values: setupState({ weeks: '53' }) },
    });
    expect((tooLong.body as { errors: Record<string, string> }).errors).toEqual({
      weeks: expect.stringContaining('4 to 52'),
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(hh.db.select().from(programs).all()).toHaveLength(0);
  });

  it('tells the owner when the audience channel cannot be listed, and ends the launch', async () => {
    const hh = await emptyWorkspace();
    const hidden = hh.sim.addChannel({
      name: 'secret',
      isPrivate: true,
      members: [OWNER],
      botIsMember: false,
    });
    const created = await submitSetup(hh, { audience: hidden.id });
    const program = await eventually(() => {
      const p = hh.db.select().from(programs).where(eq(programs.id, created.id)).get();
      if (p?.status !== 'ended') throw new Error(`still ${p?.status}`);
      return p;
    });
    expect(program.status).toBe('ended');
    await hh.deliver();
    const failed = ownerDms(hh).filter((t) => t.includes("couldn't launch"));
    expect(failed).toHaveLength(1);
    expect(failed[0]).toContain('/invite @mentor-bot');
    expect(ownerDms(hh).filter((t) => t.includes('All set'))).toHaveLength(0);
  });

  it('finishes a launch interrupted by a crash after a restart, inviting everyone exactly once', async () => {
    const hh = await emptyWorkspace();
    const people: string[] = [];
    for (let i = 0; i < 260; i++) {
      const id = `UCRASH${String(i).padStart(3, '0')}`;
      people.push(id);
      hh.sim.addUser({ id, real_name: `Crash ${i}`, tz: 'Europe/Berlin' });
    }
    // The first process hangs on its request for the second page until we let it go, after it has "died".
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const slack1 = hh.deps.slack!;
    const list = slack1.users.list.bind(slack1.users);
    slack1.users.list = (async (args: Parameters<typeof list>[0]) => {
      if (args?.cursor) await gate;
      return list(args);
    }) as typeof slack1.users.list;
    const created = await submitSetup(hh, { audience: null });
    const afterFirstPage = await eventually(() => {
      const p = hh.db.select().from(programs).where(eq(programs.id, created.id)).get();
      if (!p?.launchCursor) throw new Error('first page not committed yet');
      return p;
    });
    expect(afterFirstPage.status).toBe('launching');
    expect(JSON.parse(afterFirstPage.launchCursor!)).toMatchObject({ pages: 1 });
    // What the first process managed to send before it died.
    await hh.deliver();
    const sentBeforeCrash = people.filter((id) => hh!.sim.messagesTo(id).length > 0).length;
    expect(sentBeforeCrash).toBeGreaterThan(0);
    expect(sentBeforeCrash).toBeLessThan(people.length);

    // Crash: the first process loses its database and its delivery loop mid-launch.
    await hh.deps.deliverer.stop();
    expect(hh.db.select().from(programs).where(eq(programs.id, created.id)).get()?.launchCursor).toBe(
      afterFirstPage.launchCursor,
    );
    closeDb(hh.db);

    // A new process (its own Slack client) on the same database file picks the launch up where it left off.
    const db2 = openDb(hh.dbPath);
    const slack2 = createSlackClient(hh.deps.config);
    const deliverer2 = createDeliverer({
      db: db2,
      slack: slack2,
      clock: hh.clock,
      log: hh.deps.log,
      maxPostsPerMinute: hh.deps.config.maxPostsPerMinute,
    });
    const deps2: Deps = { ...hh.deps, db: db2, slack: slack2, deliverer: deliverer2 };
    const app2 = await startApp(deps2);
    try {
      resumeLaunches(deps2);
      await eventually(() => {
        const p = db2.select().from(programs).where(eq(programs.id, created.id)).get();
        if (p?.status !== 'open') throw new Error(`program is ${p?.status}`);
      }, 5000);
      await deliverer2.deliverDue({ waitUpToMs: 3000 });
      // The dead process's hanging call returns at last: it finds its database gone and changes nothing.
      release();
      await eventually(() => expect(hh.logs.join('\n')).toContain('launch failed'), 3000);

      // It resumed at the saved cursor rather than listing the workspace again.
      expect(hh.sim.callsTo('users.list').filter((c) => !c.args.cursor)).toHaveLength(1);
      for (const id of [...people, OWNER]) expect(invitationsTo(hh, id, created.id)).toHaveLength(1);
      expect(hh.sim.messagesTo(OWNER).filter((m) => readable(m).includes('All set'))).toHaveLength(1);
      expect(readable(hh.sim.messagesTo(OWNER).find((m) => readable(m).includes('All set')))).toContain(
        `${people.length + 1} invitations`,
      );
      // A second resume is harmless.
      resumeLaunches(deps2);
      expect((await deliverer2.deliverDue()).sent).toBe(0);
    } finally {
      await app2.stop();
      await deliverer2.stop();
      closeDb(db2);
    }
  });
});

describe('the same setup modal submitted twice', () => {
  it('launches one program', async () => {
    const h2 = await startHarness();
    try {
      await h2.slack.command(OWNER, 'admin');
      await eventually(() =>
        expect(h2.sim.views.some((v) => v.view.callback_id === 'program_setup')).toBe(true),
      );
      const submission = { callback_id: 'program_setup', state: { values: setupState({ name: 'Twice' }) } };
      await h2.slack.viewSubmission(OWNER, submission);
      await h2.slack.viewSubmission(OWNER, submission);
      await new Promise((r) => setTimeout(r, 200));
      expect(h2.db.select().from(programs).all()).toHaveLength(1);
    } finally {
      await h2.close();
    }
  });
});
