/**
 * The digest's figures against fixtures counted by hand. Today is Monday 2027-03-08, so "this week" is Mon 1 to
 * Sun 7 March and the trend's weeks start on the Mondays from 11 January. Cadence 14 days, grace 3.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  composeDigest,
  type DigestCheckin,
  type DigestInput,
  type DigestRelationship,
  dateOf,
  dayOf,
  MAX_NAMES,
  relationshipsToName,
  sessionsFrom,
  standingOnDay,
  type WaitingPerson,
} from '../../src/domain/digest';
import { standing } from '../../src/domain/slips';

const TODAY = '2027-03-08';

function input(over: Partial<DigestInput> = {}): DigestInput {
  return {
    program: {
      id: 1,
      name: 'Spring <reverse> & co',
      kind: 'reverse',
      cadenceDays: 14,
      checkinDays: 28,
      endsOn: '2027-06-30',
    },
    today: TODAY,
    funnel: {
      invited: 0,
      answered: 0,
      declined: 0,
      notAnswered: 0,
      left: 0,
      matchedPeople: 0,
      offersPending: 0,
      active: 0,
      paused: 0,
      ended: 0,
    },
    relationships: [],
    sessions: [],
    pauses: [],
    checkins: [],
    waiting: [],
    matchReasons: null,
    names: {},
    skillLabels: { 'ai-tools': 'AI tools', leadership: 'Leadership', negotiation: 'Negotiation' },
    ...over,
  };
}

function rel(id: number, over: Partial<DigestRelationship> = {}): DigestRelationship {
  return {
    id,
    status: 'active',
    startedOn: '2027-01-04',
    endedOn: null,
    lastSessionOn: null,
    pausedUntilOn: null,
    nudgeStep: 0,
    atRisk: false,
    goalsSet: false,
    storyOptIn: false,
    ...over,
  };
}

const weekStarts = ['11 Jan', '18 Jan', '25 Jan', '1 Feb', '8 Feb', '15 Feb', '22 Feb', '1 Mar'];

describe('an empty program', () => {
  it('has every figure at zero, no trend to chart, and nothing at risk', () => {
    const d = composeDigest(input());
    expect(d.empty).toBe(true);
    expect(d.weekLabel).toBe('1 Mar – 7 Mar 2027');
    expect(d.trend.map((w) => w.label)).toEqual(weekStarts);
    expect(d.trend.map((w) => [w.startOn, w.endOn])[7]).toEqual(['2027-03-01', '2027-03-07']);
    expect(d.trend.map((w) => w.startOn)[0]).toBe('2027-01-11');
    for (const w of d.trend) {
      expect(w).toMatchObject({ sessions: 0, onTrack: 0, due: 0, slipping: 0, paused: 0, share: null });
    }
    expect(d.hasTrend).toBe(false);
    expect(d.sparklines).toEqual({ sessions: '▁▁▁▁▁▁▁▁', share: '        ' });
    expect(d.atRisk).toEqual({ total: 0, shown: [] });
    expect(d.checkins.phases).toEqual([]);
    expect(d.highlights).toEqual({ total: 0, shown: [] });
    expect(d.stories).toEqual({ total: 0, shown: [] });
    expect(d.waiting).toEqual({ total: 0, groups: [], hints: [] });
  });
});

/**
 * Six relationships, with each week's standing worked out by hand (due = last session, start or end of pause,
 * plus 14 days; slipping from 3 days after that):
 *
 *   asOf       R1        R2     R3      R4        R5        R6
 *   18 Jan     on track  -      on      on        on        -
 *   25 Jan     slipping  -      on      on        on        -
 *    1 Feb     slipping  -      on      on        slipping  on
 *    8 Feb     slipping  -      slip    on        slipping  on
 *   15 Feb     slipping  -      paused  due       slipping  due
 *   22 Feb     slipping  on     paused  slipping  slipping  slipping
 *    1 Mar     on track  on     paused  -(ended)  slipping  slipping
 *    8 Mar     on track  due    paused  -         slipping  slipping
 */
