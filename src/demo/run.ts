// npm run demo: a whole program on a simulated 30-person workspace, printed as people would see it in Slack.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { eq } from 'drizzle-orm';
import { manualClock } from '../clock';
import { testConfig } from '../config';
import { closeDb, openDb, runMigrations } from '../db/client';
import {
  checkins,
  offerMembers,
  offers,
  participants,
  programs,
  relationshipMembers,
  relationships,
  surveyAnswers,
} from '../db/schema';
import type { Deps } from '../deps';
import { isActiveHuman } from '../domain/program-rules';
import { defaultSkills } from '../domain/skills';
import { formatLocal, safeZone } from '../domain/time';
import { jobs } from '../jobs';
import { createLogger } from '../log';
import { createDeliverer } from '../outbox/deliver';
import { startApp } from '../slack/app';
import { createSlackClient } from '../slack/client';
import { displayName, type RenderContext, renderBlocks } from './render';
import { createSlackRequester, stateValues } from './slack-requests';
import { makeWorkspace, type SimMessage, type SimUser, startSlackSim } from './slack-sim';

const out = (line = '') => process.stdout.write(`${line}\n`);
const chapter = (title: string) => {
  out();
  out(`━━━ ${title} ${'━'.repeat(Math.max(3, 86 - title.length))}`);
};

/** Messages of one kind (outbox key prefix) printed in full before the rest are summarised in one line each. */
const FULL_PER_KIND = 1;

