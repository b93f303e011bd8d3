import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  alternativesFor,
  type Candidate,
  cohortScore,
  greedyMatch,
  type Kind,
  type Level,
  type MatchInput,
  type MatchResult,
  maxWeightMatching,
  optimalMatch,
  pairScore,
  type Role,
  scoring,
} from '../../src/domain/matching';

// ---------------------------------------------------------------------------------------------------------
// Builders

function person(id: string, over: Partial<Candidate> = {}): Candidate {
  return {
    id,
    name: id.charAt(0).toUpperCase() + id.slice(1),
    role: 'either',
    level: 'mid',
    department: 'Engineering',
    teach: [],
    learn: [],
    capacity: null,
    avoid: [],
    ...over,
  };
}

function program(
  kind: Kind,
  candidates: Candidate[],
  opts: { overlap?: (a: string, b: string) => number; blocked?: Array<[string, string]> } = {},
): MatchInput {
  return { kind, candidates, overlapMinutes: opts.overlap ?? (() => 300), blocked: opts.blocked ?? [] };
}

const pairsOf = (r: MatchResult) => r.relationships.map((x) => [...x.memberIds].sort().join('+')).sort();
const unmatchedOf = (r: MatchResult, id: string) => r.unmatched.find((u) => u.id === id);

// Ana (early career) and Ben (senior) trade AI tools for strategy: the reverse-mentoring ideal.
const ana = person('ana', { level: 'early', role: 'mentor', teach: ['ai-tools'], learn: ['strategy'] });
const ben = person('ben', {
  level: 'senior',
  role: 'mentee',
  department: 'Sales',
  teach: ['strategy'],
  learn: ['ai-tools'],
});

// ---------------------------------------------------------------------------------------------------------
// Scores and rules

describe('pair score', () => {
  it('scores skills both ways, the two-way bonus, departments and shared hours as integers', () => {
    const r = pairScore(ana, ben, { kind: 'reverse', overlapMinutes: 300 });
    expect(r?.score).toBe(2 * scoring.perSkill + scoring.twoWay + scoring.otherDepartment + 5);
    expect(r?.mentorId).toBe('ana');
    expect(r?.mentees).toEqual(['ben']);
  });

  it('makes a two-way pair clearly better than a one-way pair', () => {
    const oneWay = { ...ben, teach: ['negotiation'] };
    const two = pairScore(ana, ben, { kind: 'reverse', overlapMinutes: 300 })!;
    const one = pairScore(ana, oneWay, { kind: 'reverse', overlapMinutes: 300 })!;
    expect(two.score - one.score).toBeGreaterThanOrEqual(scoring.twoWay);
    // Even a one-way pair with more skills loses to a mutual one.
    const mentor = { ...ana, teach: ['ai-tools', 'social-media'] };
    const wide = person('cy', {
      level: 'senior',
      role: 'mentee',
      department: 'Sales',
      learn: ['ai-tools', 'social-media'],
    });
    const r = optimalMatch(program('reverse', [mentor, ben, wide]));
    expect(r.relationships).toHaveLength(1);
    expect(r.relationships[0]!.memberIds).toEqual(['ana', 'ben']);
  });

  it('never proposes a pair where neither learns anything', () => {
    const a = person('a', { level: 'early', role: 'mentor', teach: ['ai-tools'], learn: ['strategy'] });
    const b = person('b', { level: 'senior', role: 'mentee', teach: ['negotiation'], learn: ['leadership'] });
    expect(pairScore(a, b, { kind: 'reverse', overlapMinutes: 480 })).toBeNull();
    expect(pairScore(a, b, { kind: 'peer', overlapMinutes: 480 })).toBeNull();
    expect(optimalMatch(program('reverse', [a, b])).relationships).toEqual([]);
  });

  it('caps what a direction is worth at three skills', () => {
    const all = ['ai-tools', 'social-media', 'data-analysis', 'inclusion', 'industry-trends'];
    const a = person('a', { level: 'early', role: 'mentor', teach: all });
    const b = person('b', { level: 'senior', role: 'mentee', learn: all });
    expect(pairScore(a, b, { kind: 'reverse', overlapMinutes: 120 })?.score).toBe(3 * scoring.perSkill + 2);
  });
});