function sixPairs(): DigestInput {
  return input({
    funnel: {
      invited: 14,
      answered: 12,
      declined: 1,
      notAnswered: 1,
      left: 0,
      matchedPeople: 12,
      offersPending: 1,
      active: 4,
      paused: 1,
      ended: 1,
    },
    relationships: [
      rel(1, { lastSessionOn: '2027-03-03' }),
      rel(2, { startedOn: '2027-02-20' }),
      rel(3, {
        status: 'paused',
        lastSessionOn: '2027-02-10',
        pausedUntilOn: '2027-03-15',
      }),
      rel(4, { status: 'ended', endedOn: '2027-02-26', lastSessionOn: '2027-02-01' }),
      rel(5, { lastSessionOn: '2027-01-15', nudgeStep: 3, atRisk: true }),
      rel(6, { startedOn: '2027-02-01', nudgeStep: 1 }),
    ],
    // From 25 Dec: the trend's first day, less a cadence and the grace days. 5 and 6 Jan count in no week.
    sessions: [
      { relationshipId: 1, heldOn: '2027-01-05' },
      { relationshipId: 3, heldOn: '2027-01-06' },
      { relationshipId: 1, heldOn: '2027-02-25' },
      { relationshipId: 1, heldOn: '2027-03-03' },
      { relationshipId: 3, heldOn: '2027-01-20' },
      { relationshipId: 3, heldOn: '2027-02-10' },
      { relationshipId: 4, heldOn: '2027-01-12' },
      { relationshipId: 4, heldOn: '2027-02-01' },
      { relationshipId: 5, heldOn: '2027-01-15' },
    ],
    pauses: [{ relationshipId: 3, fromOn: '2027-02-15', untilOn: '2027-03-15' }],
    names: { 5: ['Eve', 'Finn'], 6: ['Gus', 'Hana'] },
  });
}

