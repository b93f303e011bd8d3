/**
 * Property tests (fast-check, fixed seeds so a failure replays) over everything a person can type or tamper with:
 * the `/mentor` text and every field of every modal, sent signed to the real app. Inputs mix over-long and empty
 * text, emoji, right-to-left text, control characters, mrkdwn control sequences and option values or ids the modal
 * never offered.
 *
 * Every request is answered 200 (never a 500, never a listener error in the log). A refused submission answers
 * `response_action: 'errors'` naming blocks of its own modal and stores nothing; an accepted one stores the text as
 * typed (trimmed). At the end everything the bot said (messages, ephemerals, views, response_url posts, replies)
 * is searched for a mention or link that came from the inputs: all must have been escaped.
 */
import { and, eq } from 'drizzle-orm';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkins,
  goals,
  participants,
  programs,
  relationships,
  sessions,
  surveyAnswers,
} from '../../src/db/schema';
import { jobs } from '../../src/jobs';
import { contractOptions, goalsModal, ids } from '../../src/slack/ids';
import { eventually, type Harness, OWNER, startHarness } from '../helpers/harness';
import { type SlackReply, type StateInput, stateValues } from '../helpers/slack-requests';
import { addToPool, buildWorld, CAST, type World } from '../helpers/world';

const RUNS = 30;
const DIGEST_CHANNEL = 'CFZDIGEST';

/** Typed into a field, each of these must reach Slack escaped: none may ping, link or name anyone. */
const CONTROL = [
  '<!channel>',
  '<!here>',
  '<!everyone>',
  '<!subteam^SFUZZ01|team>',
  '<@UFUZZ0001>',
  '<@UFUZZ0002|someone>',
  '<#CFUZZ0001>',
  '<#CFUZZ0002|general>',
  '<http://fuzz.example/x|click here>',
  '<https://fuzz.example>',
  '<mailto:fuzz@fuzz.example|mail>',
];
/** What must never appear unescaped in anything the bot says. */
const FORBIDDEN = [
  '<!channel',
  '<!here',
  '<!everyone',
  '<!subteam',
  '<@UFUZZ',
  '<#CFUZZ',
  '<http://fuzz.example',
  '<https://fuzz.example',
  '<mailto:fuzz',
];
const ODD = [
  '&',
  '&lt;',
  '&amp;',
  '<',
  '>',
  '*bold*',
  '_it_',
  '~s~',
  '`code`',
  '```block```',
  '> quote',
  '\n',
  '\t',
  '\r\n',
  '\u202Eevil\u202C',
  'שלום עולם',
  'مرحبا بالعالم',
  '👩🏽‍💻',
  '🎉🎉',
  '\u200B',
  '\u0000',
  '\uFFFF',
  '\uD800',
  ' ',
  '   ',
  'Ünïcödé',
  '%20',
  '\\',
  '"',
  "'",
  '{}',
  'null',
  'undefined',
  'NaN',
];

/** Free text: pieces of the above and random strings, now and then far too long or empty. */
const text: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .array(
        fc.oneof(
          fc.constantFrom(...CONTROL),
          fc.constantFrom(...ODD),
          fc.string({ maxLength: 12 }),
          fc.string({ unit: 'binary', maxLength: 6 }),
        ),
        { maxLength: 6 },
      )
      .map((parts) => parts.join('')),
  },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', '\n\n') },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom('x', '👩🏽‍💻', 'é', '<!here>'), fc.integer({ min: 60, max: 3000 }))
      .map(([s, n]) => s.repeat(Math.ceil(n / s.length))),
  },
);

/** A value the modal offered (most of the time), or one it never did. */
const option = (valid: readonly string[], validWeight = 4): fc.Arbitrary<string | null> =>
  fc.oneof(
    { weight: validWeight, arbitrary: fc.constantFrom(...valid) },
    {
      weight: 1,
      arbitrary: fc.oneof(
        text,
        fc.constant(null),
        fc.constantFrom(...valid.map((v) => ` ${v}`), ...valid.map((v) => `${v}0`), '0', '-1', '1e1', '0x7'),
      ),
    },
  );