describe('kind rules', () => {
  const early = (id: string, role: Role) =>
    person(id, { level: 'early', role, teach: ['ai-tools'], learn: ['strategy'] });
  const senior = (id: string, role: Role) =>
    person(id, { level: 'senior', role, teach: ['strategy'], learn: ['ai-tools'] });

  it('reverse: the mentor is earlier in career than the mentee', () => {
    expect(
      pairScore(early('a', 'mentor'), senior('b', 'mentee'), { kind: 'reverse', overlapMinutes: 300 }),
    ).not.toBeNull();
    expect(
      pairScore(senior('b', 'mentor'), early('a', 'mentee'), { kind: 'reverse', overlapMinutes: 300 }),
    ).toBeNull();
    const sameLevel = { ...senior('c', 'mentee'), level: 'early' as Level };
    expect(pairScore(early('a', 'mentor'), sameLevel, { kind: 'reverse', overlapMinutes: 300 })).toBeNull();
  });

  it('traditional: the mentor is later in career than the mentee', () => {
    const r = pairScore(senior('b', 'mentor'), early('a', 'mentee'), {
      kind: 'traditional',
      overlapMinutes: 300,
    });
    expect(r?.mentorId).toBe('b');
    expect(
      pairScore(early('a', 'mentor'), senior('b', 'mentee'), { kind: 'traditional', overlapMinutes: 300 }),
    ).toBeNull();
  });

  it('requires the mentor to teach the mentee something they want', () => {
    // Ben could teach Ana strategy, but in reverse mentoring Ana must be the one passing something on.
    const quiet = person('q', { level: 'early', role: 'mentor', learn: ['strategy'] });
    expect(pairScore(quiet, senior('b', 'mentee'), { kind: 'reverse', overlapMinutes: 300 })).toBeNull();
  });

  it('peer: same or adjacent levels, no mentor, roles ignored', () => {
    const a = person('a', { level: 'early', role: 'mentor', teach: ['ai-tools'], learn: ['strategy'] });
    const b = person('b', { level: 'mid', role: 'mentor', teach: ['strategy'], learn: ['ai-tools'] });
    const c = { ...b, id: 'c', name: 'C', level: 'senior' as Level };
    const r = pairScore(a, b, { kind: 'peer', overlapMinutes: 300 });
    expect(r?.mentorId).toBeNull();
    expect([...r!.memberIds].sort()).toEqual(['a', 'b']);
    expect([...r!.mentees].sort()).toEqual(['a', 'b']);
    expect(pairScore(a, c, { kind: 'peer', overlapMinutes: 300 })).toBeNull();
    const round = optimalMatch(program('peer', [a, c]));
    expect(round.relationships).toEqual([]);
    expect(unmatchedOf(round, 'a')?.kind).toBe('no-stage-match');
  });

  it('either: the algorithm picks the side the kind allows', () => {
    const x = early('x', 'either');
    const y = senior('y', 'either');
    expect(optimalMatch(program('reverse', [x, y])).relationships[0]?.mentorId).toBe('x');
    expect(optimalMatch(program('traditional', [x, y])).relationships[0]?.mentorId).toBe('y');
    // An `either` in the middle mentors a senior and is mentored by nobody: sides are per pair.
    const mid = person('m', { level: 'mid', role: 'either', teach: ['ai-tools'], learn: ['strategy'] });
    const r = optimalMatch(program('reverse', [mid, senior('s', 'mentee')]));
    expect(r.relationships[0]?.mentorId).toBe('m');
  });

  it('pairs people, so a mentor in a pair program takes one mentee', () => {
    const m = person('m', { level: 'early', role: 'mentor', teach: ['ai-tools'], capacity: 5 });
    const e1 = person('e1', { level: 'senior', role: 'mentee', learn: ['ai-tools'], department: 'Sales' });
    const e2 = person('e2', { level: 'senior', role: 'mentee', learn: ['ai-tools'] });
    const r = optimalMatch(program('reverse', [m, e1, e2]));
    expect(pairsOf(r)).toEqual(['e1+m']);
    expect(unmatchedOf(r, 'e2')).toMatchObject({ kind: 'no-room', reason: 'No mentor had room left' });
  });
});

