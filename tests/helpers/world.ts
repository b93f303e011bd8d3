/**
 * One program with everyone whose rights differ: its owner, two started relationships, a pending offer, a person
 * waiting in the pool and someone outside the program. Built through the product's own functions (matching rounds,
 * offer answers, the check-in job), without delivering anything: tests that click on these objects need only ids.
 */
import { and, eq } from 'drizzle-orm';
import { insertProgram, type Program } from '../../src/db/repositories/programs';
import {
  checkins,
  members,
  offerMembers,
  offers,
  participants,
  relationshipMembers,
  relationships,
  surveyAnswers,
} from '../../src/db/schema';
import { answerCheckin } from '../../src/flows/checkins';
import { saveGoals } from '../../src/flows/goals';
import { respondToOffer } from '../../src/flows/offers';
import { jobs } from '../../src/jobs';
import { type Harness, OWNER } from './harness';

const DAY = 86_400_000;

export interface Person {
  id: string;
  name: string;
  role: 'mentor' | 'mentee';
  level: 'early' | 'senior';
}

const mentor = (id: string, name: string): Person => ({ id, name, role: 'mentor', level: 'early' });
const mentee = (id: string, name: string): Person => ({ id, name, role: 'mentee', level: 'senior' });

export const CAST = {
  ana: mentor('UWANA0001', 'Ana'),
  ben: mentee('UWBEN0001', 'Ben'),
  cal: mentor('UWCAL0001', 'Cal'),
  dee: mentee('UWDEE0001', 'Dee'),
  eve: mentor('UWEVE0001', 'Eve'),
  fay: mentee('UWFAY0001', 'Fay'),
  pat: mentee('UWPAT0001', 'Pat'),
} as const;
/** In the workspace, in no program. */
export const NON_MEMBER = 'UWNON0001';

/** Text only Ana and Ben may ever read (their goals, Ana's survey goals and check-in) and only Ana her note. */
export const SECRETS = {
  goal: 'Secret goal of the first pair',
  surveyGoals: 'Ana wants to say this to nobody but the matcher',
  highlight: 'Ana highlight kept between the pair',
  privateNote: 'Ana private note for Ana alone',
};

export interface World {
  program: Program;
  /** Ana and Ben. */
  rel: number;
  /** Cal and Dee. */
  otherRel: number;
  /** Eve and Fay, both still to answer. */
  offer: number;
  /** Ben's open check-in, and Ana's (answered, with a private note). */
  benCheckin: number;
  anaCheckin: number;
}

/** People who answered the survey and wait in the pool. */
export function addToPool(h: Harness, program: Program, people: Person[]): void {
  const now = h.clock.now().getTime();
  for (const p of people) {
    if (!h.sim.user(p.id)) h.sim.addUser({ id: p.id, real_name: p.name, tz: 'Europe/Berlin' });
    h.db
      .insert(members)
      .values({ userId: p.id, name: p.name, tz: 'Europe/Berlin', updatedAt: now })
      .onConflictDoNothing()
      .run();
    const part = h.db
      .insert(participants)
      .values({ programId: program.id, userId: p.id, status: 'answered', invitedAt: now, answeredAt: now })
      .returning()
      .get();
    const teaches = p.role === 'mentor';
    h.db
      .insert(surveyAnswers)
      .values({
        participantId: part.id,
        role: p.role,
        level: p.level,
        department: teaches ? 'Engineering' : 'Finance',
        teach: teaches ? ['ai-tools'] : ['leadership'],
        learn: teaches ? ['leadership'] : ['ai-tools'],
        goals: 'Learn from each other.',
        avoid: [],
        updatedAt: now,
      })
      .run();
  }
}