describe('sessions and standings, week by week', () => {
  it('counts sessions per week and standings as of the day after each week', () => {
    const d = composeDigest(sixPairs());
    expect(d.empty).toBe(false);
    expect(d.hasTrend).toBe(true);
    expect(d.trend.map((w) => w.sessions)).toEqual([2, 1, 0, 1, 1, 0, 1, 1]);
    expect(d.trend.map((w) => [w.onTrack, w.due, w.slipping, w.paused])).toEqual([
      [4, 0, 0, 0],
      [3, 0, 1, 0],
      [3, 0, 2, 0],
      [2, 0, 3, 0],
      [0, 2, 2, 1],
      [1, 0, 4, 1],
      [2, 0, 2, 1],
      [1, 1, 2, 1],
    ]);
    expect(d.trend.map((w) => w.share)).toEqual([1, 0.75, 0.6, 0.4, 0, 0.2, 0.5, 0.25]);
    expect(d.thisWeek).toMatchObject({
      sessions: 1,
      onTrack: 1,
      due: 1,
      slipping: 2,
      paused: 1,
      share: 0.25,
    });
    expect(d.lastWeek).toMatchObject({ sessions: 1, onTrack: 2, due: 0, slipping: 2, paused: 1, share: 0.5 });
    expect(d.sparklines).toEqual({ sessions: '█▅▁▅▅▁▅▅', share: '█▆▅▄▁▂▅▃' });
    expect(d.funnel.invited).toBe(14);
    expect(sessionsFrom(TODAY, 14)).toBe('2026-12-25');
  });

  it('lists pairs at risk: flagged first, then by nudge step, with days since they met', () => {
    const d = composeDigest(sixPairs());
    expect(d.atRisk.total).toBe(2);
    expect(d.atRisk.shown).toEqual([
      {
        relationshipId: 5,
        names: ['Eve', 'Finn'],
        daysSince: 52,
        neverMet: false,
        nudgeStep: 3,
        flagged: true,
      },
      {
        relationshipId: 6,
        names: ['Gus', 'Hana'],
        daysSince: 35,
        neverMet: true,
        nudgeStep: 1,
        flagged: false,
      },
    ]);
    expect(relationshipsToName(sixPairs())).toEqual([5, 6]);
  });

  it('does not count a session held today in any week, but today’s standing reads it', () => {
    const base = input({
      relationships: [rel(1, { startedOn: '2027-02-01', lastSessionOn: TODAY })],
      sessions: [{ relationshipId: 1, heldOn: TODAY }],
    });
    const d = composeDigest(base);
    expect(d.trend.map((w) => w.sessions)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(d.thisWeek).toMatchObject({ onTrack: 1, slipping: 0 });
    // A week ago the pair was slipping (due 15 Feb, 14 days late).
    expect(d.lastWeek).toMatchObject({ onTrack: 0, slipping: 1 });
  });

  it('treats a pause with no record of its start as a pause throughout, and counts from its end after it', () => {
    const d = composeDigest(
      input({
        relationships: [
          rel(1, { status: 'paused', pausedUntilOn: '2027-03-20' }),
          // Resumed on 1 March after a pause: due 15 March from the pause's end, although it never met.
          rel(2, { pausedUntilOn: '2027-03-01' }),
        ],
      }),
    );
    expect(d.trend.map((w) => w.paused)).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
    expect(d.thisWeek).toMatchObject({ onTrack: 1, paused: 1 });
    // R2 on 22 Feb: no pause known by then, due 18 Jan: slipping.
    expect(d.trend[5]).toMatchObject({ onTrack: 0, slipping: 1, paused: 1 });
    // On 1 March, the day its pause ended, it is on track again.
    expect(d.trend[6]).toMatchObject({ onTrack: 1, slipping: 0, paused: 1 });
  });
});

describe('weeks with no sessions', () => {
  it('shows zero bars, and the pairs slipping once their cadence and grace have passed', () => {
    const d = composeDigest(
      input({ relationships: [rel(1, { startedOn: '2027-01-18' }), rel(2, { startedOn: '2027-02-15' })] }),
    );
    expect(d.trend.map((w) => w.sessions)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(d.sparklines.sessions).toBe('▁▁▁▁▁▁▁▁');
    // R1 is due 1 Feb and slipping from 4 Feb; R2 starts 15 Feb, is due 1 Mar and slipping from 4 Mar.
    expect(d.trend.map((w) => [w.onTrack, w.due, w.slipping])).toEqual([
      [1, 0, 0],
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
      [1, 0, 1],
      [1, 0, 1],
      [0, 1, 1],
      [0, 0, 2],
    ]);
    expect(d.trend.map((w) => w.share)).toEqual([1, 1, 0, 0, 0.5, 0.5, 0, 0]);
    expect(d.sparklines.share).toBe('██▁▁▅▅▁▁');
    expect(d.atRisk.total).toBe(2);
    expect(d.atRisk.shown.map((p) => [p.relationshipId, p.daysSince, p.neverMet])).toEqual([
      [1, 49, true],
      [2, 21, true],
    ]);
  });
});

function checkin(relationshipId: number, userId: string, over: Partial<DigestCheckin> = {}): DigestCheckin {
  return {
    relationshipId,
    userId,
    status: 'answered',
    progress: 3,
    answeredOn: '2027-03-02',
    sharedHighlight: null,
    ...over,
  };
}

describe('check-ins per phase and the fewer-than-3 rule', () => {
  const rels = [
    rel(1), // never met: getting started
    rel(2),
    rel(3, { lastSessionOn: '2027-03-01' }), // met, no goals: agreeing goals
    rel(4, { lastSessionOn: '2027-03-01', goalsSet: true }), // growing
    rel(5, { lastSessionOn: '2027-03-01', goalsSet: true }),
  ];

  it('gives averages and response rates only where at least 3 people answered', () => {
    const d = composeDigest(
      input({
        relationships: rels,
        checkins: [
          // Getting started: 3 people answered (3, 4, 5), one still open, one skipped (a pause): 3 of 4 asked.
          checkin(1, 'UA', { progress: 3 }),
          checkin(1, 'UB', { progress: 4 }),
          checkin(2, 'UC', { progress: 5 }),
          checkin(2, 'UD', { status: 'open', progress: null, answeredOn: null }),
          checkin(2, 'UE', { status: 'skipped', progress: null, answeredOn: null }),
          // Agreeing goals: one person answered twice and one expired: 2 people, hidden.
          checkin(3, 'UF', { progress: 1 }),
          checkin(3, 'UF', { progress: 2 }),
          checkin(3, 'UG', { status: 'expired', progress: null, answeredOn: null }),
          // Growing: 4 people, progress 2, 3, 3, 4 = 3.0; one expired: 4 of 5.
          checkin(4, 'UH', { progress: 2 }),
          checkin(4, 'UI', { progress: 3 }),
          checkin(5, 'UJ', { progress: 3 }),
          checkin(5, 'UK', { progress: 4 }),
          checkin(5, 'UL', { status: 'expired', progress: null, answeredOn: null }),
        ],
      }),
    );
    expect(d.checkins.windowDays).toBe(28);
    expect(d.checkins.phases).toEqual([
      {
        phase: 'preparation',
        respondents: 3,
        answered: 3,
        asked: 4,
        shown: true,
        averageProgress: 4,
        responseRate: 0.75,
      },
      {
        phase: 'negotiating',
        respondents: 0,
        answered: 0,
        asked: 3,
        shown: false,
        averageProgress: null,
        responseRate: null,
      },
      {
        phase: 'enabling',
        respondents: 4,
        answered: 4,
        asked: 5,
        shown: true,
        averageProgress: 3,
        responseRate: 0.8,
      },
    ]);
  });

  it('puts every check-in in the closing phase in the program’s last two weeks, and averages to one decimal', () => {
    const d = composeDigest(
      input({
        program: { ...input().program, endsOn: '2027-03-20' },
        relationships: rels,
        checkins: [
          checkin(1, 'UA', { progress: 4 }),
          checkin(3, 'UB', { progress: 4 }),
          checkin(4, 'UC', { progress: 5 }),
          // a relationship that ended before the window (not loaded): a final reflection
          checkin(99, 'UD', { progress: 4, status: 'answered' }),
        ],
      }),
    );
    expect(d.checkins.phases).toEqual([
      {
        phase: 'closure',
        respondents: 4,
        answered: 4,
        asked: 4,
        shown: true,
        averageProgress: 4.3,
        responseRate: 1,
      },
    ]);
  });
});

describe('a program with one respondent', () => {
  it('shows the funnel and why they wait, but none of their check-in figures', () => {
    const d = composeDigest(
      input({
        funnel: { ...input().funnel, invited: 5, answered: 1, notAnswered: 4 },
        waiting: [
          {
            userId: 'U1',
            name: 'Solo',
            reachable: true,
            skipping: false,
            role: 'mentor',
            teach: ['ai-tools'],
            learn: [],
          },
        ],
        matchReasons: { U1: 'unavailable' },
        relationships: [rel(1, { lastSessionOn: '2027-03-01' })],
        checkins: [checkin(1, 'U1', { progress: 5, sharedHighlight: 'We laughed a lot' })],
      }),
    );
    expect(d.funnel).toMatchObject({ invited: 5, answered: 1, notAnswered: 4 });
    expect(d.waiting.groups).toEqual([{ reason: 'unavailable', count: 1, names: ['Solo'] }]);
    // A teacher with nobody waiting to learn: a recruiting hint.
    expect(d.waiting.hints).toEqual([{ need: 'learners', slug: 'ai-tools', label: 'AI tools', count: 1 }]);
    expect(d.checkins.phases).toEqual([
      {
        phase: 'negotiating',
        respondents: 0,
        answered: 0,
        asked: 1,
        shown: false,
        averageProgress: null,
        responseRate: null,
      },
    ]);
    // Shared with consent, and unattributed: the highlight is the one thing of theirs shown.
    expect(d.highlights).toEqual({ total: 1, shown: ['We laughed a lot'] });
  });
});

describe('shared highlights', () => {
  it('shows this week’s distinct shared highlights, newest first, at most 5, clipped to 280 characters', () => {
    const long = `${'a'.repeat(300)}`;
    const d = composeDigest(
      input({
        checkins: [
          checkin(1, 'U1', { answeredOn: '2027-02-28', sharedHighlight: 'too old' }),
          checkin(1, 'U2', { answeredOn: '2027-03-01', sharedHighlight: 'first day' }),
          checkin(1, 'U3', { answeredOn: '2027-03-08', sharedHighlight: 'today' }),
          checkin(1, 'U4', { answeredOn: '2027-03-05', sharedHighlight: long }),
          checkin(1, 'U5', { answeredOn: '2027-03-04', sharedHighlight: '  spaced\n\nout  ' }),
          checkin(1, 'U6', { answeredOn: '2027-03-03', sharedHighlight: '   ' }),
          checkin(1, 'U7', { answeredOn: '2027-03-03', sharedHighlight: null }),
          checkin(1, 'U8', { answeredOn: '2027-03-02', sharedHighlight: 'sixth' }),
          checkin(1, 'U9', { answeredOn: '2027-03-06', sharedHighlight: '<!channel> hi' }),
          // The same words twice read as one.
          checkin(1, 'U10', { answeredOn: '2027-03-05', sharedHighlight: '<!CHANNEL>   hi' }),
        ],
      }),
    );
    expect(d.highlights.total).toBe(6);
    expect(d.highlights.shown).toEqual([
      'today',
      '<!channel> hi',
      `${'a'.repeat(279)}…`,
      'spaced out',
      'sixth',
    ]);
  });
});

describe('story volunteers', () => {
  it('lists pairs who offered to tell their story, newest first, first 10 by name', () => {
    const rels = Array.from({ length: 12 }, (_, i) =>
      rel(i + 1, { storyOptIn: true, status: 'ended', endedOn: '2027-01-01' }),
    );
    const names = Object.fromEntries(rels.map((r) => [r.id, [`A${r.id}`, `B${r.id}`]]));
    const d = composeDigest(input({ relationships: rels, names }));
    expect(d.stories.total).toBe(12);
    expect(d.stories.shown.map((s) => s.relationshipId)).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3]);
    expect(d.stories.shown[0]?.names).toEqual(['A12', 'B12']);
    expect(relationshipsToName(input({ relationships: rels }))).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3]);
  });
});