describe('group programs', () => {
  const mentee = (id: string, learn: string[], department = 'Sales') =>
    person(id, { role: 'mentee', level: 'senior', learn, department });

  it('fills a cohort up to the mentor capacity, 3 by default and at most 7', () => {
    const m = person('m', { role: 'mentor', teach: ['ai-tools'], capacity: 2 });
    const many = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'].map((id) => mentee(id, ['ai-tools']));
    const two = optimalMatch(program('group', [m, ...many.slice(0, 3)]));
    expect(two.relationships).toHaveLength(1);
    expect(two.relationships[0]!.mentees).toHaveLength(2);
    expect(two.unmatched.map((u) => u.reason)).toEqual(['No mentor had room left']);
    const byDefault = optimalMatch(program('group', [{ ...m, capacity: null }, ...many]));
    expect(byDefault.relationships[0]!.mentees).toHaveLength(scoring.defaultGroupCapacity);
    const capped = optimalMatch(program('group', [{ ...m, capacity: 12 }, ...many]));
    expect(capped.relationships[0]!.mentees).toHaveLength(scoring.maxGroupCapacity);
  });

  it('puts people who want the same thing in the same cohort', () => {
    const teach = ['ai-tools', 'social-media'];
    const m1 = person('m1', { role: 'mentor', teach, capacity: 2, department: 'Sales' });
    const m2 = person('m2', { role: 'mentor', teach, capacity: 2, department: 'Sales' });
    const people = [
      m1,
      m2,
      mentee('a', ['ai-tools']),
      mentee('c', ['social-media']),
      mentee('b', ['ai-tools']),
    ];
    people.push(mentee('d', ['social-media']));
    const r = optimalMatch(program('group', people));
    const cohorts = r.relationships.map((x) => [...x.mentees].sort().join('+')).sort();
    expect(cohorts).toEqual(['a+b', 'c+d']);
    const ai = r.relationships.find((x) => x.mentees.includes('a'))!;
    expect(ai.focus).toBe('ai-tools');
    expect(ai.reasons).toContain('A and B both want to learn AI tools');
    expect(r.optimal).toBe(true);
    // The shared focus is what makes the difference: the same people mixed score less.
    const ctx = { overlapMinutes: () => 300, blocked: [] };
    const sorted = cohortScore(m1, [people[2]!, people[4]!], ctx)!.score;
    const mixed = cohortScore(m1, [people[2]!, people[3]!], ctx)!.score;
    expect(sorted - mixed).toBe(scoring.sharedFocus);
  });

  it('requires the mentor to teach every mentee something they want', () => {
    const m = person('m', { role: 'mentor', teach: ['ai-tools'] });
    const ctx = { overlapMinutes: () => 300, blocked: [] };
    expect(cohortScore(m, [mentee('a', ['ai-tools']), mentee('b', ['strategy'])], ctx)).toBeNull();
    expect(
      cohortScore({ ...m, capacity: 1 }, [mentee('a', ['ai-tools']), mentee('b', ['ai-tools'])], ctx),
    ).toBeNull();
  });

  it('lets an `either` lead a cohort when that is worth more than joining one', () => {
    const e = person('e', { role: 'either', teach: ['ai-tools'], learn: ['strategy'], capacity: 2 });
    const m = person('m', { role: 'mentor', teach: ['strategy'], capacity: 1, department: 'Sales' });
    const r = optimalMatch(program('group', [e, m, mentee('a', ['ai-tools']), mentee('b', ['ai-tools'])]));
    const led = r.relationships.find((x) => x.mentorId === 'e');
    expect([...(led?.mentees ?? [])].sort()).toEqual(['a', 'b']);
    expect(unmatchedOf(r, 'm')?.kind).toBe('no-room');
  });

  it('reports a proven bound when the search stops early', () => {
    const teach = ['ai-tools', 'social-media'];
    const people = [
      person('m1', { role: 'either', teach, learn: ['strategy'], capacity: 2 }),
      person('m2', {
        role: 'either',
        teach: ['strategy'],
        learn: ['ai-tools'],
        capacity: 2,
        department: 'Sales',
      }),
      ...['a', 'b', 'c', 'd'].map((id, i) => mentee(id, [teach[i % 2]!, 'strategy'])),
    ];
    const full = optimalMatch(program('group', people));
    const cut = optimalMatch(program('group', people), { searchBudget: 1 });
    expect(full.optimal).toBe(true);
    expect(cut.optimal).toBe(false);
    expect(Number.isFinite(cut.upperBound)).toBe(true);
    expect(cut.upperBound).toBeGreaterThanOrEqual(full.totalScore);
    expect(cut.totalScore).toBeLessThanOrEqual(full.totalScore);
  });

  it('explains a cohort', () => {
    const m = person('m', { name: 'Mia', role: 'mentor', teach: ['ai-tools'], learn: ['strategy'] });
    const a = person('a', {
      name: 'Al',
      role: 'mentee',
      learn: ['ai-tools'],
      teach: ['strategy'],
      department: 'Sales',
    });
    const b = person('b', { name: 'Bo', role: 'mentee', learn: ['ai-tools'], department: 'Legal' });
    const r = cohortScore(m, [a, b], {
      overlapMinutes: (x, y) => (x === 'b' || y === 'b' ? 180 : 240),
      blocked: [],
    })!;
    expect(r.reasons).toEqual([
      'Mia can show Al AI tools; Al can coach Mia on strategy',
      'Mia can show Bo AI tools',
      'Al and Bo both want to learn AI tools',
      'a mix of departments (Engineering, Sales and Legal)',
      'everyone shares at least 3 hours of working time with Mia',
    ]);
  });
});