/** A matching round by hand for whoever is in the pool; returns the offer made to `a` (and `b`). */
export function offerBetween(h: Harness, program: Program, a: Person, b: Person, tag: string): number {
  jobs.match(h.deps, h.clock.now(), { programId: program.id, periodTag: tag });
  const row = h.db
    .select({ id: offers.id })
    .from(offers)
    .innerJoin(offerMembers, eq(offerMembers.offerId, offers.id))
    .where(and(eq(offers.programId, program.id), eq(offerMembers.userId, a.id), eq(offers.status, 'pending')))
    .get();
  if (!row) throw new Error(`no offer for ${a.name}`);
  const ms = h.db.select().from(offerMembers).where(eq(offerMembers.offerId, row.id)).all();
  if (!ms.some((m) => m.userId === b.id)) throw new Error(`${a.name} was not offered ${b.name}`);
  return row.id;
}

/** Both accept: the relationship starts as it does from the buttons. */
export function pairUp(h: Harness, program: Program, a: Person, b: Person, tag: string): number {
  const offer = offerBetween(h, program, a, b, tag);
  for (const p of [a, b]) respondToOffer(h.deps, p.id, offer, 'accepted', h.clock.now());
  const rel = h.db.select().from(relationships).where(eq(relationships.offerId, offer)).get();
  if (!rel) throw new Error('the relationship did not start');
  return rel.id;
}

export function buildWorld(h: Harness): World {
  const now = h.clock.now().getTime();
  const program = insertProgram(h.db, {
    name: 'Reverse mentoring',
    kind: 'reverse',
    weeks: 26,
    cadenceDays: 14,
    checkinDays: 28,
    timeZone: 'Europe/Berlin',
    ownerId: OWNER,
    status: 'open',
    launchedAt: now - 14 * DAY,
    surveyClosesAt: now - DAY,
    endsAt: now + 182 * DAY,
    createdAt: now - 14 * DAY,
  });
  if (!h.sim.user(NON_MEMBER))
    h.sim.addUser({ id: NON_MEMBER, real_name: 'Nora Outsider', tz: 'Europe/Berlin' });
  const { ana, ben, cal, dee, eve, fay, pat } = CAST;
  addToPool(h, program, [ana, ben]);
  h.db
    .update(surveyAnswers)
    .set({ goals: SECRETS.surveyGoals })
    .where(
      eq(
        surveyAnswers.participantId,
        h.db
          .select({ id: participants.id })
          .from(participants)
          .where(and(eq(participants.programId, program.id), eq(participants.userId, ana.id)))
          .get()!.id,
      ),
    )
    .run();
  const rel = pairUp(h, program, ana, ben, 'world-1');
  addToPool(h, program, [cal, dee]);
  const otherRel = pairUp(h, program, cal, dee, 'world-2');
  saveGoals(h.deps, ana.id, rel, [{ text: SECRETS.goal, done: false }], h.clock.now());

  // A check-in period later: everyone in a relationship is asked; Ana answers with a private note.
  h.clock.advance(29 * DAY);
  jobs.checkins(h.deps, h.clock.now(), { programId: program.id });
  const checkinOf = (userId: string) =>
    h.db
      .select()
      .from(checkins)
      .innerJoin(relationshipMembers, eq(relationshipMembers.relationshipId, checkins.relationshipId))
      .where(and(eq(checkins.userId, userId), eq(relationshipMembers.userId, userId)))
      .get()?.checkins.id;
  const anaCheckin = checkinOf(ana.id);
  const benCheckin = checkinOf(ben.id);
  if (!anaCheckin || !benCheckin) throw new Error('no check-ins were opened');
  const answered = answerCheckin(
    h.deps,
    ana.id,
    anaCheckin,
    { progress: 4, highlight: SECRETS.highlight, share: false, privateNote: SECRETS.privateNote },
    h.clock.now(),
  );
  if (!answered.ok) throw new Error(answered.message);

  addToPool(h, program, [eve, fay]);
  const offer = offerBetween(h, program, eve, fay, 'world-3');
  // Pat joins after the round: waiting in the pool, and the one alternative Eve could pick.
  addToPool(h, program, [pat]);
  return { program, rel, otherRel, offer, benCheckin, anaCheckin };
}
