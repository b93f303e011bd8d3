/**
 * Who may do what, as one table: every button of src/slack/ids.ts (contract actions and extraActions), every modal
 * that names an object in its private_metadata, and the owner commands, each sent by five people with the object's
 * id in the value: the program owner, a participant waiting in the pool, a partner in the object, a member of
 * another relationship and someone in no program.
 *
 * Everyone outside `allowed` sends the request against one shared world; each must be answered, leave every table
 * as it was and read nothing of the object (its goals, the survey answer, a check-in's highlight or private note).
 * The first allowed role is then shown, on worlds built for that, to have the effect: so "nothing changed" is not
 * just a request that never worked.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditLog,
  checkins,
  goals,
  jobRuns,
  offerMembers,
  offers,
  participants,
  programs,
  relationships,
  sessions,
  surveyAnswers,
} from '../../src/db/schema';
import { extraActions, ids } from '../../src/slack/ids';
import { type Harness, OWNER, readable, startHarness } from '../helpers/harness';
import { setupState, surveyState, validAnswer } from '../helpers/programs';
import { type SlackReply, stateValues } from '../helpers/slack-requests';
import { buildWorld, CAST, NON_MEMBER, SECRETS, type World } from '../helpers/world';

const DAY = 86_400_000;
const ROLES = ['owner', 'participant', 'partner', 'other pair', 'non-member'] as const;
type Role = (typeof ROLES)[number];

/** Who plays each role. The partner is in the object the request names: Ben in Ana's relationship, Eve in her offer. */
function personFor(role: Role, target: 'relationship' | 'offer'): string {
  switch (role) {
    case 'owner':
      return OWNER;
    case 'participant':
      return CAST.pat.id;
    case 'partner':
      return target === 'offer' ? CAST.eve.id : CAST.ben.id;
    case 'other pair':
      return CAST.cal.id;
    case 'non-member':
      return NON_MEMBER;
  }
}

interface Request {
  send(h: Harness, w: World, userId: string): Promise<SlackReply>;
  /**
   * How a refusal ends: a post to the click's response_url, the HTTP reply itself (modals, commands), or silence
   * (an App Home button ignores anyone but an owner).
   */
  answers: 'response' | 'reply' | 'silence';
}

interface Case extends Request {
  name: string;
  /** Whose object the partner role belongs to. */
  target: 'relationship' | 'offer';
  allowed: readonly Role[];
  /**
   * What the first allowed role's request does. Cases with the same `world` run in table order on one world
   * (built after every refusal): those whose effects would get in each other's way have their own.
   */
  effect(h: Harness, w: World, userId: string, reply: SlackReply): void;
  world?: string;
}

/** A click on a message in the clicker's DM: Slack sends a response_url with it. */
const click = (actionId: string, value: (w: World) => string): Request => ({
  answers: 'response',
  send: (h, w, userId) =>
    h.slack.action(userId, actionId, value(w), {
      message: { channel: h.sim.dmChannelOf(userId), ts: '1799999999.000100' },
    }),
});

/** A click on the App Home: no response_url; an owner's click answers by DM. */
const homeClick = (actionId: string, value: (w: World) => string): Request => ({
  answers: 'silence',
  send: (h, w, userId) =>
    h.slack.action(userId, actionId, value(w), { view: { id: 'VHOMEAUTH', type: 'home', blocks: [] } }),
});

const submit = (
  callbackId: string,
  metadata: (w: World) => string,
  state: (h: Harness) => Record<string, Record<string, unknown>>,
): Request => ({
  answers: 'reply',
  send: (h, w, userId) =>
    h.slack.viewSubmission(userId, {
      callback_id: callbackId,
      private_metadata: metadata(w),
      state: { values: state(h) as never },
    }),
});

const command = (text: string): Request => ({
  answers: 'reply',
  send: (h, _w, userId) => h.slack.command(userId, text),
});

