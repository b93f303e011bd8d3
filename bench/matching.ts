/**
 * Matching benchmark helpers: a deterministic synthetic pool and a timed optimal-vs-greedy run.
 * `bench/run.ts` prints the table; this file only generates and measures.
 */

import { mulberry32 } from '../src/demo/slack-sim';
import {
  type Candidate,
  greedyMatch,
  type Kind,
  type Level,
  type MatchInput,
  optimalMatch,
  type Role,
} from '../src/domain/matching';

function pick<T>(rnd: () => number, items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let x = rnd() * total;
  for (const [item, w] of items) {
    x -= w;
    if (x < 0) return item;
  }
  return items[items.length - 1]![0];
}

function some(rnd: () => number, pool: readonly string[], min: number, max: number): string[] {
  const k = min + Math.floor(rnd() * (max - min + 1));
  const out = new Set<string>();
  while (out.size < Math.min(k, pool.length)) out.add(pool[Math.floor(rnd() * pool.length)]!);
  return [...out];
}

// What early-career people tend to offer, and what later-career people tend to offer: the trade that makes
// reverse mentoring work. The 12 contract slugs.
const newer = ['ai-tools', 'social-media', 'data-analysis', 'inclusion', 'industry-trends'];
const older = [
  'leadership',
  'strategy',
  'career-planning',
  'public-speaking',
  'negotiation',
  'product-management',
  'people-management',
];
const allSkills = [...newer, ...older];

const departments: ReadonlyArray<readonly [string, number]> = [
  ['Engineering', 30],
  ['Sales', 18],
  ['Marketing', 10],
  ['Operations', 12],
  ['Finance', 8],
  ['Product', 10],
  ['People', 6],
  ['Legal', 3],
];

// Hours from UTC, weighted like a company mostly in the Americas and Europe with an office in Asia.
const zones: ReadonlyArray<readonly [number, number]> = [
  [-8, 14],
  [-7, 4],
  [-6, 8],
  [-5, 22],
  [-3, 3],
  [0, 12],
  [1, 20],
  [2, 5],
  [5.5, 6],
  [8, 4],
  [9, 2],
];

const levelMix: ReadonlyArray<readonly [Level, number]> = [
  ['early', 35],
  ['mid', 33],
  ['senior', 23],
  ['executive', 9],
];

function roleFor(kind: Kind, level: Level, rnd: () => number): Role {
  const junior = level === 'early' || level === 'mid';
  switch (kind) {
    case 'reverse':
      return junior
        ? pick<Role>(rnd, [
            ['mentor', 55],
            ['either', 25],
            ['mentee', 20],
          ])
        : pick<Role>(rnd, [
            ['mentee', 60],
            ['either', 25],
            ['mentor', 15],
          ]);
    case 'traditional':
      return junior
        ? pick<Role>(rnd, [
            ['mentee', 60],
            ['either', 25],
            ['mentor', 15],
          ])
        : pick<Role>(rnd, [
            ['mentor', 55],
            ['either', 25],
            ['mentee', 20],
          ]);
    case 'peer':
      return 'either';
    case 'group':
      return pick<Role>(rnd, [
        ['mentor', 20],
        ['either', 15],
        ['mentee', 65],
      ]);
  }
}

/**
 * `n` people for a program of `kind`, the same for the same seed: a realistic mix of career levels, roles,
 * departments, the 12 default skills (earlier careers offering digital skills, later ones leadership), time
 * zones (overlap of 09:00–17:00 working days), a few avoid lists and some pairs blocked by earlier rounds.
 */
export function generateCandidates(n: number, seed: number, kind: Kind = 'reverse'): MatchInput {
  const rnd = mulberry32(seed);
  const offset = new Map<string, number>();
  const candidates: Candidate[] = [];
  for (let i = 0; i < n; i++) {
    const id = `U${String(i).padStart(6, '0')}`;
    const level = pick(rnd, levelMix);
    const junior = level === 'early' || level === 'mid';
    const strong = junior ? newer : older;
    const weak = junior ? older : newer;
    const role = roleFor(kind, level, rnd);
    const teach = some(rnd, rnd() < 0.8 ? strong : allSkills, 1, 3);
    const learn = some(rnd, rnd() < 0.75 ? weak : allSkills, 1, 3).filter((s) => !teach.includes(s));
    offset.set(id, pick(rnd, zones));
    candidates.push({
      id,
      name: `Person ${i}`,
      role,
      level,
      department: pick(rnd, departments),
      teach,
      learn,
      capacity: kind === 'group' && role !== 'mentee' ? 2 + Math.floor(rnd() * 4) : null,
      avoid: [],
    });
  }
  const avoid = new Map<number, string[]>();
  for (let i = 0; i < n; i++) {
    if (n > 1 && rnd() < 0.02) {
      const j = Math.floor(rnd() * n);
      if (j !== i) avoid.set(i, [candidates[j]!.id]);
    }
  }
  for (const [i, ids] of avoid) candidates[i] = { ...candidates[i]!, avoid: ids };
  const blocked: Array<[string, string]> = [];
  for (let t = 0; t < Math.floor(n / 10); t++) {
    const a = Math.floor(rnd() * n);
    const b = Math.floor(rnd() * n);
    if (a !== b) blocked.push([candidates[a]!.id, candidates[b]!.id]);
  }
  const overlapMinutes = (a: string, b: string): number => {
    const diff = Math.abs((offset.get(a) ?? 0) - (offset.get(b) ?? 0));
    return Math.max(0, Math.round(480 - diff * 60));
  };
  return { kind, candidates, overlapMinutes, blocked };
}

export interface MatchingBench {
  n: number;
  kind: Kind;
  optimalMs: number;
  greedyMs: number;
  optimalScore: number;
  greedyScore: number;
  /** whether the optimal run proved its optimality (always for pair kinds) */
  proven: boolean;
  relationships: number;
}

/** One timed run of the exact solver and the greedy baseline on the same generated pool. */
export function benchMatching(n: number, seed: number, kind: Kind = 'reverse'): MatchingBench {
  const input = generateCandidates(n, seed, kind);
  const t0 = performance.now();
  const best = optimalMatch(input);
  const t1 = performance.now();
  const greedy = greedyMatch(input);
  const t2 = performance.now();
  return {
    n,
    kind,
    optimalMs: Math.round(t1 - t0),
    greedyMs: Math.round(t2 - t1),
    optimalScore: best.totalScore,
    greedyScore: greedy.totalScore,
    proven: best.optimal,
    relationships: best.relationships.length,
  };
}