describe('truncation', () => {
  it('names the first 10 pairs at risk and counts the rest', () => {
    const rels = Array.from({ length: 25 }, (_, i) =>
      rel(i + 1, { startedOn: dateOf(dayOf('2027-01-04') + i) }),
    );
    const d = composeDigest(input({ relationships: rels }));
    expect(d.atRisk.total).toBe(25);
    expect(d.atRisk.shown).toHaveLength(MAX_NAMES);
    // The longest silence first: relationship 1 started first.
    expect(d.atRisk.shown.map((p) => p.relationshipId)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(relationshipsToName(input({ relationships: rels }))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('names at most 10 waiting people across all reasons', () => {
    const waiting: WaitingPerson[] = Array.from({ length: 30 }, (_, i) => ({
      userId: `U${i}`,
      name: `Person ${String(i).padStart(2, '0')}`,
      reachable: i >= 4,
      skipping: false,
      role: 'mentor',
      teach: ['ai-tools'],
      learn: [],
    }));
    const d = composeDigest(input({ waiting }));
    expect(d.waiting.total).toBe(30);
    expect(d.waiting.groups.map((g) => [g.reason, g.count, g.names.length])).toEqual([
      ['no-learners', 26, 10],
      ['unreachable', 4, 0],
    ]);
  });
});

describe('why people wait', () => {
  const person = (userId: string, over: Partial<WaitingPerson>): WaitingPerson => ({
    userId,
    name: userId,
    reachable: true,
    skipping: false,
    role: 'either',
    teach: [],
    learn: [],
    ...over,
  });
  const pool = [
    person('A', { role: 'mentor', teach: ['ai-tools'], learn: ['leadership'] }),
    person('B', { role: 'mentee', teach: ['leadership'], learn: ['ai-tools'] }),
    person('C', { role: 'mentor', teach: ['social-media'] }),
    person('D', { role: 'mentee', learn: ['negotiation'] }),
    person('E', {}),
    person('F', { reachable: false, teach: ['ai-tools'] }),
    person('G', { skipping: true, learn: ['social-media'] }),
  ];

  it('estimates from skills alone when no matching round was run, with recruiting hints', () => {
    const d = composeDigest(input({ waiting: pool }));
    expect(d.waiting.groups).toEqual([
      { reason: 'next-round', count: 2, names: ['A', 'B'] },
      { reason: 'no-learners', count: 1, names: ['C'] },
      { reason: 'no-teachers', count: 1, names: ['D'] },
      { reason: 'no-skills', count: 1, names: ['E'] },
      { reason: 'skipping', count: 1, names: ['G'] },
      { reason: 'unreachable', count: 1, names: ['F'] },
    ]);
    expect(d.waiting.hints).toEqual([
      { need: 'teachers', slug: 'negotiation', label: 'Negotiation', count: 1 },
      { need: 'learners', slug: 'social-media', label: 'social-media', count: 1 },
    ]);
  });

  it('takes the matching engine’s reasons when it ran: absent means it would match them now', () => {
    const d = composeDigest(
      input({
        waiting: pool,
        matchReasons: { A: 'no-stage-match', C: 'no-learners', D: 'no-teachers', E: 'no-skills' },
      }),
    );
    expect(d.waiting.groups.map((g) => [g.reason, g.names])).toEqual([
      ['no-learners', ['C']],
      ['no-teachers', ['D']],
      ['no-stage-match', ['A']],
      ['no-skills', ['E']],
      ['next-round', ['B']],
      ['skipping', ['G']],
      ['unreachable', ['F']],
    ]);
  });

  it('in peer programs everyone both teaches and learns', () => {
    const d = composeDigest(
      input({
        program: { ...input().program, kind: 'peer' },
        waiting: [
          person('A', { role: 'mentor', learn: ['x'] }),
          person('B', { role: 'mentor', teach: ['x'] }),
        ],
      }),
    );
    expect(d.waiting.groups).toEqual([{ reason: 'next-round', count: 2, names: ['A', 'B'] }]);
  });
});

describe('standingOnDay', () => {
  it('agrees with standing() of src/domain/slips.ts for relationships that are not paused', () => {
    const date = fc.integer({ min: 0, max: 400 }).map((n) => dateOf(dayOf('2026-06-01') + n));
    fc.assert(
      fc.property(
        date,
        fc.option(date, { nil: null }),
        fc.option(date, { nil: null }),
        fc.constantFrom(7, 14, 28),
        date,
        (startedOn, lastSessionOn, pausedUntilOn, cadenceDays, today) => {
          const paused = pausedUntilOn !== null && pausedUntilOn > today;
          fc.pre(!paused);
          const expected = standing(
            { status: 'active', startedOn, lastSessionOn, pausedUntilOn, cadenceDays },
            today,
          );
          const got = standingOnDay(
            dayOf(startedOn),
            lastSessionOn === null ? null : dayOf(lastSessionOn),
            pausedUntilOn === null ? null : dayOf(pausedUntilOn),
            cadenceDays,
            dayOf(today),
          );
          expect(got).toBe(expected);
        },
      ),
    );
  });
});