async function main(): Promise<void> {
  const started = Date.now();
  // Monday 4 January 2027, 08:30 UTC: morning in Europe, night in the Americas, afternoon in Asia.
  const clock = manualClock(new Date('2027-01-04T08:30:00Z'));
  const sim = await startSlackSim({
    workspace: makeWorkspace(30, 7, clock.now()),
    now: () => clock.now().getTime(),
  });
  const dir = mkdtempSync(join(tmpdir(), 'mentor-bot-demo-'));
  const db = openDb(join(dir, 'demo.db'));
  runMigrations(db);
  const humans = sim.workspace.users.filter((u) => isActiveHuman(u));
  const owner = humans[0]!;
  const digestChannel = sim.workspace.channels.find((c) => c.name === 'mentor-admins')!;
  digestChannel.botIsMember = true;
  const config = testConfig({
    slackApiUrl: sim.apiUrl,
    databasePath: join(dir, 'demo.db'),
    programOwners: [owner.id],
    digestChannel: digestChannel.id,
    maxPostsPerMinute: 6000,
  });
  const log = createLogger({ level: 'warn', sink: (line) => process.stderr.write(`${line}\n`) });
  const slack = createSlackClient(config);
  const deliverer = createDeliverer({ db, slack, clock, log, maxPostsPerMinute: config.maxPostsPerMinute });
  const deps: Deps = { db, config, clock, log, slack, deliverer };
  const app = await startApp(deps);
  const requester = createSlackRequester({
    url: `http://127.0.0.1:${app.port}/slack/events`,
    signingSecret: config.slackSigningSecret!,
    sim,
  });

  const ctx: RenderContext = {
    user: (id) => sim.user(id),
    channelName: (id) => sim.workspace.channels.find((c) => c.id === id)?.name,
  };
  const name = (u: SimUser | string) => displayName(typeof u === 'string' ? sim.user(u) : u) ?? String(u);
  const localTime = (userId: string) => formatLocal(clock.now(), safeZone(sim.user(userId)?.tz));
  const shown = new Map<string, number>();
  const summary: string[] = [];

  const recipientOf = (m: SimMessage) => {
    const ch = sim.workspace.channels.find((c) => c.id === m.channel);
    if (ch) return `#${ch.name}`;
    const opened = sim
      .callsTo('conversations.open')
      .find((c) => (c.response.channel as { id?: string } | undefined)?.id === m.channel);
    if (opened)
      return `group DM with ${String(opened.args.users)
        .split(',')
        .map((u) => name(u))
        .join(', ')}`;
    const dmUser = sim.workspace.users.find((u) => sim.dmChannelOf(u.id) === m.channel);
    return dmUser ? `DM to ${name(dmUser)} (${dmUser.tz}, ${localTime(dmUser.id)})` : m.channel;
  };
  let quiet = false;
  sim.events.on('message', (m) => {
    const key = String(
      (m.metadata?.event_payload as { outbox_key?: string } | undefined)?.outbox_key ?? 'reply',
    );
    if (quiet) return;
    const parts = key.split(':');
    const kind = parts[0] === 'nudge' ? `nudge-step${parts[3]}` : (parts[0] ?? key);
    const n = (shown.get(kind) ?? 0) + 1;
    shown.set(kind, n);
    // A file shared into the channel arrives as a message with no text of its own: the line below says so.
    if (m.text === '' && !m.blocks) return;
    if (n <= FULL_PER_KIND || kind === 'digest') {
      out();
      out(`┌─ mentor-bot → ${recipientOf(m)}`);
      for (const line of renderBlocks(m.blocks, m.text, ctx)) out(`│ ${line}`);
      out('└─');
    } else {
      summary.push(`   → ${recipientOf(m)}: ${m.text}`);
    }
  });
  sim.events.on('view', (v) => {
    if (v.kind !== 'modal' || !v.userId) return;
    const title = (v.view.title as { text?: string } | undefined)?.text ?? 'modal';
    const n = (shown.get(`modal:${title}`) ?? 0) + 1;
    shown.set(`modal:${title}`, n);
    if (n > 1) return;
    out();
    out(`┌─ ${name(v.userId)} sees a form: “${title}”`);
    for (const line of renderBlocks(v.view.blocks as unknown[], '', ctx)) out(`│ ${line}`);
    out('└─');
  });
  sim.events.on('response', (r) => {
    if (quiet) return;
    out();
    out(
      r.body.replace_original === true
        ? '┌─ mentor-bot updates the message that was clicked'
        : '┌─ mentor-bot replies (only the person who clicked or typed sees this)',
    );
    for (const line of renderBlocks(r.body.blocks as unknown[], String(r.body.text ?? ''), ctx))
      out(`│ ${line}`);
    out('└─');
  });

  const deliver = async () => {
    await deliverer.deliverDue({ waitUpToMs: 5000 });
    flushSummary();
  };
  /** Moves the clock forward half an hour at a time, delivering what falls due, as the server would. */
  const passTime = async (until: Date, stepMinutes = 30) => {
    while (clock.now() < until) {
      clock.set(new Date(Math.min(until.getTime(), clock.now().getTime() + stepMinutes * 60_000)));
      await deliverer.deliverDue({ waitUpToMs: 5000 });
    }
    flushSummary();
  };
  const flushSummary = () => {
    if (summary.length === 0) return;
    out();
    const maxLines = 6;
    for (const line of summary.slice(0, maxLines)) out(line);
    if (summary.length > maxLines) out(`   … and ${summary.length - maxLines} more like these`);
    summary.length = 0;
  };
  const says = (who: SimUser, what: string) => {
    out();
    out(`» ${name(who)} (${localTime(who.id)}): ${what}`);
  };
  const waitFor = async (check: () => boolean, what: string) => {
    for (let i = 0; i < 200; i++) {
      if (check()) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`the demo waited too long for ${what}`);
  };
  const lastMessageTo = (userId: string) => {
    const ms = sim.messagesTo(userId);
    return ms[ms.length - 1];
  };

  out('mentor-bot demo: a reverse-mentoring program on a simulated workspace of 30 people.');
  out(
    `Workspace: ${humans.length} people, plus Slackbot, a bot, a deactivated account and a guest (never invited).`,
  );
  out(`Program owner: ${name(owner)}. Everything below is what people would read in Slack.`);

  // 1. Launch.
  chapter('1. The owner launches a program from Slack');
  says(owner, '/mentor help');
  const help = await requester.command(owner.id, 'help');
  const helpBody = help.body as { text: string; blocks: unknown[] };
  out('┌─ mentor-bot (only you can see this)');
  for (const line of renderBlocks(helpBody.blocks, helpBody.text, ctx)) out(`│ ${line}`);
  out('└─');
  says(owner, '/mentor admin');
  await requester.command(owner.id, 'admin');
  await waitFor(() => sim.views.some((v) => v.view.callback_id === 'program_setup'), 'the setup form');
  says(owner, 'fills in the form and presses Launch');
  await requester.viewSubmission(owner.id, {
    callback_id: 'program_setup',
    state: {
      values: stateValues({
        name: { type: 'plain_text_input', value: 'Reverse mentoring · Spring 2027' },
        kind: { type: 'static_select', selected: 'reverse' },
        audience: { type: 'conversations_select', selected_conversation: null },
        weeks: { type: 'number_input', value: '12' },
        cadence_days: { type: 'static_select', selected: '14' },
        checkin_days: { type: 'static_select', selected: '28' },
        digest_channel: { type: 'conversations_select', selected_conversation: digestChannel.id },
      } as never),
    },
  });
  await waitFor(
    () =>
      db
        .select()
        .from(programs)
        .all()
        .some((p) => p.status === 'open'),
    'the launch',
  );
  const program = db.select().from(programs).all()[0]!;
  await deliver();

  chapter('2. Invitations wait for each person’s working hours');
  out(
    `It is ${formatLocal(clock.now(), 'UTC')} UTC. People in Europe and Asia have their invitation; the Americas are asleep.`,
  );
  out('Over the next day the rest go out as each person’s morning starts:');
  await passTime(new Date('2027-01-05T08:00:00Z'));
  const invited = sim.messages.filter((m) =>
    String(m.metadata?.event_payload?.outbox_key ?? '').startsWith('invite:'),
  );
  out();
  out(
    `${invited.length} invitations delivered, one per active person (the bot, Slackbot, deactivated and guest accounts were skipped).`,
  );

  // 3. Answers.
  chapter('3. People answer the survey');
  const levels = ['early', 'early', 'mid', 'senior', 'executive', 'senior', 'early', 'mid'] as const;
  const departments = ['Engineering', 'Sales', 'Marketing', 'Finance', 'People', 'Product', 'Support'];
  const skills = defaultSkills.map((s) => s.slug);
  const responders = humans.slice(1, 23);
  for (const [i, person] of responders.entries()) {
    const level = levels[i % levels.length]!;
    const early = level === 'early' || level === 'mid';
    const teach = early ? [skills[i % 3]!, 'industry-trends'] : [skills[3 + (i % 4)]!, 'career-planning'];
    const learn = early
      ? [skills[3 + ((i + 1) % 4)]!, 'public-speaking']
      : [skills[(i + 1) % 3]!, 'inclusion'];
    const invitation = sim.messagesTo(person.id).find((m) => m.text.startsWith("You're invited"));
    if (i === 0) says(person, 'clicks “I’m interested”');
    await requester.action(person.id, 'survey_open', String(program.id), {
      message: { channel: invitation!.channel, ts: invitation!.ts },
    });
    await waitFor(() => sim.views.some((v) => v.userId === person.id), 'the survey');
    await requester.viewSubmission(person.id, {
      callback_id: 'survey',
      private_metadata: String(program.id),
      state: {
        values: stateValues({
          role: { type: 'static_select', selected: early ? 'mentor' : i % 5 === 0 ? 'either' : 'mentee' },
          level: { type: 'static_select', selected: level },
          department: { type: 'plain_text_input', value: departments[i % departments.length]! },
          teach: { type: 'multi_static_select', selected: teach },
          learn: { type: 'multi_static_select', selected: learn },
          goals: {
            type: 'plain_text_input',
            value: early
              ? 'Learn how leaders make decisions, and share what I know.'
              : 'Keep up with how younger colleagues work.',
          },
          avoid: { type: 'multi_users_select', selected_users: [] },
        } as never),
      },
    });
    if (i === 0) {
      says(person, 'answers and presses Send');
    }
  }
  await deliver();
  out();
  out(`${responders.length} people answered.`);

  // 4. Declines and typed replies.
  chapter('4. Not interested, and replies typed into the DM');
  const decliner = humans[23]!;
  const inv = sim.messagesTo(decliner.id)[0]!;
  says(decliner, 'clicks “Not this time”');
  await requester.action(decliner.id, 'survey_decline', String(program.id), {
    message: { channel: inv.channel, ts: inv.ts },
  });
  await waitFor(() => sim.responses.length > 0, 'the decline confirmation');
  for (const [person, text] of [
    [humans[24]!, 'stop'],
    [humans[25]!, 'yes'],
    [humans[26]!, 'what is this about?'],
  ] as const) {
    says(person, `types “${text}”`);
    await requester.event(
      {
        type: 'message',
        channel_type: 'im',
        channel: sim.dmChannelOf(person.id),
        user: person.id,
        text,
        ts: `${Date.now() / 1000}`,
      },
      {},
    );
    await waitFor(
      () => sim.messagesTo(person.id).length > 1 || lastMessageTo(person.id) !== inv,
      'the reply',
    );
    await new Promise((r) => setTimeout(r, 50));
    shown.delete('dm-reply');
    await deliver();
  }

  // 5. Reminders.
  chapter('5. Polite reminders: after 3 and 7 working days, never more');
  await passTime(new Date('2027-01-08T10:00:00Z'));
  out(
    `${formatLocal(clock.now(), 'UTC')} UTC: the daily survey-reminders job runs; 3 working days have passed.`,
  );
  jobs['survey-reminders'](deps, clock.now());
  await passTime(new Date('2027-01-10T10:00:00Z'));

  // 6. Matching.
  chapter('6. Matching: both sides teach, both sides learn');
  out(
    `${formatLocal(clock.now(), 'UTC')} UTC: the day before the first round, people waiting get a heads-up.`,
  );
  jobs.match(deps, clock.now(), { trigger: 'schedule' });
  await passTime(new Date('2027-01-11T10:00:00Z'));
  out();
  out(`${formatLocal(clock.now(), 'UTC')} UTC: the survey window has closed; the first round runs.`);
  const round = jobs.match(deps, clock.now(), { trigger: 'schedule' })[0]?.summary ?? {};
  await passTime(new Date('2027-01-11T17:00:00Z'));
  out();
  out(
    `${round.offers ?? 0} offers for ${round.pool ?? 0} people waiting; ${round.unmatched ?? 0} told kindly why not yet.`,
  );
  const offerRows = db.select().from(offers).all();
  const membersOfOffer = (id: number) =>
    db.select().from(offerMembers).where(eq(offerMembers.offerId, id)).all();
  const clickOffer = async (userId: string, offerId: number, action: string) => {
    const msg = sim
      .messagesTo(userId)
      .find((m) => m.metadata?.event_payload?.outbox_key === `offer:${offerId}:${userId}`);
    await requester.action(
      userId,
      action,
      String(offerId),
      msg ? { message: { channel: msg.channel, ts: msg.ts } } : {},
    );
    await new Promise((r) => setTimeout(r, 60));
  };
  const [first, second, third] = offerRows;
  if (first) {
    const [a, b] = membersOfOffer(first.id);
    says(sim.user(a!.userId)!, 'clicks Accept');
    await clickOffer(a!.userId, first.id, 'offer_accept');
    says(sim.user(b!.userId)!, 'clicks Accept: the last acceptance starts the relationship');
    await clickOffer(b!.userId, first.id, 'offer_accept');
    await deliver();
    says(sim.user(b!.userId)!, 'clicks Accept again (a double click changes nothing)');
    await clickOffer(b!.userId, first.id, 'offer_accept');
  }
  if (second) {
    const [a] = membersOfOffer(second.id);
    says(sim.user(a!.userId)!, 'clicks Decline');
    await clickOffer(a!.userId, second.id, 'offer_decline');
    await passTime(new Date('2027-01-12T17:00:00Z'));
  }
  if (third) {
    const [a] = membersOfOffer(third.id);
    says(sim.user(a!.userId)!, 'clicks “Show me alternatives”');
    await clickOffer(a!.userId, third.id, 'offer_alternatives');
  }
  // A late joiner whose answers complement the person who declined, so the next round has a match for them.
  const secondDecliner = second ? membersOfOffer(second.id)[0]!.userId : undefined;
  const late = humans[25]!;
  const declinerAnswer = secondDecliner
    ? db
        .select({ a: surveyAnswers })
        .from(surveyAnswers)
        .innerJoin(participants, eq(participants.id, surveyAnswers.participantId))
        .where(eq(participants.userId, secondDecliner))
        .get()?.a
    : undefined;
  if (declinerAnswer) {
    const earlier = declinerAnswer.level === 'early' || declinerAnswer.level === 'mid';
    says(late, 'who typed “yes” last week, answers the survey now');
    await requester.action(late.id, 'survey_open', String(program.id), {});
    await waitFor(
      () => sim.views.some((v) => v.userId === late.id && v.view.callback_id === 'survey'),
      'the survey',
    );
    await requester.viewSubmission(late.id, {
      callback_id: 'survey',
      private_metadata: String(program.id),
      state: {
        values: stateValues({
          role: { type: 'static_select', selected: earlier ? 'mentee' : 'mentor' },
          level: { type: 'static_select', selected: earlier ? 'executive' : 'early' },
          department: { type: 'plain_text_input', value: 'Legal' },
          teach: { type: 'multi_static_select', selected: declinerAnswer.learn.slice(0, 2) },
          learn: { type: 'multi_static_select', selected: declinerAnswer.teach.slice(0, 2) },
          goals: { type: 'plain_text_input', value: 'Learn something new from a colleague outside my team.' },
          avoid: { type: 'multi_users_select', selected_users: [] },
        } as never),
      },
    });
    await new Promise((r) => setTimeout(r, 100));
  }
  says(owner, '/mentor admin match  (a round now, for the people a decline put back in the pool)');
  await requester.command(owner.id, 'admin match');
  await new Promise((r) => setTimeout(r, 200));
  await passTime(new Date('2027-01-13T17:00:00Z'));
  const rematch = secondDecliner
    ? sim
        .messagesTo(secondDecliner)
        .filter((m) => String(m.metadata?.event_payload?.outbox_key ?? '').startsWith('offer:'))
        .at(-1)
    : undefined;
  if (rematch && secondDecliner) {
    out();
    out(`┌─ The re-match: mentor-bot → DM to ${name(secondDecliner)}`);
    for (const line of renderBlocks(rematch.blocks, rematch.text, ctx)) out(`│ ${line}`);
    out('└─');
  }
  out();
  out('Everyone else accepts their offer over the next day.');
  quiet = true;
  for (const o of db.select().from(offers).where(eq(offers.status, 'pending')).all()) {
    for (const m of membersOfOffer(o.id))
      if (m.response === 'pending') await clickOffer(m.userId, o.id, 'offer_accept');
  }
  await deliver();
  quiet = false;
  const startedRels = db.select().from(relationships).all();
  out();
  out(`${startedRels.length} relationships have started, each with its own group DM.`);

  // 7. Sessions.
  chapter('7. Sessions: one click after each meeting');
  const rel = startedRels[0];
  if (rel) {
    const kickoff = sim.messages.find((m) => m.metadata?.event_payload?.outbox_key === `kickoff:${rel.id}`)!;
    const clicker = db
      .select()
      .from(relationshipMembers)
      .where(eq(relationshipMembers.relationshipId, rel.id))
      .all()[0]!;
    await passTime(new Date('2027-01-14T10:00:00Z'));
    says(sim.user(clicker.userId)!, 'presses “We met” in the group DM');
    await requester.action(clicker.userId, 'session_met', String(rel.id), {
      message: { channel: kickoff.channel, ts: kickoff.ts },
    });
    await new Promise((r) => setTimeout(r, 60));
    await deliver();
  }

  // 8. The last reminder.
  chapter('8. The last survey reminder, and never a third');
  out(
    `${formatLocal(clock.now(), 'UTC')} UTC: 7 working days have passed since the invitations: the last reminder.`,
  );
  jobs['survey-reminders'](deps, clock.now());
  await passTime(new Date('2027-01-18T08:00:00Z'));
  const again = jobs['survey-reminders'](deps, clock.now());
  await deliver();
  const sentAgain = again.reduce(
    (n, o) => n + (o.summary.firstReminders ?? 0) + (o.summary.lastReminders ?? 0),
    0,
  );
  out();
  out(
    `${formatLocal(clock.now(), 'UTC')} UTC: the job runs again and sends ${sentAgain} reminders: nobody hears a third time, and nobody who answered or declined heard any.`,
  );

  // 9. Slips.
  chapter('9. When sessions slip: a kind nudge, then a direct word, then the owners');
  const pairs = db.select().from(relationships).all();
  const slipper = pairs[1] ?? pairs[0]!;
  const pairOf = (id: number) =>
    db.select().from(relationshipMembers).where(eq(relationshipMembers.relationshipId, id)).all();
  out(
    `Most pairs meet and press “We met”. One pair, ${pairOf(slipper.id)
      .map((m) => name(m.userId))
      .join(' and ')}, gets busy and never meets:`,
  );
  quiet = true;
  for (const p of pairs) {
    if (p.id === slipper.id) continue;
    const m = pairOf(p.id)[0]!;
    await requester.action(m.userId, 'session_met', String(p.id), {});
  }
  await new Promise((r) => setTimeout(r, 150));
  quiet = false;
  shown.set('session-met', 99);
  for (const day of ['2027-02-01', '2027-02-15', '2027-03-01']) {
    await passTime(new Date(`${day}T09:00:00Z`), 240);
    const ran = jobs.nudges(deps, clock.now())[0]?.summary ?? {};
    out();
    const step = ran.step1
      ? 'step 1: a reminder in their group DM'
      : ran.step2
        ? 'step 2: a direct word to each, senior partner first'
        : ran.step3
          ? 'step 3: the owners hear, and the pair is flagged at risk'
          : 'nothing to do';
    out(`${formatLocal(clock.now(), 'UTC')} UTC: the daily nudges job runs: ${step}.`);
    // Other pairs keep meeting.
    quiet = true;
    for (const p of pairs)
      if (p.id !== slipper.id)
        await requester.action(pairOf(p.id)[0]!.userId, 'session_met', String(p.id), {});
    await new Promise((r) => setTimeout(r, 150));
    quiet = false;
    await passTime(new Date(`${day}T23:30:00Z`), 60);
  }

  // 10. Pause, status and end.
  chapter('10. A pause, a look at status, and a kind ending');
  const [pauser, ender] = pairs.filter((p) => p.id !== slipper.id);
  if (pauser) {
    const who = pairOf(pauser.id)[0]!.userId;
    says(sim.user(who)!, '/mentor pause 3');
    const reply = await requester.command(who, 'pause 3');
    out(`┌─ mentor-bot (only you can see this)\n│ ${(reply.body as { text: string }).text}\n└─`);
    await deliver();
    says(sim.user(who)!, '/mentor status');
    const status = (await requester.command(who, 'status')).body as { text: string; blocks: unknown[] };
    out('┌─ mentor-bot (only you can see this)');
    for (const line of renderBlocks(status.blocks, status.text, ctx)) out(`│ ${line}`);
    out('└─');
  }
  if (ender) {
    const who = pairOf(ender.id)[1]!.userId;
    says(sim.user(who)!, '/mentor end');
    const confirm = (await requester.command(who, 'end')).body as { text: string; blocks: unknown[] };
    out('┌─ mentor-bot (only you can see this)');
    for (const line of renderBlocks(confirm.blocks, confirm.text, ctx)) out(`│ ${line}`);
    out('└─');
    says(sim.user(who)!, 'clicks “Yes, end it”');
    await requester.action(who, 'relationship_end', String(ender.id), {});
    await new Promise((r) => setTimeout(r, 100));
    await passTime(new Date('2027-03-02T20:00:00Z'), 60);
  }

  // A digest mid-program, with the pair at risk.
  chapter('11. The weekly digest mid-program: who needs help');
  await passTime(new Date('2027-03-08T07:00:00Z'), 240);
  out(`${formatLocal(clock.now(), 'UTC')} UTC: Monday's digest reaches the owners' channel.`);
  jobs.digest(deps, clock.now());
  await deliver();

  // Goals, check-ins and closure.
  chapter('12. Goals, reflection check-ins, and a good ending');
  const growing = db
    .select()
    .from(relationships)
    .all()
    .find((r) => r.status === 'active' && r.id !== slipper.id);
  if (growing) {
    const [g1] = pairOf(growing.id);
    says(sim.user(g1!.userId)!, '/mentor goals, then saves two goals they agreed');
    await requester.command(g1!.userId, 'goals');
    await waitFor(() => sim.views.some((v) => v.view.callback_id === 'goals'), 'the goals form');
    await requester.viewSubmission(g1!.userId, {
      callback_id: 'goals',
      private_metadata: String(growing.id),
      state: {
        values: stateValues({
          goal_1: { type: 'plain_text_input', value: 'Use AI tools to draft the monthly report' },
          goal_2: { type: 'plain_text_input', value: 'Present our team plan at the all-hands' },
        } as never),
      },
    });
    await new Promise((r) => setTimeout(r, 100));
    await deliver();
    await passTime(new Date('2027-03-09T09:00:00Z'), 240);
    out();
    out(
      `${formatLocal(clock.now(), 'UTC')} UTC: eight weeks in, the daily checkins job asks each partner how it is going.`,
    );
    jobs.checkins(deps, clock.now());
    await passTime(new Date('2027-03-09T17:00:00Z'), 60);
    // A few people answer: progress, a highlight some choose to share, and private notes nobody else sees.
    const open = db.select().from(checkins).where(eq(checkins.status, 'open')).all();
    for (const [i, c] of open.slice(0, 6).entries()) {
      const msg = sim
        .messagesTo(c.userId)
        .find((m) => m.metadata?.event_payload?.outbox_key === `checkin:${c.id}`);
      if (i === 0)
        says(
          sim.user(c.userId)!,
          'clicks “Check in”, rates progress 4/5, shares a highlight and writes a private note',
        );
      await requester.action(
        c.userId,
        'checkin_open',
        String(c.id),
        msg ? { message: { channel: msg.channel, ts: msg.ts } } : {},
      );
      await waitFor(
        () => sim.views.some((v) => v.view.callback_id === 'checkin' && v.userId === c.userId),
        'the check-in form',
      );
      await requester.viewSubmission(c.userId, {
        callback_id: 'checkin',
        private_metadata: String(c.id),
        state: {
          values: stateValues({
            progress: { type: 'static_select', selected: String(3 + (i % 3)) },
            highlight: {
              type: 'plain_text_input',
              value:
                i % 2 === 0
                  ? 'We built a prompt library for our team'
                  : 'Learned how budget decisions really get made',
            },
            share: { type: 'checkboxes', selected: i % 2 === 0 ? ['share'] : [] },
            private_note: {
              type: 'plain_text_input',
              value: 'I was nervous about asking a senior person for time.',
            },
          } as never),
        },
      });
    }
    await new Promise((r) => setTimeout(r, 100));
    await deliver();
    out();
    out(
      'The private notes are stored for their authors only: no message, digest, export or log line ever contains them.',
    );
    says(sim.user(g1!.userId)!, '/mentor status');
    const st = (await requester.command(g1!.userId, 'status')).body as { text: string; blocks: unknown[] };
    out('┌─ mentor-bot (only you can see this)');
    for (const line of renderBlocks(st.blocks, st.text, ctx)) out(`│ ${line}`);
    out('└─');
  }
  await passTime(new Date(program.endsAt), 480);
  out();
  out(
    `${formatLocal(clock.now(), 'UTC')} UTC: the program reaches its end. Each pair is thanked, and asked for a last reflection.`,
  );
  jobs.checkins(deps, clock.now());
  await passTime(new Date(program.endsAt + 8 * 3_600_000), 60);
  const finals = db.select().from(checkins).where(eq(checkins.isFinal, true)).all();
  for (const [i, c] of finals.slice(0, 4).entries()) {
    const msg = sim
      .messagesTo(c.userId)
      .find((m) => m.metadata?.event_payload?.outbox_key === `checkin:${c.id}`);
    await requester.action(
      c.userId,
      'checkin_open',
      String(c.id),
      msg ? { message: { channel: msg.channel, ts: msg.ts } } : {},
    );
    await waitFor(
      () => sim.views.some((v) => v.view.callback_id === 'checkin' && v.userId === c.userId),
      'the final reflection',
    );
    if (i === 0) says(sim.user(c.userId)!, 'reflects: 5/5, “I will keep using AI for first drafts”');
    await requester.viewSubmission(c.userId, {
      callback_id: 'checkin',
      private_metadata: String(c.id),
      state: {
        values: stateValues({
          progress: { type: 'static_select', selected: i === 0 ? '5' : '4' },
          highlight: { type: 'plain_text_input', value: 'I will keep using AI for first drafts' },
          share: { type: 'checkboxes', selected: ['share'] },
          private_note: { type: 'plain_text_input', value: null },
        } as never),
      },
    });
  }
  await new Promise((r) => setTimeout(r, 100));
  await deliver();
  const storyThanks = finals[0]
    ? sim.messagesTo(finals[0].userId).find((m) => m.text === 'Thank you for your reflection')
    : undefined;
  if (storyThanks && finals[0]) {
    says(sim.user(finals[0].userId)!, 'clicks “Yes, I’d be glad to” tell their story');
    const relId = finals[0].relationshipId;
    await requester.action(finals[0].userId, 'story_opt_in', String(relId), {
      message: { channel: storyThanks.channel, ts: storyThanks.ts },
    });
    await new Promise((r) => setTimeout(r, 100));
  }

  // 6. Digest and home.
  chapter('13. The last weekly digest, and the home tabs');
  await passTime(new Date('2027-04-12T07:00:00Z'), 240);
  out(`Monday ${formatLocal(clock.now(), 'UTC')} UTC: the weekly digest goes to the owners' channel.`);
  jobs.digest(deps, clock.now());
  await deliver();
  const chart = sim.files.filter((f) => f.completed && f.channelId === digestChannel.id && f.bytes).at(-1);
  if (chart?.bytes) {
    const dirOut = resolve('demo-output');
    mkdirSync(dirOut, { recursive: true });
    const chartPath = join(dirOut, 'digest-chart.png');
    writeFileSync(chartPath, chart.bytes);
    out();
    out(`The digest's chart (“${chart.title}”) was uploaded with it; a copy is at ${chartPath}`);
  }
  says(owner, 'opens the mentor-bot app');
  await requester.event({
    type: 'app_home_opened',
    user: owner.id,
    channel: sim.dmChannelOf(owner.id),
    tab: 'home',
  });
  await waitFor(() => sim.homeView(owner.id) !== undefined, 'the home tab');
  const home = sim.homeView(owner.id)!;
  out('┌─ Home tab');
  for (const line of renderBlocks(home.view.blocks as unknown[], '', ctx)) out(`│ ${line}`);
  out('└─');

  const p = db.select().from(programs).where(eq(programs.id, program.id)).get()!;
  out();
  out(
    `Program ${p.id} “${p.name}” is ${p.status}. Demo finished in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
  );

  await app.stop();
  await deliverer.stop();
  await sim.close();
  closeDb(db);
  rmSync(dir, { recursive: true, force: true });
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    process.stderr.write(`demo failed: ${err.stack ?? err.message}\n`);
    process.exit(1);
  },
);