describe('preferences', () => {
  const mentor = person('m', { level: 'early', role: 'mentor', teach: ['ai-tools'] });
  const e = (id: string, department = 'Engineering') =>
    person(id, { level: 'senior', role: 'mentee', learn: ['ai-tools'], department });

  it('prefers different departments', () => {
    const same = pairScore(mentor, e('s'), { kind: 'reverse', overlapMinutes: 300 })!.score;
    const other = pairScore(mentor, e('o', 'Sales'), { kind: 'reverse', overlapMinutes: 300 })!.score;
    expect(other - same).toBe(scoring.otherDepartment);
    expect(pairsOf(optimalMatch(program('reverse', [mentor, e('s'), e('o', 'Sales')])))).toEqual(['m+o']);
  });

  it('scores under two hours of shared time much lower, and no shared time not at all', () => {
    const good = pairScore(mentor, e('x', 'Sales'), { kind: 'reverse', overlapMinutes: 300 })!.score;
    const low = pairScore(mentor, e('x', 'Sales'), { kind: 'reverse', overlapMinutes: 90 })!.score;
    expect(low).toBeLessThanOrEqual(good / 4);
    expect(low).toBeGreaterThan(0);
    expect(pairScore(mentor, e('x', 'Sales'), { kind: 'reverse', overlapMinutes: 0 })).toBeNull();
    const overlap = (a: string, b: string) => (a === 'far' || b === 'far' ? 60 : 360);
    const r = optimalMatch(program('reverse', [mentor, e('far', 'Sales'), e('near')], { overlap }));
    expect(pairsOf(r)).toEqual(['m+near']);
  });

  it('never proposes a blocked pair or one where either listed the other to avoid', () => {
    const best = e('best', 'Sales');
    const next = e('next');
    const cases: MatchInput[] = [
      program('reverse', [mentor, best, next], { blocked: [['best', 'm']] }),
      program('reverse', [{ ...mentor, avoid: ['best'] }, best, next]),
      program('reverse', [mentor, { ...best, avoid: ['m'] }, next]),
    ];
    for (const input of cases) {
      for (const solve of [optimalMatch, greedyMatch]) expect(pairsOf(solve(input))).toEqual(['m+next']);
      expect(alternativesFor(input, 'm', []).map((a) => a.partnerId)).toEqual(['next']);
    }
  });
});

describe('explanations', () => {
  it('says who can show whom what, departments and shared hours, with skill labels', () => {
    const r = optimalMatch(program('reverse', [ana, ben]));
    expect(r.relationships[0]!.reasons).toEqual([
      'Ana can show Ben AI tools; Ben can coach Ana on strategy',
      'different departments (Engineering and Sales)',
      '5 hours of shared working time',
    ]);
  });

  it('words short overlaps and one-way peers', () => {
    const a = person('a', { name: 'Ana', level: 'mid', learn: ['social-media', 'public-speaking'] });
    const b = person('b', { name: 'Ben', level: 'mid', teach: ['social-media', 'public-speaking'] });
    const at = (m: number) => pairScore(a, b, { kind: 'peer', overlapMinutes: m })!.reasons;
    expect(at(90)).toEqual([
      'Ben can show Ana social media and public speaking',
      'only 1 hour of shared working time',
    ]);
    expect(at(45)[1]).toBe('only 45 minutes of shared working time');
  });

  it('never mentions avoid lists: an avoided pair reads exactly like a blocked one', () => {
    const avoided = optimalMatch(program('reverse', [{ ...ana, avoid: ['ben'] }, ben]));
    const blocked = optimalMatch(program('reverse', [ana, ben], { blocked: [['ana', 'ben']] }));
    expect(avoided.unmatched).toEqual(blocked.unmatched);
    const text = JSON.stringify(avoided);
    expect(text).not.toMatch(/avoid/i);
    expect(unmatchedOf(avoided, 'ana')).toEqual({
      id: 'ana',
      kind: 'unavailable',
      reason: 'Nobody new who fits you is available this round',
    });
  });
});

