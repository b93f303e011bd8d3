import { eq } from 'drizzle-orm';
import { insertProgram, type Program } from '../../src/db/repositories/programs';
import {
  members,
  offerMembers,
  offers,
  participants,
  relationships,
  surveyAnswers,
} from '../../src/db/schema';
import { respondToOffer } from '../../src/flows/offers';
import { jobs } from '../../src/jobs';
import { type Harness, OWNER } from './harness';

const DAY = 86_400_000;

export interface PairPerson {
  id: string;
  name: string;
  tz?: string;
  level: 'early' | 'mid' | 'senior' | 'executive';
  role: 'mentor' | 'mentee' | 'either';
  teach: string[];
  learn: string[];
  department?: string;
}

export const ANA: PairPerson = {
  id: 'UANA0001',
  name: 'Ana',
  tz: 'Europe/Berlin',
  level: 'early',
  role: 'mentor',
  teach: ['ai-tools'],
  learn: ['strategy'],
  department: 'Engineering',
};
export const BEN: PairPerson = {
  id: 'UBEN0001',
  name: 'Ben',
  tz: 'Europe/London',
  level: 'senior',
  role: 'mentee',
  teach: ['strategy'],
  learn: ['ai-tools'],
  department: 'Finance',
};

/** An open program in Berlin time with these people in its pool. */
export function seedProgramWith(h: Harness, people: PairPerson[], overrides: Partial<Program> = {}): Program {
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
    launchedAt: now - 7 * DAY,
    surveyClosesAt: now,
    endsAt: now + 84 * DAY,
    createdAt: now - 7 * DAY,
    ...overrides,
  });
  for (const x of people) {
    if (!h.sim.user(x.id)) h.sim.addUser({ id: x.id, real_name: x.name, tz: x.tz ?? 'Europe/Berlin' });
    h.db
      .insert(members)
      .values({ userId: x.id, name: x.name, tz: x.tz ?? 'Europe/Berlin', updatedAt: now })
      .onConflictDoNothing()
      .run();
    const part = h.db
      .insert(participants)
      .values({ programId: program.id, userId: x.id, status: 'answered', invitedAt: now, answeredAt: now })
      .returning()
      .get();
    h.db
      .insert(surveyAnswers)
      .values({
        participantId: part.id,
        role: x.role,
        level: x.level,
        department: x.department ?? 'Team',
        teach: x.teach,
        learn: x.learn,
        goals: 'Learn from each other.',
        avoid: [],
        updatedAt: now,
      })
      .run();
  }
  return program;
}

/**
 * A started relationship between Ana (early career, mentor) and Ben (senior), made the way the product makes it:
 * a matching round, both accept, the group DM opened and the kickoff delivered.
 */
export async function startedPair(h: Harness, overrides: Partial<Program> = {}) {
  const program = seedProgramWith(h, [ANA, BEN], overrides);
  jobs.match(h.deps, h.clock.now(), { programId: program.id });
  await h.deliver();
  const offer = h.db.select().from(offers).where(eq(offers.programId, program.id)).get();
  if (!offer) throw new Error('no offer was made');
  for (const m of h.db.select().from(offerMembers).where(eq(offerMembers.offerId, offer.id)).all()) {
    respondToOffer(h.deps, m.userId, offer.id, 'accepted', h.clock.now());
  }
  await h.deliver();
  const rel = h.db.select().from(relationships).where(eq(relationships.offerId, offer.id)).get()!;
  const opened = h.sim.callsTo('conversations.open').at(-1)!.response as { channel: { id: string } };
  return { program, rel, channel: opened.channel.id };
}