/** The day before the world's clock, in Berlin (everyone's zone); the pair started a month earlier. */
const yesterday = (h: Harness) => new Date(h.clock.now().getTime() - DAY).toISOString().slice(0, 10);
const relOf = (h: Harness, id: number) =>
  h.db.select().from(relationships).where(eq(relationships.id, id)).get()!;
const lastResponse = (h: Harness) => readable(h.sim.responses.at(-1)?.body as never);
const modalOpened = (h: Harness, userId: string, callbackId: string) =>
  h.sim.views.some((v) => v.kind === 'modal' && v.userId === userId && v.view.callback_id === callbackId);
const participantRow = (h: Harness, w: World, userId: string) =>
  h.db
    .select()
    .from(participants)
    .where(and(eq(participants.programId, w.program.id), eq(participants.userId, userId)))
    .get()!;
const jobRun = (h: Harness, job: string) => h.db.select().from(jobRuns).where(eq(jobRuns.job, job)).all();

const a = ids.actions;
const x = extraActions;

const cases: Case[] = [
  {
    name: a.surveyOpen,
    target: 'relationship',
    allowed: ['participant'],
    ...click(a.surveyOpen, (w) => String(w.program.id)),
    effect: (h, _w, u) => expect(modalOpened(h, u, ids.survey.callbackId)).toBe(true),
  },
  {
    name: a.surveyDecline,
    world: 'survey-decline',
    target: 'relationship',
    allowed: ['participant'],
    ...click(a.surveyDecline, (w) => String(w.program.id)),
    effect: (h, w, u) => expect(participantRow(h, w, u).status).toBe('declined'),
  },
  {
    name: a.offerAccept,
    target: 'offer',
    allowed: ['partner'],
    ...click(a.offerAccept, (w) => String(w.offer)),
    effect: (h, w, u) =>
      expect(
        h.db
          .select()
          .from(offerMembers)
          .where(and(eq(offerMembers.offerId, w.offer), eq(offerMembers.userId, u)))
          .get()?.response,
      ).toBe('accepted'),
  },
  {
    name: a.offerDecline,
    world: 'offer-decline',
    target: 'offer',
    allowed: ['partner'],
    ...click(a.offerDecline, (w) => String(w.offer)),
    effect: (h, w) =>
      expect(h.db.select().from(offers).where(eq(offers.id, w.offer)).get()?.status).toBe('declined'),
  },
  {
    name: x.offerAlternatives,
    target: 'offer',
    allowed: ['partner'],
    ...click(x.offerAlternatives, (w) => String(w.offer)),
    effect: (h) => expect(lastResponse(h)).toContain(`<@${CAST.pat.id}>`),
  },
  {
    name: x.offerPick,
    world: 'offer-pick',
    target: 'offer',
    allowed: ['partner'],
    ...click(`${x.offerPick}:${CAST.pat.id}`, (w) => `${w.offer}:${CAST.pat.id}`),
    effect: (h, w) => {
      expect(h.db.select().from(offers).where(eq(offers.id, w.offer)).get()?.status).toBe('withdrawn');
      expect(h.db.select().from(offerMembers).where(eq(offerMembers.userId, CAST.pat.id)).all()).toHaveLength(
        1,
      );
    },
  },
  {
    // Skipping a round touches only the clicker's own place in the pool, so anyone in the program may.
    name: x.matchSkip,
    target: 'relationship',
    allowed: ['participant', 'partner', 'other pair'],
    ...click(x.matchSkip, (w) => String(w.program.id)),
    effect: (h, w, u) => expect(participantRow(h, w, u).skipUntil).not.toBeNull(),
  },
  {
    name: a.sessionMet,
    target: 'relationship',
    allowed: ['partner'],
    ...click(a.sessionMet, (w) => String(w.rel)),
    effect: (h, w, u) =>
      expect(h.db.select().from(sessions).where(eq(sessions.relationshipId, w.rel)).all()).toEqual([
        expect.objectContaining({ loggedBy: u }),
      ]),
  },
  {
    name: `${a.checkinOpen} (own check-in)`,
    target: 'relationship',
    allowed: ['partner'],
    ...click(a.checkinOpen, (w) => String(w.benCheckin)),
    effect: (h, _w, u) => expect(modalOpened(h, u, ids.checkin.callbackId)).toBe(true),
  },
  {
    name: `${a.checkinOpen} (the partner's check-in)`,
    target: 'relationship',
    allowed: [],
    ...click(a.checkinOpen, (w) => String(w.anaCheckin)),
    effect: () => undefined,
  },
  {
    name: x.nudgeCommit,
    target: 'relationship',
    allowed: ['partner'],
    ...click(x.nudgeCommit, (w) => String(w.rel)),
    effect: (h, _w, u) =>
      expect(h.db.select().from(auditLog).where(eq(auditLog.action, 'nudge.commit')).all()).toEqual([
        expect.objectContaining({ actor: u }),
      ]),
  },
  {
    name: x.nudgePause,
    world: 'nudge-pause',
    target: 'relationship',
    allowed: ['partner'],
    ...click(x.nudgePause, (w) => String(w.rel)),
    effect: (h, w) => expect(relOf(h, w.rel).status).toBe('paused'),
  },
  {
    name: x.nudgeLeave,
    target: 'relationship',
    allowed: ['partner'],
    ...click(x.nudgeLeave, (w) => String(w.rel)),
    effect: (h, w) => {
      expect(JSON.stringify(h.sim.responses.at(-1)?.body)).toContain(x.relationshipEnd);
      expect(relOf(h, w.rel).status).toBe('active');
    },
  },
  {
    name: x.relationshipEnd,
    world: 'relationship-end',
    target: 'relationship',
    allowed: ['partner'],
    ...click(x.relationshipEnd, (w) => String(w.rel)),
    effect: (h, w) => expect(relOf(h, w.rel).status).toBe('ended'),
  },
  {
    // "Keep going" only thanks the clicker: it reads and writes nothing, whoever sends it.
    name: x.relationshipKeep,
    target: 'relationship',
    allowed: ['partner'],
    ...click(x.relationshipKeep, (w) => String(w.rel)),
    effect: (h) => expect(lastResponse(h)).toContain('keep going'),
  },
  {
    name: x.storyOptIn,
    target: 'relationship',
    allowed: ['partner'],
    ...click(x.storyOptIn, (w) => String(w.rel)),
    effect: (h, w) => expect(relOf(h, w.rel).storyOptIn).toBe(true),
  },
  {
    name: x.adminMatch,
    target: 'relationship',
    allowed: ['owner'],
    ...homeClick(x.adminMatch, (w) => String(w.program.id)),
    effect: (h) => expect(jobRun(h, 'match').some((r) => r.period.includes('home-'))).toBe(true),
  },
  {
    name: x.adminDigest,
    target: 'relationship',
    allowed: ['owner'],
    ...homeClick(x.adminDigest, (w) => String(w.program.id)),
    effect: (h) => expect(jobRun(h, 'digest').some((r) => r.period.includes('home-'))).toBe(true),
  },
  {
    name: `view ${ids.programSetup.callbackId}`,
    target: 'relationship',
    allowed: ['owner'],
    ...submit(
      ids.programSetup.callbackId,
      () => '',
      () => setupState({ name: 'Forged launch' }),
    ),
    effect: (h) =>
      expect(
        h.db
          .select()
          .from(programs)
          .all()
          .map((p) => p.name),
      ).toContain('Forged launch'),
  },
  {
    name: `view ${ids.survey.callbackId}`,
    target: 'relationship',
    allowed: ['participant'],
    ...submit(
      ids.survey.callbackId,
      (w) => String(w.program.id),
      () => surveyState({ ...validAnswer, role: 'mentee', level: 'senior', goals: 'Changed by the form' }),
    ),
    effect: (h, w, u) =>
      expect(
        h.db
          .select()
          .from(surveyAnswers)
          .where(eq(surveyAnswers.participantId, participantRow(h, w, u).id))
          .get()?.goals,
      ).toBe('Changed by the form'),
  },
  {
    name: `view ${ids.sessionLog.callbackId}`,
    target: 'relationship',
    allowed: ['partner'],
    ...submit(
      ids.sessionLog.callbackId,
      (w) => String(w.rel),
      (h) =>
        stateValues({
          date: { type: 'datepicker', selected_date: yesterday(h) },
          note: { type: 'plain_text_input', value: 'Forged note' },
        }),
    ),
    effect: (h, w, u) =>
      expect(h.db.select().from(sessions).where(eq(sessions.relationshipId, w.rel)).all()).toContainEqual(
        expect.objectContaining({ heldOn: yesterday(h), loggedBy: u }),
      ),
  },
  ...(['own', "the partner's"] as const).map(
    (whose): Case => ({
      name: `view ${ids.checkin.callbackId} (${whose} check-in)`,
      target: 'relationship',
      allowed: whose === 'own' ? ['partner'] : [],
      ...submit(
        ids.checkin.callbackId,
        (w) => String(whose === 'own' ? w.benCheckin : w.anaCheckin),
        () =>
          stateValues({
            progress: { type: 'static_select', selected: '2' },
            highlight: { type: 'plain_text_input', value: 'Forged highlight' },
            share: { type: 'checkboxes', selected: [] },
            private_note: { type: 'plain_text_input', value: 'Forged note' },
          }),
      ),
      effect: (h, w) =>
        expect(h.db.select().from(checkins).where(eq(checkins.id, w.benCheckin)).get()?.status).toBe(
          'answered',
        ),
    }),
  ),
  {
    name: 'view goals',
    target: 'relationship',
    allowed: ['partner'],
    ...submit(
      'goals',
      (w) => String(w.rel),
      () => stateValues({ goal_1: { type: 'plain_text_input', value: 'Forged goal' } }),
    ),
    effect: (h, w) =>
      expect(
        h.db
          .select()
          .from(goals)
          .where(eq(goals.relationshipId, w.rel))
          .all()
          .map((g) => g.text),
      ).toEqual(['Forged goal']),
  },
  {
    name: '/mentor admin',
    target: 'relationship',
    allowed: ['owner'],
    ...command('admin'),
    effect: (h, _w, u) => expect(modalOpened(h, u, ids.programSetup.callbackId)).toBe(true),
  },
  {
    name: '/mentor admin match',
    target: 'relationship',
    allowed: ['owner'],
    ...command('admin match'),
    effect: (h) => expect(jobRun(h, 'match').some((r) => r.period.includes('admin-'))).toBe(true),
  },
  {
    name: '/mentor admin digest',
    target: 'relationship',
    allowed: ['owner'],
    ...command('admin digest'),
    effect: (h) => expect(jobRun(h, 'digest').some((r) => r.period.includes('admin-'))).toBe(true),
  },
  {
    name: '/mentor admin export',
    target: 'relationship',
    allowed: ['owner'],
    ...command('admin export'),
    effect: (_h, _w, _u, reply) => expect(readable(reply.body as never)).toContain('Export'),
  },
  {
    // No id to tamper with: everyone reads their own, and only the pair sees the pair's goals.
    name: '/mentor status',
    target: 'relationship',
    allowed: ['partner'],
    ...command('status'),
    effect: (h, w, _u, reply) => {
      const shared = h.db.select().from(goals).where(eq(goals.relationshipId, w.rel)).get();
      expect(readable(reply.body as never)).toContain(shared?.text);
    },
  },
];