describe('unmatched reasons', () => {
  it('names the first thing that rules everyone out', () => {
    const lonely = optimalMatch(
      program('reverse', [
        person('blank', { role: 'mentee', level: 'senior' }),
        person('teacher', { role: 'mentor', level: 'early', teach: ['inclusion'] }),
        person('learner', { role: 'mentee', level: 'senior', learn: ['negotiation'] }),
        person('either', { role: 'either', level: 'mid', teach: ['industry-trends'], learn: ['leadership'] }),
      ]),
    );
    expect(unmatchedOf(lonely, 'blank')?.kind).toBe('no-skills');
    expect(unmatchedOf(lonely, 'teacher')).toMatchObject({
      kind: 'no-learners',
      reason: 'Nobody in this round wants to learn what you teach yet',
    });
    expect(unmatchedOf(lonely, 'learner')?.kind).toBe('no-teachers');
    expect(unmatchedOf(lonely, 'either')?.kind).toBe('no-skill-match');
  });

  it('tells apart career stage, time zones, exclusions and room', () => {
    const wrongWay = optimalMatch(
      program('reverse', [
        person('s', { role: 'mentor', level: 'senior', teach: ['strategy'] }),
        person('e', { role: 'mentee', level: 'early', learn: ['strategy'] }),
      ]),
    );
    expect(unmatchedOf(wrongWay, 'e')?.kind).toBe('no-stage-match');
    const far = optimalMatch(program('reverse', [ana, ben], { overlap: () => 0 }));
    expect(unmatchedOf(far, 'ben')).toEqual({
      id: 'ben',
      kind: 'no-time-overlap',
      reason: 'Nobody in a workable time zone yet',
    });
    const full = optimalMatch(program('group', [{ ...ana, capacity: 0 }, ben]));
    expect(unmatchedOf(full, 'ana')?.kind).toBe('no-capacity');
    expect(unmatchedOf(full, 'ben')?.kind).toBe('no-stage-match');
  });

  it('accounts for everyone exactly once', () => {
    const r = optimalMatch(program('reverse', [ana, ben, person('x'), person('y', { teach: ['ai-tools'] })]));
    const ids = [...r.relationships.flatMap((x) => x.memberIds), ...r.unmatched.map((u) => u.id)].sort();
    expect(ids).toEqual(['ana', 'ben', 'x', 'y']);
  });
});

describe('alternatives', () => {
  const seeker = person('q', { role: 'mentee', level: 'senior', learn: ['ai-tools'], department: 'Sales' });
  const mentorOf = (id: string, capacity: number, department = 'Engineering', overlap = 300) => ({
    c: person(id, { role: 'mentor', level: 'early', teach: ['ai-tools'], capacity, department }),
    overlap,
  });

  it('suggests the best available people, never a mentor without room, a blocked or avoided one', () => {
    const ms = [
      mentorOf('full', 0),
      mentorOf('good', 1),
      mentorOf('ok', 2, 'Sales'),
      mentorOf('blocked', 1),
      { c: { ...mentorOf('avoids', 1).c, avoid: ['q'] }, overlap: 300 },
      mentorOf('current', 1),
    ];
    for (const kind of ['group', 'reverse'] as const) {
      const input = program(kind, [seeker, ...ms.map((x) => x.c)], { blocked: [['q', 'blocked']] });
      const alts = alternativesFor(input, 'q', ['current']);
      expect(alts.map((a) => a.partnerId)).toEqual(['good', 'ok']);
      expect(alts[0]!.mentorId).toBe('good');
      expect(alts[0]!.reasons[0]).toBe('Good can show Q AI tools');
      expect(alts[0]!.score).toBeGreaterThan(alts[1]!.score);
    }
  });

  it('returns at most `limit`, best first', () => {
    const ms = [1, 2, 3, 4, 5].map((h) =>
      person(`m${h}`, { role: 'mentor', level: 'early', teach: ['ai-tools'] }),
    );
    const overlap = (a: string, b: string) => 60 * (Number((a + b).replace(/\D/g, '')) + 2);
    const alts = alternativesFor(program('reverse', [seeker, ...ms], { overlap }), 'q', []);
    expect(alts.map((a) => a.partnerId)).toEqual(['m5', 'm4', 'm3']);
    expect(alternativesFor(program('reverse', [seeker, ...ms], { overlap }), 'q', [], 1)).toHaveLength(1);
    expect(alternativesFor(program('reverse', [seeker]), 'nobody', [])).toEqual([]);
  });
});