/** A channel id from the list, or text that is not one. */
const channel = fc.oneof(
  { weight: 3, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.constantFrom('C0FUZZ001', 'G0FUZZ002') },
  { weight: 1, arbitrary: fc.oneof(text, fc.constantFrom('c0lower', 'D0DIRECT', 'U0PERSON', 'C')) },
);

let h: Harness;
let w: World;
/** Replies to commands and submissions: part of what the bot says. */
const replies: unknown[] = [];

beforeAll(async () => {
  h = await startHarness({ workspace: {}, config: { digestChannel: DIGEST_CHANNEL } });
  h.sim.addChannel({ id: DIGEST_CHANNEL, name: 'mentoring-owners', botIsMember: true });
  w = buildWorld(h);
});
afterAll(async () => {
  await h?.close();
});

/** Every row a request could touch, to show a refused one touched nothing. */
function snapshot(): string {
  const tables = h.db.$client
    .prepare(
      `select name from sqlite_master where type = 'table' and name not like 'sqlite_%'
       and name not in ('rate_events', 'processed_events', '__drizzle_migrations') order by name`,
    )
    .all() as { name: string }[];
  return JSON.stringify(
    tables.map(({ name }) => [name, h.db.$client.prepare(`select * from "${name}" order by rowid`).all()]),
  );
}

/** Opens a modal the way a person does and returns the block ids it has (errors may name only these). */
async function opened(
  callbackId: string,
  userId: string,
  open: () => Promise<unknown>,
): Promise<Set<string>> {
  await open();
  const view = await eventually(() => {
    const v = h.sim.views.filter((x) => x.view.callback_id === callbackId && x.userId === userId).at(-1);
    if (!v) throw new Error(`the ${callbackId} modal did not open`);
    return v.view;
  });
  return new Set(
    ((view.blocks ?? []) as { block_id?: string }[]).map((b) => b.block_id).filter((b): b is string => !!b),
  );
}

function logErrors(): string[] {
  return h.logs.filter((l) => / (ERROR|WARN) /.test(l) && /listener|failed|unhandled/i.test(l));
}

/**
 * Submits, then checks the common promise: 200, and either accepted (empty body) or field errors on the modal's own
 * blocks with nothing stored. Returns whether it was accepted.
 */
async function submitAndCheck(
  userId: string,
  callbackId: string,
  privateMetadata: string,
  state: Record<string, StateInput>,
  blocks: Set<string>,
  alsoNamed: string[] = [],
): Promise<boolean> {
  const before = snapshot();
  const errorsBefore = logErrors().length;
  // Each submission is its own modal, as in Slack: the same view id twice is a repeat (tests/e2e/duplicates.test.ts).
  submissions++;
  const reply: SlackReply = await h.slack.viewSubmission(userId, {
    id: `VFUZZ${submissions}`,
    callback_id: callbackId,
    private_metadata: privateMetadata,
    state: { values: stateValues(state) },
  });
  replies.push(reply.body);
  expect(reply.status).toBe(200);
  expect(logErrors().length, logErrors().join('\n')).toBe(errorsBefore);
  if (reply.body === '') return true;
  const body = reply.body as { response_action?: string; errors?: Record<string, string> };
  expect(body.response_action).toBe('errors');
  const named = Object.entries(body.errors ?? {});
  expect(named.length).toBeGreaterThan(0);
  for (const [block, message] of named) {
    expect([...blocks, ...alsoNamed], `error on ${block}, not a block of ${callbackId}`).toContain(block);
    expect(typeof message === 'string' && message.trim().length > 0 && message.length <= 300).toBe(true);
  }
  expect(snapshot(), 'a refused submission stored something').toBe(before);
  return false;
}

let submissions = 0;

const trimmed = (s: string | null) => (s ?? '').trim();

/** Half of a UTF-16 surrogate pair on its own: not text Slack can send, so SQLite keeps replacement characters. */
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Stored as typed (trimmed): escaping happens on the way out, never in the database. */
function expectStored(stored: string, typed: string | null): void {
  if (loneSurrogate.test(typed ?? '')) expect(stored.length).toBeGreaterThan(0);
  else expect(stored).toBe(trimmed(typed));
}