/** Every row of every table a request could change (rate windows and the event log are bookkeeping). */
function snapshot(h: Harness): Record<string, unknown[]> {
  const tables = h.db.$client
    .prepare(
      `select name from sqlite_master where type = 'table' and name not like 'sqlite_%'
       and name not in ('rate_events', 'processed_events', '__drizzle_migrations') order by name`,
    )
    .all() as { name: string }[];
  return Object.fromEntries(
    tables.map(({ name }) => [name, h.db.$client.prepare(`select * from "${name}" order by rowid`).all()]),
  );
}

/** Everything the app has said to anyone so far: messages, ephemerals, views and response_url posts. */
function said(h: Harness): string[] {
  return [
    ...h.sim.messages.map((m) => readable(m)),
    ...h.sim.ephemerals.map((m) => readable(m)),
    ...h.sim.views.map((v) => JSON.stringify(v.versions)),
    ...h.sim.responses.map((r) => JSON.stringify(r.body)),
  ];
}

/** Waits until the requests have been answered and the listeners are done (they keep working after the ack). */
async function settle(h: Harness, answers: Request['answers'], responsesBefore: number, n: number) {
  const until = Date.now() + (answers === 'silence' ? 100 : 2000);
  while (Date.now() < until) {
    if (answers === 'response' && h.sim.responses.length >= responsesBefore + n) break;
    if (answers === 'reply') break;
    await new Promise((r) => setTimeout(r, 5));
  }
  let seen = -1;
  for (;;) {
    await new Promise((r) => setTimeout(r, 20));
    if (h.sim.calls.length === seen) return;
    seen = h.sim.calls.length;
  }
}