describe('input handling', () => {
  it('rejects duplicate ids', () => {
    expect(() => optimalMatch(program('peer', [ana, { ...ana }]))).toThrow(/duplicate/);
  });

  it('handles empty and single-person rounds', () => {
    expect(optimalMatch(program('reverse', [])).relationships).toEqual([]);
    expect(optimalMatch(program('reverse', [ana])).unmatched.map((u) => u.id)).toEqual(['ana']);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Property tests against exhaustive search

const SKILLS = ['ai-tools', 'strategy', 'social-media', 'leadership'];
const LEVELS: Level[] = ['early', 'mid', 'senior', 'executive'];
const ROLES: Role[] = ['mentor', 'mentee', 'either'];
const OVERLAPS = [0, 60, 150, 300, 480];

interface Instance {
  input: MatchInput;
  overlap: number[][];
  blocked: boolean[][];
}

function instance(kinds: readonly Kind[], minN: number, maxN: number): fc.Arbitrary<Instance> {
  return fc.integer({ min: minN, max: maxN }).chain((n) =>
    fc
      .record({
        kind: fc.constantFrom(...kinds),
        people: fc.array(
          fc.record({
            role: fc.constantFrom(...ROLES),
            level: fc.constantFrom(...LEVELS),
            department: fc.constantFrom('', 'Sales', 'Engineering', 'Legal'),
            teach: fc.subarray(SKILLS),
            learn: fc.subarray(SKILLS),
            capacity: fc.option(fc.integer({ min: 0, max: 3 }), { freq: 3 }),
            avoid: fc.subarray([...Array(n).keys()], { maxLength: 1 }),
            avoidSomeone: fc.integer({ min: 0, max: 9 }),
          }),
          { minLength: n, maxLength: n },
        ),
        overlap: fc.array(fc.constantFrom(...OVERLAPS), { minLength: n * n, maxLength: n * n }),
        blocked: fc.array(fc.integer({ min: 0, max: 7 }), { minLength: n * n, maxLength: n * n }),
      })
      .map(({ kind, people, overlap, blocked }) => {
        const ov = (i: number, j: number) => overlap[Math.min(i, j) * n + Math.max(i, j)]!;
        const bl = (i: number, j: number) => i !== j && blocked[Math.min(i, j) * n + Math.max(i, j)] === 0;
        const candidates: Candidate[] = people.map((p, i) => ({
          id: `p${i}`,
          name: `P${i}`,
          role: p.role,
          level: p.level,
          department: p.department,
          teach: p.teach,
          learn: p.learn,
          capacity: p.capacity,
          avoid: p.avoidSomeone === 0 ? p.avoid.filter((j) => j !== i).map((j) => `p${j}`) : [],
        }));
        const index = new Map(candidates.map((c, i) => [c.id, i]));
        const blockedPairs: Array<[string, string]> = [];
        for (let i = 0; i < n; i++)
          for (let j = i + 1; j < n; j++) if (bl(i, j)) blockedPairs.push([`p${i}`, `p${j}`]);
        return {
          input: {
            kind,
            candidates,
            overlapMinutes: (a: string, b: string) => ov(index.get(a)!, index.get(b)!),
            blocked: blockedPairs,
          },
          overlap: Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => ov(i, j))),
          blocked: Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => bl(i, j))),
        };
      }),
  );
}