describe('fuzzed input', () => {
  it('/mentor with any text answers 200 with an ephemeral reply (or a modal), never an error', async () => {
    const words = fc.constantFrom(
      'help',
      'join',
      'status',
      'log',
      'goals',
      'pause',
      'resume',
      'end',
      'admin',
      'match',
      'digest',
      'export',
      'setup',
      'launch',
      '3',
      '0',
      '9',
      '99',
      '-1',
      '1.5',
      '٣',
      'PAUSE',
      'Admin',
    );
    const commandText = fc.oneof(
      fc.array(fc.oneof(words, text), { maxLength: 4 }).chain((parts) =>
        fc
          .array(fc.constantFrom(' ', '  ', '\t', '\n', '\u00A0', '\u3000'), {
            minLength: parts.length,
            maxLength: parts.length,
          })
          .map((gaps) => parts.map((p, i) => `${gaps[i]}${p}`).join('')),
      ),
      text,
    );
    const who = fc.constantFrom(OWNER, CAST.ben.id, CAST.pat.id, 'UFZNOBODY1');
    h.sim.addUser({ id: 'UFZNOBODY1', real_name: 'Nobody Here', tz: 'Europe/Berlin' });
    await fc.assert(
      fc.asyncProperty(who, commandText, async (userId, typed) => {
        const errorsBefore = logErrors().length;
        const reply = await h.slack.command(userId, typed);
        replies.push(reply.body);
        expect(reply.status).toBe(200);
        if (reply.body !== '') {
          const body = reply.body as { response_type?: string; text?: string };
          expect(body.response_type).toBe('ephemeral');
          expect(body.text?.trim()).toBeTruthy();
        }
        expect(logErrors().length, logErrors().join('\n')).toBe(errorsBefore);
      }),
      { numRuns: RUNS * 2, seed: 8001 },
    );
    // Still up and answering.
    expect((await fetch(`${h.url}/healthz`)).status).toBe(200);
  });

  it('program_setup: refused inputs store nothing, accepted ones create the program with the name as typed', async () => {
    const blocks = await opened(ids.programSetup.callbackId, OWNER, () => h.slack.command(OWNER, 'admin'));
    const setup = fc.record({
      name: fc.oneof({ weight: 3, arbitrary: text }, { weight: 1, arbitrary: fc.constant(null) }),
      kind: option(contractOptions.kind),
      audience: channel,
      weeks: fc.oneof(
        { weight: 3, arbitrary: fc.integer({ min: 4, max: 52 }).map(String) },
        {
          weight: 1,
          arbitrary: fc.oneof(
            fc.constantFrom(
              '3',
              '53',
              '0',
              '-4',
              '12.5',
              '1e1',
              ' 12 ',
              '٤٤',
              '',
              'twelve',
              '99999999999999999999',
            ),
            text,
          ),
        },
      ),
      cadenceDays: option(contractOptions.cadenceDays),
      checkinDays: option(contractOptions.checkinDays),
      digestChannel: channel,
    });
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(setup, async (s) => {
        const before = h.db.select({ id: programs.id }).from(programs).all().length;
        const ok = await submitAndCheck(
          OWNER,
          ids.programSetup.callbackId,
          '',
          {
            name: { type: 'plain_text_input', value: s.name },
            kind: { type: 'static_select', selected: s.kind },
            audience: { type: 'conversations_select', selected_conversation: s.audience },
            weeks: { type: 'number_input', value: s.weeks },
            cadence_days: { type: 'static_select', selected: s.cadenceDays },
            checkin_days: { type: 'static_select', selected: s.checkinDays },
            digest_channel: { type: 'conversations_select', selected_conversation: s.digestChannel },
          },
          blocks,
        );
        if (!ok) return;
        accepted++;
        const created = await eventually(() => {
          const all = h.db.select().from(programs).all();
          if (all.length !== before + 1) throw new Error('no program yet');
          return all.at(-1)!;
        });
        expectStored(created.name, s.name);
        expect(Array.from(created.name).length).toBeLessThanOrEqual(80);
        // Let its launch (listing the workspace, queueing invitations) finish before the next submission.
        await eventually(() => {
          const p = h.db.select().from(programs).where(eq(programs.id, created.id)).get();
          if (p?.status === 'launching') throw new Error(`still launching: ${JSON.stringify(p)}`);
        });
      }),
      { numRuns: RUNS, seed: 8002 },
    );
    expect(accepted, 'the generator should also produce valid setups').toBeGreaterThan(0);
  });

  it('survey: refused answers store nothing, accepted ones store the text as typed', async () => {
    const pat = CAST.pat.id;
    const blocks = await opened(ids.survey.callbackId, pat, () =>
      h.slack.action(pat, ids.actions.surveyOpen, String(w.program.id), {
        message: { channel: h.sim.dmChannelOf(pat), ts: '1799999999.000200' },
      }),
    );
    const skills = ['ai-tools', 'leadership', 'strategy', 'negotiation', 'public-speaking', 'inclusion'];
    const skillList = fc.array(
      fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...skills) }, { weight: 1, arbitrary: text }),
      { maxLength: 8 },
    );
    const answer = fc.record({
      role: option(contractOptions.role),
      level: option(contractOptions.level),
      department: fc.oneof({ weight: 3, arbitrary: text }, { weight: 1, arbitrary: fc.constant('Finance') }),
      teach: skillList,
      learn: skillList,
      goals: text,
      capacity: fc.oneof(fc.constant(undefined), fc.constantFrom('3', '0', '8', 'x', '')),
      avoid: fc.array(
        fc.oneof(fc.constantFrom(CAST.ana.id, CAST.ben.id, pat, 'UFUZZ0001'), fc.string({ maxLength: 10 })),
        { maxLength: 4 },
      ),
      // The program id in the modal's metadata: this one, another, or nonsense.
      programId: fc.oneof(
        { weight: 6, arbitrary: fc.constant(String(w.program.id)) },
        { weight: 1, arbitrary: fc.constantFrom('999', '', 'abc', '-1', '1e0', ' 1') },
      ),
    });
    const participant = h.db
      .select()
      .from(participants)
      .where(and(eq(participants.programId, w.program.id), eq(participants.userId, pat)))
      .get()!;
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(answer, async (a) => {
        const state: Record<string, StateInput> = {
          role: { type: 'static_select', selected: a.role },
          level: { type: 'static_select', selected: a.level },
          department: { type: 'plain_text_input', value: a.department },
          teach: { type: 'multi_static_select', selected: a.teach },
          learn: { type: 'multi_static_select', selected: a.learn },
          goals: { type: 'plain_text_input', value: a.goals },
          avoid: { type: 'multi_users_select', selected_users: a.avoid },
        };
        if (a.capacity !== undefined) state.capacity = { type: 'number_input', value: a.capacity };
        // A cohort size sent to a program that is not a group one (so its modal has no such block) is refused on
        // the contract's `capacity` block id, as tests/e2e/survey.test.ts pins down.
        const ok = await submitAndCheck(pat, ids.survey.callbackId, a.programId, state, blocks, [
          ids.survey.blocks.capacity,
        ]);
        if (!ok) return;
        accepted++;
        const stored = h.db
          .select()
          .from(surveyAnswers)
          .where(eq(surveyAnswers.participantId, participant.id))
          .get()!;
        expectStored(stored.department, a.department);
        expectStored(stored.goals, a.goals);
        expect(stored.avoid).not.toContain(pat);
      }),
      { numRuns: RUNS, seed: 8003 },
    );
    expect(accepted).toBeGreaterThan(0);
  });

  it('session_log: refused dates and notes store nothing, accepted ones store a real day since the start', async () => {
    const ben = CAST.ben.id;
    const blocks = await opened(ids.sessionLog.callbackId, ben, () => h.slack.command(ben, 'log'));
    const rel = h.db.select().from(relationships).where(eq(relationships.id, w.rel)).get()!;
    const started = DateTime.fromMillis(rel.startedAt, { zone: 'Europe/Berlin' }).toISODate()!;
    const today = DateTime.fromJSDate(h.clock.now(), { zone: 'Europe/Berlin' }).toISODate()!;
    const digits = (n: number) =>
      fc.integer({ min: 0, max: 10 ** n - 1 }).map((x) => String(x).padStart(n, '0'));
    const date = fc.oneof(
      {
        weight: 3,
        arbitrary: fc
          .integer({ min: 0, max: 40 })
          .map((d) => DateTime.fromISO(started).plus({ days: d }).toISODate()),
      },
      // Shaped like a date, not always one: 2027-02-30, 2027-13-01, 2027-01-99.
      {
        weight: 2,
        arbitrary: fc
          .tuple(fc.constant('2027'), fc.oneof(fc.constantFrom('01', '02'), digits(2)), digits(2))
          .map((p) => p.join('-')),
      },
      {
        weight: 1,
        arbitrary: fc.oneof(text, fc.constant(null), fc.constantFrom('2027-1-5', '20270105', '9999-12-31')),
      },
    );
    const relId = fc.oneof(
      { weight: 6, arbitrary: fc.constant(String(w.rel)) },
      { weight: 1, arbitrary: fc.constantFrom(String(w.otherRel), '', 'x', `${w.rel}.0`, `0${w.rel}`) },
    );
    await fc.assert(
      fc.asyncProperty(date, text, relId, async (day, note, metadata) => {
        const ok = await submitAndCheck(
          ben,
          ids.sessionLog.callbackId,
          metadata,
          {
            date: { type: 'datepicker', selected_date: day },
            note: { type: 'plain_text_input', value: note },
          },
          blocks,
        );
        if (!ok) return;
        const row = h.db
          .select()
          .from(sessions)
          .where(and(eq(sessions.relationshipId, w.rel), eq(sessions.heldOn, day ?? '')))
          .get();
        expect(row, `no session stored for ${day}`).toBeDefined();
        expect(DateTime.fromISO(row!.heldOn).isValid, `"${row!.heldOn}" is not a day`).toBe(true);
        expect(row!.heldOn >= started && row!.heldOn <= today).toBe(true);
      }),
      { numRuns: RUNS, seed: 8004 },
    );
  });

  it('checkin: refused answers store nothing, accepted ones store the highlight and note as typed', async () => {
    const ben = CAST.ben.id;
    const blocks = await opened(ids.checkin.callbackId, ben, () =>
      h.slack.action(ben, ids.actions.checkinOpen, String(w.benCheckin), {
        message: { channel: h.sim.dmChannelOf(ben), ts: '1799999999.000300' },
      }),
    );
    const answer = fc.record({
      progress: option(contractOptions.progress),
      highlight: text,
      share: fc.oneof(
        fc.constant<string[]>([]),
        fc.constant<string[]>(['share']),
        fc.array(text, { maxLength: 2 }),
      ),
      note: text,
      checkin: fc.oneof(
        { weight: 6, arbitrary: fc.constant(String(w.benCheckin)) },
        { weight: 1, arbitrary: fc.constantFrom(String(w.anaCheckin), '', '0', 'NaN') },
      ),
    });
    await fc.assert(
      fc.asyncProperty(answer, async (a) => {
        const ok = await submitAndCheck(
          ben,
          ids.checkin.callbackId,
          a.checkin,
          {
            progress: { type: 'static_select', selected: a.progress },
            highlight: { type: 'plain_text_input', value: a.highlight },
            share: { type: 'checkboxes', selected: a.share },
            private_note: { type: 'plain_text_input', value: a.note },
          },
          blocks,
        );
        if (!ok) return;
        const row = h.db.select().from(checkins).where(eq(checkins.id, w.benCheckin)).get()!;
        expect(row.status).toBe('answered');
        expectStored(row.highlight ?? '', a.highlight);
        expectStored(row.privateNote ?? '', a.note);
        // Open it again so the next run tests the fields rather than "already answered".
        h.db
          .update(checkins)
          .set({ status: 'open', answeredAt: null })
          .where(eq(checkins.id, w.benCheckin))
          .run();
      }),
      { numRuns: RUNS, seed: 8005 },
    );
  });

  it('goals: refused lists store nothing, accepted ones store each goal as typed', async () => {
    const ben = CAST.ben.id;
    const blocks = await opened(goalsModal.callbackId, ben, () => h.slack.command(ben, 'goals'));
    const list = fc.record({
      texts: fc.array(fc.oneof(text, fc.constant(null)), { minLength: 1, maxLength: goalsModal.max }),
      done: fc.array(fc.constantFrom('1', '2', '3', '9', 'x'), { maxLength: 3 }),
    });
    await fc.assert(
      fc.asyncProperty(list, async (l) => {
        const state: Record<string, StateInput> = {};
        l.texts.forEach((t, i) => {
          state[goalsModal.goalBlock(i + 1)] = { type: 'plain_text_input', value: t };
        });
        state[goalsModal.doneBlock] = { type: 'checkboxes', selected: l.done };
        const ok = await submitAndCheck(ben, goalsModal.callbackId, String(w.rel), state, blocks);
        if (!ok) return;
        const stored = h.db
          .select()
          .from(goals)
          .where(eq(goals.relationshipId, w.rel))
          .orderBy(goals.position)
          .all();
        const typed = l.texts.map(trimmed).filter(Boolean);
        expect(stored).toHaveLength(typed.length);
        stored.forEach((g, i) => {
          expectStored(g.text, typed[i]!);
        });
      }),
      { numRuns: RUNS, seed: 8006 },
    );
  });

  it('everything the bot said afterwards escapes what people typed', async () => {
    // Put the fuzzed text in front of people: a matching round (offers name departments), a digest, everyone's
    // home tab and status, then deliver it all.
    addToPool(h, w.program, [{ id: 'UFZMENTOR1', name: 'Mona', role: 'mentor', level: 'early' }]);
    jobs.match(h.deps, h.clock.now(), { periodTag: 'fuzz' });
    jobs.digest(h.deps, h.clock.now());
    for (const userId of [OWNER, CAST.ana.id, CAST.ben.id, CAST.pat.id]) {
      replies.push((await h.slack.command(userId, 'status')).body);
      await h.slack.event({ type: 'app_home_opened', user: userId, channel: 'D1', tab: 'home' });
    }
    await h.deliver();
    await new Promise((r) => setTimeout(r, 200));
    const said = [
      ...h.sim.messages,
      ...h.sim.ephemerals,
      ...h.sim.responses.map((r) => r.body),
      ...h.sim.views.flatMap((v) => v.versions),
      ...replies,
    ].flatMap(mrkdwnOf);
    expect(said.length).toBeGreaterThan(50);
    // The scan did cover fuzzed text on its way out: a digest went out, and escaped sequences show up.
    expect(h.sim.messagesIn(DIGEST_CHANNEL).length).toBeGreaterThan(0);
    expect(said.some((s) => /&lt;(!|@UFUZZ|#CFUZZ|https?:\/\/fuzz)/.test(s))).toBe(true);
    for (const s of said)
      for (const f of FORBIDDEN) expect(s.includes(f), `unescaped ${f} in: ${s.slice(0, 300)}`).toBe(false);
    // Nor did any reply, message or view carry a secret.
    const everything = JSON.stringify([
      h.sim.messages,
      h.sim.ephemerals,
      h.sim.responses,
      h.sim.views,
      replies,
    ]);
    for (const secret of [h.deps.config.slackBotToken!, h.deps.config.slackSigningSecret!])
      expect(everything).not.toContain(secret);
  });
});

/**
 * The strings Slack renders as mrkdwn in a message, view or reply: `text` at the top (the notification) and every
 * mrkdwn text object in its blocks. plain_text objects and input values are shown as typed, so they are left out.
 */
function mrkdwnOf(x: unknown): string[] {
  if (!x || typeof x !== 'object') return [];
  const out: string[] = [];
  const top = x as { text?: unknown; mrkdwn?: boolean; blocks?: unknown };
  if (typeof top.text === 'string' && top.mrkdwn !== false) out.push(top.text);
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o.type === 'mrkdwn' && typeof o.text === 'string') out.push(o.text);
      for (const [k, val] of Object.entries(o)) if (k !== 'initial_value') walk(val);
    }
  };
  walk(top.blocks);
  return out;
}