const secrets = Object.values(SECRETS);

describe('authorization: every action against every role', () => {
  let h: Harness;
  let w: World;
  beforeAll(async () => {
    h = await startHarness({ workspace: {} });
    w = buildWorld(h);
  });
  afterAll(async () => {
    await h.close();
  });

  for (const c of cases) {
    const refused = ROLES.filter((r) => !c.allowed.includes(r));
    it(`${c.name}: refused for ${refused.join(', ')}, and nothing changes or leaks`, async () => {
      const before = snapshot(h);
      const saidBefore = said(h).length;
      const responsesBefore = h.sim.responses.length;
      // All at once: nothing may change whatever the order, and any change shows in the snapshot with its actor.
      const replies = await Promise.all(refused.map((role) => c.send(h, w, personFor(role, c.target))));
      replies.forEach((reply, i) => {
        expect(reply.status, `${refused[i]}: HTTP status`).toBe(200);
      });
      await settle(h, c.answers, responsesBefore, refused.length);
      if (c.answers === 'response') expect(h.sim.responses.length).toBe(responsesBefore + refused.length);
      expect(snapshot(h), `${c.name} by someone not allowed changed the database`).toEqual(before);
      const heard = [...said(h).slice(saidBefore), ...replies.map((r) => JSON.stringify(r.body))].join('\n');
      for (const s of secrets) expect(heard, `${c.name} revealed "${s}"`).not.toContain(s);
    });
  }
});

describe('authorization: each allowed role does have the effect', () => {
  const worlds = new Map<string, { h: Harness; w: World }>();
  afterAll(async () => {
    for (const { h } of worlds.values()) await h.close();
  });

  for (const c of cases) {
    const role = c.allowed[0];
    if (!role) continue;
    it(`${c.name}: the ${role}`, async () => {
      const key = c.world ?? 'shared';
      let world = worlds.get(key);
      if (!world) {
        const h = await startHarness({ workspace: {} });
        world = { h, w: buildWorld(h) };
        worlds.set(key, world);
      }
      const { h, w } = world;
      const userId = personFor(role, c.target);
      const responsesBefore = h.sim.responses.length;
      const reply = await c.send(h, w, userId);
      expect(reply.status).toBe(200);
      await settle(h, c.answers === 'response' ? 'silence' : c.answers, responsesBefore, 1);
      c.effect(h, w, userId, reply);
      // Ana's private note reaches nobody, her partner included.
      expect(said(h).join('\n')).not.toContain(SECRETS.privateNote);
    });
  }
});