/** The best round by trying every matching (pair kinds) or every set of cohorts (groups). */
function exhaustive({ input, overlap, blocked }: Instance): number {
  const c = input.candidates;
  const n = c.length;
  if (input.kind !== 'group') {
    const w = (i: number, j: number) =>
      pairScore(c[i]!, c[j]!, { kind: input.kind, overlapMinutes: overlap[i]![j]!, blocked: blocked[i]![j]! })
        ?.score ?? 0;
    const weight = Array.from({ length: n }, (_, i) =>
      Array.from({ length: n }, (_, j) => (i === j ? 0 : w(i, j))),
    );
    const used = new Array<boolean>(n).fill(false);
    const best = (from: number): number => {
      let i = from;
      while (i < n && used[i]) i++;
      if (i >= n) return 0;
      used[i] = true;
      let top = best(i + 1);
      for (let j = i + 1; j < n; j++) {
        if (used[j] || weight[i]![j]! === 0) continue;
        used[j] = true;
        top = Math.max(top, weight[i]![j]! + best(i + 1));
        used[j] = false;
      }
      used[i] = false;
      return top;
    };
    return best(0);
  }
  const ctx = { overlapMinutes: input.overlapMinutes, blocked: input.blocked };
  const can = Array.from({ length: n }, (_, p) =>
    Array.from({ length: n }, (_, q) => p !== q && cohortScore(c[p]!, [c[q]!], ctx) !== null),
  );
  const cache = new Map<string, number>();
  const value = (p: number, qs: number[]): number => {
    const key = `${p}:${qs.join(',')}`;
    let v = cache.get(key);
    if (v === undefined) {
      v =
        cohortScore(
          c[p]!,
          qs.map((q) => c[q]!),
          ctx,
        )?.score ?? Number.NEGATIVE_INFINITY;
      cache.set(key, v);
    }
    return v;
  };
  let top = 0;
  for (let mask = 0; mask < 1 << n; mask++) {
    const leaders = [...Array(n).keys()].filter((i) => mask & (1 << i));
    if (leaders.some((p) => !can[p]!.some(Boolean))) continue;
    const others = [...Array(n).keys()].filter((i) => !(mask & (1 << i)));
    const cohorts = new Map<number, number[]>(leaders.map((p) => [p, []]));
    const assign = (k: number): void => {
      if (k === others.length) {
        let total = 0;
        for (const [p, qs] of cohorts) if (qs.length > 0) total += value(p, qs);
        top = Math.max(top, total);
        return;
      }
      const q = others[k]!;
      assign(k + 1);
      for (const p of leaders) {
        if (!can[p]![q]) continue;
        cohorts.get(p)!.push(q);
        assign(k + 1);
        cohorts.get(p)!.pop();
      }
    };
    assign(0);
  }
  return top;
}

/** Every relationship possible and scored as the public scorers say, nobody twice, everyone accounted for. */
function expectValid({ input, overlap, blocked }: Instance, r: MatchResult): void {
  const c = input.candidates;
  const at = new Map(c.map((x, i) => [x.id, i]));
  const seen = new Set<string>();
  for (const rel of r.relationships) {
    for (const id of rel.memberIds) {
      expect(seen.has(id)).toBe(false);
      seen.add(id);
    }
    if (input.kind === 'group') {
      expect(rel.memberIds).toEqual([rel.mentorId, ...rel.mentees]);
      const again = cohortScore(
        c[at.get(rel.mentorId!)!]!,
        rel.mentees.map((id) => c[at.get(id)!]!),
        { overlapMinutes: input.overlapMinutes, blocked: input.blocked },
      );
      expect(again?.score).toBe(rel.score);
    } else {
      expect(rel.memberIds).toHaveLength(2);
      const [i, j] = rel.memberIds.map((id) => at.get(id)!) as [number, number];
      const again = pairScore(c[i]!, c[j]!, {
        kind: input.kind,
        overlapMinutes: overlap[i]![j]!,
        blocked: blocked[i]![j]!,
      });
      expect(again?.score).toBe(rel.score);
      expect(again?.mentorId).toBe(rel.mentorId);
    }
    expect(Number.isInteger(rel.score)).toBe(true);
  }
  expect(r.relationships.reduce((s, x) => s + x.score, 0)).toBe(r.totalScore);
  expect([...seen, ...r.unmatched.map((u) => u.id)].sort()).toEqual(c.map((x) => x.id).sort());
}

describe('optimality against exhaustive search', () => {
  it('pair kinds: the exact optimum, and greedy never beats it', () => {
    fc.assert(
      fc.property(instance(['reverse', 'traditional', 'peer'], 2, 9), (inst) => {
        const best = optimalMatch(inst.input);
        expectValid(inst, best);
        expect(best.totalScore).toBe(exhaustive(inst));
        expect(best.optimal).toBe(true);
        expect(best.upperBound).toBe(best.totalScore);
        const greedy = greedyMatch(inst.input);
        expectValid(inst, greedy);
        expect(greedy.totalScore).toBeLessThanOrEqual(best.totalScore);
      }),
      { numRuns: 300 },
    );
  });

  it('group: the exact optimum with capacities and shared focus, and greedy never beats it', () => {
    fc.assert(
      fc.property(instance(['group'], 2, 7), (inst) => {
        const best = optimalMatch(inst.input);
        expectValid(inst, best);
        expect(best.optimal).toBe(true);
        expect(best.totalScore).toBe(exhaustive(inst));
        for (const rel of best.relationships) {
          const mentor = inst.input.candidates.find((x) => x.id === rel.mentorId)!;
          const room = mentor.capacity ?? scoring.defaultGroupCapacity;
          expect(rel.mentees.length).toBeLessThanOrEqual(room);
        }
        const greedy = greedyMatch(inst.input);
        expectValid(inst, greedy);
        expect(greedy.totalScore).toBeLessThanOrEqual(best.totalScore);
      }),
      { numRuns: 200 },
    );
  });

  it('the sparse graph plus pricing reaches the same optimum as the full graph', () => {
    fc.assert(
      fc.property(
        instance(['reverse', 'traditional', 'peer', 'group'], 10, 40),
        fc.integer({ min: 1, max: 3 }),
        (inst, k) => {
          if (inst.input.kind === 'group' && inst.input.candidates.length > 16) return;
          const full = optimalMatch(inst.input);
          const sparse = optimalMatch(inst.input, { fullGraphUpTo: 0, neighbours: k });
          expectValid(inst, sparse);
          if (full.optimal && sparse.optimal) expect(sparse.totalScore).toBe(full.totalScore);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('blossom solver', () => {
  const graph = fc.integer({ min: 1, max: 10 }).chain((n) =>
    fc.record({
      n: fc.constant(n),
      edges: fc.uniqueArray(
        fc.record({
          a: fc.integer({ min: 0, max: n - 1 }),
          b: fc.integer({ min: 0, max: n - 1 }),
          w: fc.integer({ min: 1, max: 4 }),
        }),
        { maxLength: 30, selector: (e) => `${Math.min(e.a, e.b)}-${Math.max(e.a, e.b)}` },
      ),
    }),
  );

  it('finds a maximum-weight matching, with duals that certify it', () => {
    fc.assert(
      fc.property(graph, ({ n, edges }) => {
        const es = edges.filter((e) => e.a !== e.b);
        const r = maxWeightMatching(
          n,
          es.length,
          Int32Array.from(es, (e) => e.a),
          Int32Array.from(es, (e) => e.b),
          Int32Array.from(es, (e) => e.w),
        );
        const w = new Map(es.map((e) => [`${Math.min(e.a, e.b)}-${Math.max(e.a, e.b)}`, e.w]));
        const weight = (i: number, j: number) => w.get(`${Math.min(i, j)}-${Math.max(i, j)}`) ?? 0;
        let total = 0;
        for (let v = 0; v < n; v++) {
          const u = r.mate[v]!;
          if (u < 0) continue;
          expect(r.mate[u]).toBe(v);
          expect(weight(u, v)).toBeGreaterThan(0);
          if (u > v) total += weight(u, v);
        }
        const used = new Array<boolean>(n).fill(false);
        const best = (from: number): number => {
          let i = from;
          while (i < n && used[i]) i++;
          if (i >= n) return 0;
          used[i] = true;
          let top = best(i + 1);
          for (let j = i + 1; j < n; j++) {
            if (used[j] || weight(i, j) === 0) continue;
            used[j] = true;
            top = Math.max(top, weight(i, j) + best(i + 1));
            used[j] = false;
          }
          used[i] = false;
          return top;
        };
        expect(total).toBe(best(0));
        // The certificate pricing relies on: every edge has non-negative slack, matched edges none.
        const chain = (v: number) => {
          const out: number[] = [];
          for (let b = r.parent[v]!; b !== -1; b = r.parent[b]!) out.push(b);
          return out;
        };
        for (const e of es) {
          const shared = chain(e.b);
          let slack = r.dual[e.a]! + r.dual[e.b]! - 2 * e.w;
          for (const b of chain(e.a)) if (shared.includes(b)) slack += 2 * r.dual[b]!;
          expect(slack).toBeGreaterThanOrEqual(0);
          if (r.mate[e.a] === e.b) expect(slack).toBe(0);
        }
        for (let v = 0; v < n; v++) if (r.mate[v] === -1) expect(r.dual[v]).toBe(0);
      }),
      { numRuns: 1500 },
    );
  });
});
