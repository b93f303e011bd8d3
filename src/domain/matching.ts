/**
 * The matching engine: who is offered to whom in a matching round. Pure: plain data in, plain data out;
 * no I/O, no clock, no randomness, so a round can be replayed and explained.
 *
 * ## Score (integers, so totals compare exactly)
 * For a mentor M and mentee E (or two peers A and B):
 * - skills: 10 points per skill M teaches that E wants to learn, and 10 per skill E teaches that M wants
 *   (each direction counts at most 3 skills: a pair works on a few things at a time);
 * - two-way benefit: +30 when both directions are non-empty, so a mutual pair clearly beats a one-way one;
 * - +8 when they work in different departments (a named department on both sides);
 * - working-hours overlap: 2 hours or more adds one point per shared hour (at most 8); between 1 minute and
 *   2 hours the whole score is divided by 4; NO overlap excludes the pair (they could never meet in working
 *   time, and the pair would only slip), which is what "Nobody in a workable time zone yet" reports.
 * A pair is only possible when it passes the program kind's rule:
 * - reverse: the mentor is at an earlier career level than the mentee; traditional: at a later level;
 *   in both the mentor must teach the mentee at least one thing the mentee wants (the other direction is
 *   the bonus). `either` can take whichever side the levels give; a mentor-side person whose capacity is 0
 *   has no room.
 * - peer: levels equal or adjacent, roles ignored, at least one direction non-empty; `mentorId` is null.
 * - group: one mentor leads a cohort of up to `capacity` mentees (1..7, default 3); no level rule; the
 *   mentor teaches every mentee something they want; an `either` leads or joins, whichever the search
 *   finds better for the round. A cohort scores the sum of its mentor–mentee pair
 *   scores plus 15 for every mentee who wants the cohort's focus: the skill the mentor teaches that most of
 *   the cohort wants (ties: catalogue order). That is the "shared goals" reward.
 * Hard constraints everywhere: a blocked pair (matched before, or declined) or a pair where either person
 * listed the other in `avoid` is never proposed, and nobody is in two relationships in one round.
 * Avoid lists are confidential: nothing here ever mentions them in a reason.
 *
 * ## In what sense the result is optimal
 * The objective is the total score of the round.
 * - reverse, traditional, peer: relationships are pairs and, for a given pair of people, the kind fixes who
 *   mentors whom, so a round is a matching in a general graph (people with role `either` can sit on either
 *   side, so the graph has odd cycles and is not bipartite). `optimalMatch` finds a maximum-weight
 *   matching EXACTLY, with Edmonds' blossom algorithm (primal–dual, integer duals). To scale, the graph
 *   first holds each person's `neighbours` best partners (every feasible pair when n ≤ `fullGraphUpTo`,
 *   default 200). The solver's optimal duals then price EVERY feasible pair of the program (reduced cost
 *   u_i + u_j + Σ z_B − w_ij ≥ 0 in Edmonds' matching-polytope LP); pairs that violate are added and the
 *   solve repeated until none does, at which point the duals certify that no matching over all feasible
 *   pairs scores more. So for these kinds the result is the exact optimum of the full problem, for every
 *   size: `optimal` is true and `upperBound === totalScore`. (Among rounds with the same best total, which
 *   one comes back is deterministic but unspecified.)
 * - group: choosing who leads (role `either`) is a star-forest problem and the shared-focus reward is
 *   supermodular, so the problem is NP-hard in general. Branch and bound: the relaxation lets an `either`
 *   person both lead and join and gives every mentee the focus bonus; it is a bipartite b-matching, solved
 *   exactly by min-cost flow (primal–dual with potentials) and priced against all feasible pairs as above,
 *   so its value is a true upper bound. Branches fix a person's side or a cohort's focus skill; a first dive
 *   settles all of them at once for a strong starting round, then the best bound is explored first. When
 *   the search completes within `searchBudget`, the result is exactly optimal (`optimal: true`; the tests
 *   check this against exhaustive search, and generated 60-person programs finish in a fraction of a
 *   second). Otherwise `optimal` is false and `upperBound` is a proven bound on the best possible total,
 *   so `upperBound - totalScore` is how much could at most be missing.
 * `greedyMatch` is the baseline for the benchmark: best-scoring feasible edges first, on the same candidate
 * graph the exact solver starts from.
 *
 * ## Why it is fast
 * Skills are bitmasks, so a pair's score is a few integer operations; people are indexed by skill and
 * career level, so each person only meets the partners the kind allows; pricing walks those lists in order
 * of dual and stops early. The blossom search runs as one long stage: after an augmentation only the two
 * trees it used are dissolved, the other trees keep their labels, and every edge a dual step makes tight
 * (integer scores tie a lot) is taken at once. A textbook implementation restarts all trees after each
 * augmentation and rescans every edge hundreds of times. Measured with `bench/matching.ts`.
 */
import { defaultSkills, type Skill, skillLabel } from './skills';
import { joinNames, plural } from './text';

export type Level = 'early' | 'mid' | 'senior' | 'executive';
export type Kind = 'reverse' | 'traditional' | 'peer' | 'group';
export type Role = 'mentor' | 'mentee' | 'either';

/** Career levels, earliest first: "earlier in career" compares positions in this list. */
export const levels: readonly Level[] = Object.freeze(['early', 'mid', 'senior', 'executive']);

/** One person waiting in the pool: their survey answers (CONTRACT section 4), plus their id and display name. */
export interface Candidate {
  id: string;
  name: string;
  role: Role;
  level: Level;
  department: string;
  /** skill slugs the person can share */
  teach: readonly string[];
  /** skill slugs the person wants to learn */
  learn: readonly string[];
  /**
   * Room as a mentor. Group programs: mentees at once, 1..7 (default 3). Other kinds pair people, so
   * any value but 0 means 1. 0 means no room. For `alternativesFor`, pass the room the mentor has LEFT.
   */
  capacity?: number | null;
  /** ids the person would rather not be matched with; confidential */
  avoid: readonly string[];
}

export interface MatchInput {
  kind: Kind;
  candidates: readonly Candidate[];
  /** Shared working minutes per day of two candidates (by id); must be symmetric. Given, not computed here. */
  overlapMinutes: (a: string, b: string) => number;
  /** Unordered pairs never to propose: matched before or declined. Unknown ids are ignored. */
  blocked: ReadonlyArray<readonly [string, string]>;
  /** For labels and skill order; defaults to the default catalogue. Unknown slugs still match by slug. */
  catalogue?: readonly Skill[];
}

export interface MatchOptions {
  /** Below this many candidates the solver starts from every feasible pair (default 200). */
  fullGraphUpTo?: number;
  /** Above it, each person's this many best partners seed the graph; pricing adds the rest (default 10). */
  neighbours?: number;
  /** Group branch and bound: work units (arc scans) before settling for the best round found. */
  searchBudget?: number;
}

/** One relationship to offer. `memberIds` is the mentor (if any) followed by `mentees`. */
export interface ProposedMatch {
  /** null for peers */
  mentorId: string | null;
  memberIds: string[];
  /** the people being mentored; for peers, both members */
  mentees: string[];
  score: number;
  /** plain-language reasons, for the offer message */
  reasons: string[];
  /** group cohorts: the skill most of the cohort wants from the mentor */
  focus?: string | null;
}

export type UnmatchedKind =
  | 'no-skills'
  | 'no-capacity'
  | 'no-learners'
  | 'no-teachers'
  | 'no-skill-match'
  | 'no-stage-match'
  | 'no-time-overlap'
  | 'unavailable'
  | 'no-room';

export interface Unmatched {
  id: string;
  kind: UnmatchedKind;
  /** what to tell the person: second person, names nobody, never hints at avoid lists */
  reason: string;
}

export interface MatchResult {
  kind: Kind;
  relationships: ProposedMatch[];
  unmatched: Unmatched[];
  totalScore: number;
  /** true when `totalScore` is proven to be the best possible round (see the module comment) */
  optimal: boolean;
  /** a proven bound on the best total; equals `totalScore` when optimal; null for the greedy baseline */
  upperBound: number | null;
  stats: { candidateEdges: number; pricingRounds: number; searchNodes: number };
}

/** The score's constants, exported so tests and messages can refer to them rather than repeat them. */
export const scoring = Object.freeze({
  perSkill: 10,
  skillCap: 3,
  twoWay: 30,
  otherDepartment: 8,
  maxTimePoints: 8,
  workableMinutes: 120,
  lowOverlapDivisor: 4,
  sharedFocus: 15,
  defaultGroupCapacity: 3,
  maxGroupCapacity: 7,
});

const PER_SKILL = scoring.perSkill;
const SKILL_CAP = scoring.skillCap;
const TWO_WAY = scoring.twoWay;
const OTHER_DEPT = scoring.otherDepartment;
const MAX_TIME = scoring.maxTimePoints;
const WORKABLE = scoring.workableMinutes;
const SHARE = scoring.sharedFocus;
/** The largest pair score; pricing skips pairs whose duals already cover it. */
const UB_MAX = 2 * SKILL_CAP * PER_SKILL + TWO_WAY + OTHER_DEPT + MAX_TIME;

const DEFAULT_FULL_GRAPH = 200;
const DEFAULT_NEIGHBOURS = 10;
const DEFAULT_SEARCH_BUDGET = 60_000_000;

// ---------------------------------------------------------------------------------------------------------
// The compiled model: typed arrays so that scoring a pair is a handful of integer operations.

interface Model {
  kind: Kind;
  n: number;
  people: readonly Candidate[];
  ids: string[];
  level: Uint8Array;
  /** may be on the mentor side (role and room) */
  lead: Uint8Array;
  /** may be on the mentee side */
  join: Uint8Array;
  room: Int32Array;
  dept: Int32Array;
  deptName: string[];
  words: number;
  teach: Uint32Array;
  learn: Uint32Array;
  slugs: string[];
  catalogue: readonly Skill[];
  excluded: Set<number>;
  flagged: Uint8Array;
  overlapFn: (a: string, b: string) => number;
}

function pop32(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

function roomOf(kind: Kind, capacity: number | null | undefined): number {
  if (capacity === null || capacity === undefined || Number.isNaN(capacity)) {
    return kind === 'group' ? scoring.defaultGroupCapacity : 1;
  }
  const c = Math.max(0, Math.floor(capacity));
  if (kind !== 'group') return c === 0 ? 0 : 1;
  return Math.min(scoring.maxGroupCapacity, c);
}

function compile(input: MatchInput): Model {
  const people = input.candidates;
  const n = people.length;
  const kind = input.kind;
  const catalogue = input.catalogue ?? defaultSkills;
  const bit = new Map<string, number>();
  const slugs: string[] = [];
  const addSlug = (s: string) => {
    if (!bit.has(s)) {
      bit.set(s, slugs.length);
      slugs.push(s);
    }
  };
  for (const s of catalogue) addSlug(s.slug);
  for (const c of people) {
    for (const s of c.teach) addSlug(s);
    for (const s of c.learn) addSlug(s);
  }
  const words = Math.max(1, Math.ceil(slugs.length / 32));
  const ids: string[] = [];
  const index = new Map<string, number>();
  const level = new Uint8Array(n);
  const lead = new Uint8Array(n);
  const join = new Uint8Array(n);
  const room = new Int32Array(n);
  const dept = new Int32Array(n);
  const deptIds = new Map<string, number>();
  const deptName: string[] = [];
  const teach = new Uint32Array(n * words);
  const learn = new Uint32Array(n * words);
  for (let i = 0; i < n; i++) {
    const c = people[i]!;
    if (index.has(c.id)) throw new Error(`duplicate candidate id ${c.id}`);
    index.set(c.id, i);
    ids.push(c.id);
    const l = levels.indexOf(c.level);
    if (l < 0) throw new Error(`unknown level ${String(c.level)} for ${c.id}`);
    level[i] = l;
    room[i] = roomOf(kind, c.capacity);
    lead[i] = (c.role === 'mentor' || c.role === 'either') && room[i]! > 0 ? 1 : 0;
    join[i] = c.role === 'mentee' || c.role === 'either' ? 1 : 0;
    const d = c.department.trim().toLowerCase();
    if (d === '') dept[i] = -1;
    else {
      let id = deptIds.get(d);
      if (id === undefined) {
        id = deptName.length;
        deptIds.set(d, id);
        deptName.push(c.department.trim());
      }
      dept[i] = id;
    }
    for (const s of c.teach) {
      const b = bit.get(s)!;
      teach[i * words + (b >>> 5)]! |= 1 << (b & 31);
    }
    for (const s of c.learn) {
      const b = bit.get(s)!;
      learn[i * words + (b >>> 5)]! |= 1 << (b & 31);
    }
  }
  const excluded = new Set<number>();
  const flagged = new Uint8Array(n);
  const exclude = (a: number | undefined, b: number | undefined) => {
    if (a === undefined || b === undefined || a === b) return;
    excluded.add(a < b ? a * n + b : b * n + a);
    flagged[a] = 1;
    flagged[b] = 1;
  };
  for (const [a, b] of input.blocked) exclude(index.get(a), index.get(b));
  for (let i = 0; i < n; i++) for (const a of people[i]!.avoid) exclude(i, index.get(a));
  return {
    kind,
    n,
    people,
    ids,
    level,
    lead,
    join,
    room,
    dept,
    deptName,
    words,
    teach,
    learn,
    slugs,
    catalogue,
    excluded,
    flagged,
    overlapFn: input.overlapMinutes,
  };
}

/** How many skills `a` teaches that `b` wants. */
function gives(m: Model, a: number, b: number): number {
  const W = m.words;
  if (W === 1) return pop32(m.teach[a]! & m.learn[b]!);
  let s = 0;
  for (let w = 0; w < W; w++) s += pop32(m.teach[a * W + w]! & m.learn[b * W + w]!);
  return s;
}

function isExcluded(m: Model, i: number, j: number): boolean {
  if (m.flagged[i] === 0 || m.flagged[j] === 0) return false;
  return m.excluded.has(i < j ? i * m.n + j : j * m.n + i);
}

function overlapOf(m: Model, i: number, j: number): number {
  const v = i < j ? m.overlapFn(m.ids[i]!, m.ids[j]!) : m.overlapFn(m.ids[j]!, m.ids[i]!);
  return Number.isFinite(v) ? Math.max(0, Math.floor(v)) : 0;
}

/** Skills and departments: everything but time. `f` = mentor (or first peer) → other, `b` = back. */
function coreScore(m: Model, i: number, j: number, f: number, b: number): number {
  let s = PER_SKILL * (Math.min(f, SKILL_CAP) + Math.min(b, SKILL_CAP));
  if (f > 0 && b > 0) s += TWO_WAY;
  const di = m.dept[i]!;
  const dj = m.dept[j]!;
  if (di >= 0 && dj >= 0 && di !== dj) s += OTHER_DEPT;
  return s;
}

/** The final pair score from its core and overlap; 0 = not possible. */
function withTime(core: number, overlap: number): number {
  if (overlap <= 0) return 0;
  if (overlap < WORKABLE) return Math.floor(core / scoring.lowOverlapDivisor);
  return core + Math.min(MAX_TIME, Math.floor(overlap / 60));
}

const NONE = 0;
const I_MENTORS = 1;
const J_MENTORS = 2;
const PEERS = 3;

/**
 * Pair kinds: who would mentor whom, by the kind's rule, ignoring time and exclusions.
 * Returns `(core << 2) | orientation`, or 0 when the kind's rule rules the pair out.
 */
function pairCode(m: Model, i: number, j: number): number {
  const fij = gives(m, i, j);
  const fji = gives(m, j, i);
  if (fij + fji === 0) return 0;
  const li = m.level[i]!;
  const lj = m.level[j]!;
  switch (m.kind) {
    case 'peer': {
      if (m.room[i] === 0 || m.room[j] === 0) return 0;
      if (li - lj > 1 || lj - li > 1) return 0;
      return (coreScore(m, i, j, fij, fji) << 2) | PEERS;
    }
    case 'reverse':
    case 'traditional': {
      if (li === lj) return 0;
      const iFirst = m.kind === 'reverse' ? li < lj : li > lj;
      if (iFirst) {
        if (m.lead[i] === 0 || m.join[j] === 0 || fij === 0) return 0;
        return (coreScore(m, i, j, fij, fji) << 2) | I_MENTORS;
      }
      if (m.lead[j] === 0 || m.join[i] === 0 || fji === 0) return 0;
      return (coreScore(m, j, i, fji, fij) << 2) | J_MENTORS;
    }
    default:
      return 0;
  }
}

/** Exact pair score for a pair kind given its code; 0 = not possible. */
function pairWeight(m: Model, i: number, j: number, code: number): number {
  if (code === 0 || isExcluded(m, i, j)) return 0;
  return withTime(code >> 2, overlapOf(m, i, j));
}

/** Group kind: `p` leading a cohort that `q` joins; core score or 0. */
function directedCore(m: Model, p: number, q: number): number {
  if (p === q || m.lead[p] === 0 || m.join[q] === 0) return 0;
  const f = gives(m, p, q);
  if (f === 0) return 0;
  return coreScore(m, p, q, f, gives(m, q, p));
}

function directedWeight(m: Model, p: number, q: number): number {
  const core = directedCore(m, p, q);
  if (core === 0 || isExcluded(m, p, q)) return 0;
  return withTime(core, overlapOf(m, p, q));
}

/**
 * `pairCode(m, i, j)` for every j in `idx[from..to)`, into `out[from..to)`: the quadratic scans (candidate
 * graph, pricing) spend their time here, so the one-word case is one tight loop per kind.
 */
function pairCodes(m: Model, i: number, idx: Int32Array, from: number, to: number, out: Int32Array): void {
  if (m.words !== 1 || m.kind === 'group') {
    for (let t = from; t < to; t++) out[t] = idx[t] === i ? 0 : pairCode(m, i, idx[t]!);
    return;
  }
  const T = m.teach;
  const L = m.learn;
  const lvl = m.level;
  const dept = m.dept;
  const ti = T[i]!;
  const li = L[i]!;
  const lvi = lvl[i]!;
  const di = dept[i]!;
  if (m.kind === 'peer') {
    const room = m.room;
    if (room[i] === 0) {
      out.fill(0, from, to);
      return;
    }
    for (let t = from; t < to; t++) {
      const j = idx[t]!;
      const d = lvl[j]! - lvi;
      if (j === i || d > 1 || d < -1 || room[j] === 0) {
        out[t] = 0;
        continue;
      }
      const f = pop32(ti & L[j]!);
      const b = pop32(T[j]! & li);
      if (f + b === 0) {
        out[t] = 0;
        continue;
      }
      const dj = dept[j]!;
      const core =
        PER_SKILL * (Math.min(f, SKILL_CAP) + Math.min(b, SKILL_CAP)) +
        (f > 0 && b > 0 ? TWO_WAY : 0) +
        (di >= 0 && dj >= 0 && di !== dj ? OTHER_DEPT : 0);
      out[t] = (core << 2) | PEERS;
    }
    return;
  }
  const lead = m.lead;
  const join = m.join;
  const reverse = m.kind === 'reverse';
  const leadI = lead[i]!;
  const joinI = join[i]!;
  for (let t = from; t < to; t++) {
    const j = idx[t]!;
    const lj = lvl[j]!;
    if (lj === lvi) {
      out[t] = 0;
      continue;
    }
    let f: number;
    let b: number;
    let orient: number;
    if (reverse === lvi < lj) {
      if (leadI === 0 || join[j] === 0) {
        out[t] = 0;
        continue;
      }
      f = pop32(ti & L[j]!);
      b = pop32(T[j]! & li);
      orient = I_MENTORS;
    } else {
      if (joinI === 0 || lead[j] === 0) {
        out[t] = 0;
        continue;
      }
      f = pop32(T[j]! & li);
      b = pop32(ti & L[j]!);
      orient = J_MENTORS;
    }
    if (f === 0) {
      out[t] = 0;
      continue;
    }
    const dj = dept[j]!;
    const core =
      PER_SKILL * (Math.min(f, SKILL_CAP) + Math.min(b, SKILL_CAP)) +
      (b > 0 ? TWO_WAY : 0) +
      (di >= 0 && dj >= 0 && di !== dj ? OTHER_DEPT : 0);
    out[t] = (core << 2) | orient;
  }
}

/** `directedCore` with every candidate in `idx[0..len)`: `p` leading them (`lead`), or them leading `p`. */
function directedCores(
  m: Model,
  p: number,
  lead: boolean,
  idx: Int32Array,
  len: number,
  out: Int32Array,
): void {
  for (let t = 0; t < len; t++) out[t] = lead ? directedCore(m, p, idx[t]!) : directedCore(m, idx[t]!, p);
}

// ---------------------------------------------------------------------------------------------------------
// Candidate graphs.

class EdgeList {
  u: number[] = [];
  v: number[] = [];
  w: number[] = [];
  private keys = new Set<number>();
  constructor(private readonly n: number) {}
  /** Unordered for pair kinds (callers pass u < v), ordered (mentor, mentee) for groups. */
  has(u: number, v: number): boolean {
    return this.keys.has(u * this.n + v);
  }
  add(u: number, v: number, w: number): void {
    const key = u * this.n + v;
    if (this.keys.has(key)) return;
    this.keys.add(key);
    this.u.push(u);
    this.v.push(v);
    this.w.push(w);
  }
  get size(): number {
    return this.u.length;
  }
}

/**
 * Who could possibly pair with whom, by skill: per skill and career level, the people who want to learn it
 * (and may be on the mentee side) and the people who teach it (and may be on the mentor side). Walking
 * these lists visits exactly the partners the kind allows, instead of everybody.
 */
class SkillIndex {
  private readonly learners: Int32Array[] = [];
  private readonly teachers: Int32Array[] = [];
  private readonly mark: Int32Array;
  private stamp = 0;

  constructor(private readonly m: Model) {
    const S = m.words * 32;
    const learners: number[][] = Array.from({ length: S * levels.length }, () => []);
    const teachers: number[][] = Array.from({ length: S * levels.length }, () => []);
    const peer = m.kind === 'peer';
    for (let j = 0; j < m.n; j++) {
      const lv = m.level[j]!;
      const canLearn = peer ? m.room[j]! > 0 : m.join[j] === 1;
      const canTeach = peer ? m.room[j]! > 0 : m.lead[j] === 1;
      for (const s of this.bits(j, m.learn)) if (canLearn) learners[s * levels.length + lv]!.push(j);
      for (const s of this.bits(j, m.teach)) if (canTeach) teachers[s * levels.length + lv]!.push(j);
    }
    this.learners = learners.map((l) => Int32Array.from(l));
    this.teachers = teachers.map((l) => Int32Array.from(l));
    this.mark = new Int32Array(m.n);
  }

  private bits(j: number, of: Uint32Array): number[] {
    const out: number[] = [];
    const W = this.m.words;
    for (let w = 0; w < W; w++) {
      let bits = of[j * W + w]!;
      while (bits !== 0) {
        const low = bits & -bits;
        out.push(w * 32 + (31 - Math.clz32(low)));
        bits ^= low;
      }
    }
    return out;
  }

  // Pricing walks the lists in order of a key (the duals) and stops at `cap`.
  private key: Int32Array | null = null;
  private cap = Number.POSITIVE_INFINITY;

  /** Orders every list by `key`, ascending, so that `partners(i, out, cap)` can stop early. */
  sortBy(key: Int32Array): void {
    const by = (a: number, b: number) => key[a]! - key[b]!;
    for (const l of this.learners) l.sort(by);
    for (const l of this.teachers) l.sort(by);
    this.key = key;
  }

  private take(
    lists: Int32Array[],
    skills: number[],
    lo: number,
    hi: number,
    out: Int32Array,
    n: number,
  ): number {
    let count = n;
    const { mark, stamp, key, cap } = this;
    for (const s of skills) {
      for (let lv = Math.max(0, lo); lv <= Math.min(levels.length - 1, hi); lv++) {
        const list = lists[s * levels.length + lv]!;
        for (let t = 0; t < list.length; t++) {
          const j = list[t]!;
          if (key !== null && key[j]! >= cap) break;
          if (mark[j] === stamp) continue;
          mark[j] = stamp;
          out[count++] = j;
        }
      }
    }
    return count;
  }

  /**
   * Pair kinds: everyone `i` could be paired with under the kind (before time and exclusions), into `out`;
   * after `sortBy(key)`, only those whose key is below `cap`.
   */
  partners(i: number, out: Int32Array, cap = Number.POSITIVE_INFINITY): number {
    this.cap = cap;
    const m = this.m;
    this.stamp++;
    this.mark[i] = this.stamp;
    const lv = m.level[i]!;
    const teach = this.bits(i, m.teach);
    const learn = this.bits(i, m.learn);
    const top = levels.length - 1;
    switch (m.kind) {
      case 'peer': {
        if (m.room[i] === 0) return 0;
        const n = this.take(this.learners, teach, lv - 1, lv + 1, out, 0);
        return this.take(this.teachers, learn, lv - 1, lv + 1, out, n);
      }
      case 'reverse': {
        const n = m.lead[i] === 1 ? this.take(this.learners, teach, lv + 1, top, out, 0) : 0;
        return m.join[i] === 1 ? this.take(this.teachers, learn, 0, lv - 1, out, n) : n;
      }
      case 'traditional': {
        const n = m.lead[i] === 1 ? this.take(this.learners, teach, 0, lv - 1, out, 0) : 0;
        return m.join[i] === 1 ? this.take(this.teachers, learn, lv + 1, top, out, n) : n;
      }
      default:
        return 0;
    }
  }

  /** Group kind: the mentees `p` could lead (`lead`), or the mentors who could lead `p`. */
  cohortPartners(p: number, lead: boolean, out: Int32Array): number {
    const m = this.m;
    this.stamp++;
    this.mark[p] = this.stamp;
    if (lead) return m.lead[p] === 1 ? this.take(this.learners, this.bits(p, m.teach), 0, 3, out, 0) : 0;
    return m.join[p] === 1 ? this.take(this.teachers, this.bits(p, m.learn), 0, 3, out, 0) : 0;
  }
}

/**
 * Keeps, per person, the `k` best exact scores among candidates ranked by an upper bound. Bounds are small
 * integers (≤ UB_MAX), so ranking is a counting sort, and exact scores (which call the overlap function)
 * are only computed until no remaining bound can beat the k-th best.
 */
class TopK {
  private readonly count = new Int32Array(UB_MAX + 2);
  private readonly order: Int32Array;
  readonly bestW: Int32Array;
  readonly bestJ: Int32Array;
  size = 0;
  constructor(
    n: number,
    private readonly k: number,
  ) {
    this.order = new Int32Array(n);
    this.bestW = new Int32Array(k);
    this.bestJ = new Int32Array(k);
  }
  /**
   * Candidates `idx[0..len)` with `cores[t]`, their score without time (0 = impossible), so that
   * `cores[t] + MAX_TIME` bounds the exact score; `exact(t)` (0 = impossible) is only asked for the most
   * promising. Returns the largest bound seen.
   */
  run(len: number, idx: Int32Array, cores: Int32Array, exact: (t: number) => number): number {
    const { count, order, bestW, bestJ, k } = this;
    count.fill(0);
    let most = 0;
    for (let t = 0; t < len; t++) {
      const c = cores[t]!;
      if (c === 0) continue;
      count[c + MAX_TIME]!++;
      if (c + MAX_TIME > most) most = c + MAX_TIME;
    }
    // Counting sort, best bound first.
    let at = 0;
    for (let b = UB_MAX + 1; b > 0; b--) {
      const c = count[b]!;
      count[b] = at;
      at += c;
    }
    const total = at;
    for (let t = 0; t < len; t++) {
      const c = cores[t]!;
      if (c > 0) order[count[c + MAX_TIME]!++] = t;
    }
    this.size = 0;
    for (let r = 0; r < total; r++) {
      const t = order[r]!;
      if (this.size === k && cores[t]! + MAX_TIME <= bestW[k - 1]!) break;
      const w = exact(t);
      if (w <= 0) continue;
      if (this.size === k && w <= bestW[k - 1]!) continue;
      let pos = this.size < k ? this.size++ : k - 1;
      while (pos > 0 && bestW[pos - 1]! < w) {
        bestW[pos] = bestW[pos - 1]!;
        bestJ[pos] = bestJ[pos - 1]!;
        pos--;
      }
      bestW[pos] = w;
      bestJ[pos] = idx[t]!;
    }
    return most;
  }
}

interface PairGraph {
  edges: EdgeList;
  index: SkillIndex;
  /** per person, the best score any partner could give them (0 = nobody): it bounds pricing */
  best: Int32Array;
}

function pairCandidateGraph(m: Model, full: boolean, k: number): PairGraph {
  const n = m.n;
  const edges = new EdgeList(n);
  const best = new Int32Array(n);
  const index = new SkillIndex(m);
  const cand = new Int32Array(n);
  const codes = new Int32Array(n);
  const cores = new Int32Array(n);
  const top = new TopK(n, full ? n : k);
  for (let i = 0; i < n; i++) {
    const len = index.partners(i, cand);
    pairCodes(m, i, cand, 0, len, codes);
    for (let t = 0; t < len; t++) cores[t] = codes[t]! >> 2;
    best[i] = top.run(len, cand, cores, (t) => pairWeight(m, i, cand[t]!, codes[t]!));
    for (let t = 0; t < top.size; t++) {
      const j = top.bestJ[t]!;
      if (i < j) edges.add(i, j, top.bestW[t]!);
      else edges.add(j, i, top.bestW[t]!);
    }
  }
  return { edges, best, index };
}

function groupCandidateGraph(m: Model, full: boolean, k: number): EdgeList {
  const n = m.n;
  const edges = new EdgeList(n);
  const index = new SkillIndex(m);
  const cand = new Int32Array(n);
  const cores = new Int32Array(n);
  // Each mentee's best mentors, and each mentor's best mentees (enough to fill a cohort several times).
  const topMentors = new TopK(n, full ? n : k);
  for (let q = 0; q < n; q++) {
    const len = index.cohortPartners(q, false, cand);
    directedCores(m, q, false, cand, len, cores);
    topMentors.run(len, cand, cores, (t) => {
      const p = cand[t]!;
      return isExcluded(m, p, q) ? 0 : withTime(cores[t]!, overlapOf(m, p, q));
    });
    for (let t = 0; t < topMentors.size; t++) edges.add(topMentors.bestJ[t]!, q, topMentors.bestW[t]!);
  }
  if (full) return edges;
  const topMentees = new TopK(n, k + 2 * scoring.maxGroupCapacity);
  for (let p = 0; p < n; p++) {
    const len = index.cohortPartners(p, true, cand);
    directedCores(m, p, true, cand, len, cores);
    topMentees.run(len, cand, cores, (t) => {
      const q = cand[t]!;
      return isExcluded(m, p, q) ? 0 : withTime(cores[t]!, overlapOf(m, p, q));
    });
    for (let t = 0; t < topMentees.size; t++) edges.add(p, topMentees.bestJ[t]!, topMentees.bestW[t]!);
  }
  return edges;
}

// ---------------------------------------------------------------------------------------------------------
// Maximum-weight matching in a general graph: Edmonds' blossom algorithm, after Joris van Rantwijk's
// reference implementation (mwmatching.py), on typed arrays. Dual variables are kept doubled so that with
// integer weights every quantity stays an integer.

export interface BlossomResult {
  /** vertex → matched vertex or -1 */
  mate: Int32Array;
  /** doubled vertex duals [0, nv) and blossom duals [nv, 2nv) */
  dual: Int32Array;
  /** blossom nesting at the end, for pricing */
  parent: Int32Array;
}

/**
 * Maximum-weight matching of vertices 0..nv-1 over edges (eu[k], ev[k]) with positive integer weights
 * ew[k], k < m, with the optimal duals that certify it (the slack of every edge, counting each blossom that
 * holds both ends, is ≥ 0; matched edges and free vertices have none). Exported for tests and benchmarks.
 */
export function maxWeightMatching(
  nv: number,
  m: number,
  eu: Int32Array,
  ev: Int32Array,
  ew: Int32Array,
): BlossomResult {
  const mate = new Int32Array(nv).fill(-1);
  if (m === 0 || nv === 0)
    return { mate, dual: new Int32Array(2 * nv), parent: new Int32Array(2 * nv).fill(-1) };
  return new Blossom(nv, m, eu, ev, ew).solve();
}

// A class rather than closures: V8 specialises optimised code on the exact functions it calls, and closures
// made afresh on every solve would throw that code away again and again ("wrong call target").
class Blossom {
  private readonly nb2: number;
  private readonly mate: Int32Array;
  private readonly dual: Int32Array;
  private readonly parent: Int32Array;
  private readonly endpoint: Int32Array;
  private readonly start: Int32Array;
  private readonly nb: Int32Array;
  private readonly label: Int8Array;
  private readonly labelend: Int32Array;
  private readonly inblossom: Int32Array;
  private readonly childs: (number[] | null)[];
  private readonly endps: (number[] | null)[];
  private readonly base: Int32Array;
  private readonly bestedge: Int32Array;
  private readonly bbest: (number[] | null)[];
  private readonly unused: number[] = [];
  // Allowed edges are stamped with the stage, so a new stage forgets them in O(1).
  private readonly allow: Int32Array;
  private stage = 0;
  private readonly queue: number[] = [];
  private readonly bestTo: Int32Array;
  private readonly tight: number[] = [];
  private readonly emptied: number[] = [];
  // The free vertex at the root of each labelled top-level blossom's tree, and the trees already used by an
  // augmentation in this stage (see `solve`).
  private readonly treeOf: Int32Array;
  private readonly spent: Int32Array;

  constructor(
    private readonly nv: number,
    m: number,
    private readonly eu: Int32Array,
    private readonly ev: Int32Array,
    private readonly ew: Int32Array,
  ) {
    const nb2 = 2 * nv;
    this.nb2 = nb2;
    this.mate = new Int32Array(nv).fill(-1);
    this.dual = new Int32Array(nb2);
    this.parent = new Int32Array(nb2).fill(-1);
    let maxw = 0;
    for (let k = 0; k < m; k++) if (ew[k]! > maxw) maxw = ew[k]!;
    this.endpoint = new Int32Array(2 * m);
    for (let k = 0; k < m; k++) {
      this.endpoint[2 * k] = eu[k]!;
      this.endpoint[2 * k + 1] = ev[k]!;
    }
    const start = new Int32Array(nv + 1);
    for (let k = 0; k < m; k++) {
      start[eu[k]! + 1]!++;
      start[ev[k]! + 1]!++;
    }
    for (let v = 0; v < nv; v++) start[v + 1]! += start[v]!;
    const fillAt = start.slice(0, nv);
    const nb = new Int32Array(2 * m);
    for (let k = 0; k < m; k++) {
      nb[fillAt[eu[k]!]!++] = 2 * k + 1;
      nb[fillAt[ev[k]!]!++] = 2 * k;
    }
    this.start = start;
    this.nb = nb;
    this.label = new Int8Array(nb2);
    this.labelend = new Int32Array(nb2).fill(-1);
    this.inblossom = new Int32Array(nv);
    for (let v = 0; v < nv; v++) this.inblossom[v] = v;
    this.childs = new Array(nb2).fill(null);
    this.endps = new Array(nb2).fill(null);
    this.base = new Int32Array(nb2).fill(-1);
    for (let v = 0; v < nv; v++) this.base[v] = v;
    this.bestedge = new Int32Array(nb2).fill(-1);
    this.bbest = new Array(nb2).fill(null);
    for (let b = nb2 - 1; b >= nv; b--) this.unused.push(b);
    for (let v = 0; v < nv; v++) this.dual[v] = maxw;
    this.allow = new Int32Array(m);
    this.bestTo = new Int32Array(nb2).fill(-1);
    this.treeOf = new Int32Array(nb2);
    this.spent = new Int32Array(nv);
  }

  private slack(k: number): number {
    return this.dual[this.eu[k]!]! + this.dual[this.ev[k]!]! - 2 * this.ew[k]!;
  }

  private leaves(b: number): number[] {
    if (b < this.nv) return [b];
    const out: number[] = [];
    const st: number[] = [b];
    while (st.length > 0) {
      const x = st.pop()!;
      if (x < this.nv) out.push(x);
      else {
        const c = this.childs[x]!;
        for (let i = c.length - 1; i >= 0; i--) st.push(c[i]!);
      }
    }
    return out;
  }

  private assignLabel(w0: number, t0: number, p0: number): void {
    const { inblossom, label, labelend, bestedge, treeOf, base, endpoint, mate } = this;
    let w = w0;
    let t = t0;
    let p = p0;
    for (;;) {
      const b = inblossom[w]!;
      treeOf[b] = p === -1 ? base[b]! : treeOf[inblossom[endpoint[p]!]!]!;
      label[w] = t;
      label[b] = t;
      labelend[w] = p;
      labelend[b] = p;
      bestedge[w] = -1;
      bestedge[b] = -1;
      if (t === 1) {
        if (b < this.nv) this.queue.push(b);
        else for (const x of this.leaves(b)) this.queue.push(x);
        return;
      }
      const mb = mate[base[b]!]!;
      w = endpoint[mb]!;
      t = 1;
      p = mb ^ 1;
    }
  }

  private scanBlossom(v0: number, w0: number): number {
    const { inblossom, label, labelend, base, endpoint } = this;
    let v = v0;
    let w = w0;
    const path: number[] = [];
    let found = -1;
    while (v !== -1 || w !== -1) {
      let b = inblossom[v]!;
      if (label[b]! & 4) {
        found = base[b]!;
        break;
      }
      path.push(b);
      label[b] = 5;
      if (labelend[b] === -1) v = -1;
      else {
        v = endpoint[labelend[b]!]!;
        b = inblossom[v]!;
        v = endpoint[labelend[b]!]!;
      }
      if (w !== -1) {
        const tmp = v;
        v = w;
        w = tmp;
      }
    }
    for (const b of path) label[b] = 1;
    return found;
  }

  private addBlossom(bse: number, k: number): void {
    const { inblossom, label, labelend, base, parent, endpoint, dual, treeOf, bbest, bestedge, bestTo } =
      this;
    const { start, nb, eu, ev } = this;
    let v = eu[k]!;
    let w = ev[k]!;
    const bb = inblossom[bse]!;
    let bv = inblossom[v]!;
    let bw = inblossom[w]!;
    const b = this.unused.pop()!;
    base[b] = bse;
    parent[b] = -1;
    parent[bb] = b;
    const path: number[] = [];
    const eps: number[] = [];
    while (bv !== bb) {
      parent[bv] = b;
      path.push(bv);
      eps.push(labelend[bv]!);
      v = endpoint[labelend[bv]!]!;
      bv = inblossom[v]!;
    }
    path.push(bb);
    path.reverse();
    eps.reverse();
    eps.push(2 * k);
    while (bw !== bb) {
      parent[bw] = b;
      path.push(bw);
      eps.push(labelend[bw]! ^ 1);
      w = endpoint[labelend[bw]!]!;
      bw = inblossom[w]!;
    }
    this.childs[b] = path;
    this.endps[b] = eps;
    label[b] = 1;
    labelend[b] = labelend[bb]!;
    treeOf[b] = treeOf[bb]!;
    dual[b] = 0;
    for (const x of this.leaves(b)) {
      if (label[inblossom[x]!] === 2) this.queue.push(x);
      inblossom[x] = b;
    }
    const touched: number[] = [];
    const consider = (kk: number): void => {
      let j = ev[kk]!;
      if (inblossom[j] === b) j = eu[kk]!;
      const bj = inblossom[j]!;
      if (bj !== b && label[bj] === 1) {
        const cur = bestTo[bj]!;
        if (cur === -1) {
          touched.push(bj);
          bestTo[bj] = kk;
        } else if (this.slack(kk) < this.slack(cur)) bestTo[bj] = kk;
      }
    };
    for (const sb of path) {
      const list = bbest[sb];
      if (list === null || list === undefined) {
        for (const x of this.leaves(sb)) {
          for (let q = start[x]!, e = start[x + 1]!; q < e; q++) consider(nb[q]! >> 1);
        }
      } else for (const kk of list) consider(kk);
      bbest[sb] = null;
      bestedge[sb] = -1;
    }
    const list: number[] = [];
    let best = -1;
    let bestSlack = 0;
    for (const bj of touched) {
      const kk = bestTo[bj]!;
      bestTo[bj] = -1;
      list.push(kk);
      const s = this.slack(kk);
      if (best === -1 || s < bestSlack) {
        best = kk;
        bestSlack = s;
      }
    }
    bbest[b] = list;
    bestedge[b] = best;
  }

  private expandBlossom(b: number, endstage: boolean): void {
    const { inblossom, label, labelend, base, parent, endpoint, dual, treeOf, allow, mate, bestedge } = this;
    const nv = this.nv;
    const ch = this.childs[b]!;
    for (const s of ch) {
      parent[s] = -1;
      treeOf[s] = treeOf[b]!;
      if (s < nv) inblossom[s] = s;
      else if (endstage && dual[s] === 0) this.expandBlossom(s, endstage);
      else for (const x of this.leaves(s)) inblossom[x] = s;
    }
    if (!endstage && label[b] === 2) {
      const ep = this.endps[b]!;
      const len = ch.length;
      const at = (i: number): number => (i < 0 ? i + len : i);
      const entrychild = inblossom[endpoint[labelend[b]! ^ 1]!]!;
      let j = ch.indexOf(entrychild);
      let jstep: number;
      let trick: number;
      if (j & 1) {
        j -= len;
        jstep = 1;
        trick = 0;
      } else {
        jstep = -1;
        trick = 1;
      }
      let p = labelend[b]!;
      while (j !== 0) {
        label[endpoint[p ^ 1]!] = 0;
        label[endpoint[ep[at(j - trick)]! ^ trick ^ 1]!] = 0;
        this.assignLabel(endpoint[p ^ 1]!, 2, p);
        allow[ep[at(j - trick)]! >> 1] = this.stage;
        j += jstep;
        p = ep[at(j - trick)]! ^ trick;
        allow[p >> 1] = this.stage;
        j += jstep;
      }
      const bv = ch[at(j)]!;
      label[endpoint[p ^ 1]!] = 2;
      label[bv] = 2;
      labelend[endpoint[p ^ 1]!] = p;
      labelend[bv] = p;
      bestedge[bv] = -1;
      j += jstep;
      while (ch[at(j)] !== entrychild) {
        const sb = ch[at(j)]!;
        if (label[sb] === 1) {
          j += jstep;
          continue;
        }
        let v = -1;
        for (const x of this.leaves(sb)) {
          if (label[x] !== 0) {
            v = x;
            break;
          }
        }
        if (v !== -1) {
          label[v] = 0;
          label[endpoint[mate[base[sb]!]!]!] = 0;
          this.assignLabel(v, 2, labelend[v]!);
        }
        j += jstep;
      }
    }
    label[b] = -1;
    labelend[b] = -1;
    this.childs[b] = null;
    this.endps[b] = null;
    base[b] = -1;
    this.bbest[b] = null;
    bestedge[b] = -1;
    this.unused.push(b);
  }

  private augmentBlossom(b: number, v: number): void {
    const { parent, endpoint, mate, base } = this;
    const nv = this.nv;
    let t = v;
    while (parent[t] !== b) t = parent[t]!;
    if (t >= nv) this.augmentBlossom(t, v);
    const ch = this.childs[b]!;
    const ep = this.endps[b]!;
    const len = ch.length;
    const at = (i: number): number => (i < 0 ? i + len : i);
    const i = ch.indexOf(t);
    let j = i;
    let jstep: number;
    let trick: number;
    if (i & 1) {
      j -= len;
      jstep = 1;
      trick = 0;
    } else {
      jstep = -1;
      trick = 1;
    }
    while (j !== 0) {
      j += jstep;
      let tt = ch[at(j)]!;
      const p = ep[at(j - trick)]! ^ trick;
      if (tt >= nv) this.augmentBlossom(tt, endpoint[p]!);
      j += jstep;
      tt = ch[at(j)]!;
      if (tt >= nv) this.augmentBlossom(tt, endpoint[p ^ 1]!);
      mate[endpoint[p]!] = p ^ 1;
      mate[endpoint[p ^ 1]!] = p;
    }
    const nch = ch.slice(i).concat(ch.slice(0, i));
    this.childs[b] = nch;
    this.endps[b] = ep.slice(i).concat(ep.slice(0, i));
    base[b] = base[nch[0]!]!;
  }

  private augmentMatching(k: number): void {
    const { inblossom, labelend, endpoint, mate } = this;
    const nv = this.nv;
    for (let side = 0; side < 2; side++) {
      let s = side === 0 ? this.eu[k]! : this.ev[k]!;
      let p = side === 0 ? 2 * k + 1 : 2 * k;
      for (;;) {
        const bs = inblossom[s]!;
        if (bs >= nv) this.augmentBlossom(bs, s);
        mate[s] = p;
        if (labelend[bs] === -1) break;
        const t = endpoint[labelend[bs]!]!;
        const bt = inblossom[t]!;
        s = endpoint[labelend[bt]!]!;
        const j = endpoint[labelend[bt]! ^ 1]!;
        if (bt >= nv) this.augmentBlossom(bt, j);
        mate[j] = labelend[bt]!;
        p = labelend[bt]! ^ 1;
      }
    }
  }

  /**
   * The primal–dual search, run as one long stage. Every free vertex roots an alternating tree; tight
   * edges grow trees, form blossoms or augment. An augmentation uses up the two trees it joined, but the
   * others are untouched, so the search keeps harvesting augmenting paths from them; only once the queue
   * is empty are the used-up trees dissolved (their vertices become unlabelled and can be reached again)
   * and the duals moved. Restarting every tree after each augmentation, as the textbook stage does, would
   * rescan every edge hundreds of times on a large program.
   */
  private search(): void {
    const { nv, nb2, label, labelend, inblossom, bestedge, dual, allow, queue, start, nb, endpoint, ew } =
      this;
    const { treeOf, spent, parent, base, eu, ev } = this;
    const stage = this.stage;
    label.fill(0);
    bestedge.fill(-1);
    for (let b = nv; b < nb2; b++) this.bbest[b] = null;
    queue.length = 0;
    for (let v = 0; v < nv; v++) {
      if (this.mate[v] === -1 && label[inblossom[v]!] === 0) this.assignLabel(v, 1, -1);
    }
    let epoch = 1;
    let augmented = false;
    for (;;) {
      while (queue.length > 0) {
        const v = queue.pop()!;
        const bv = inblossom[v]!;
        if (label[bv] !== 1 || spent[treeOf[bv]!] === epoch) continue;
        for (let q = start[v]!, qe = start[v + 1]!; q < qe; q++) {
          const p = nb[q]!;
          const k = p >> 1;
          const w = endpoint[p]!;
          const bw = inblossom[w]!;
          if (inblossom[v] === bw) continue;
          if (label[bw] !== 0 && spent[treeOf[bw]!] === epoch) continue;
          let kslack = 0;
          if (allow[k] !== stage) {
            kslack = dual[v]! + dual[w]! - 2 * ew[k]!;
            if (kslack <= 0) allow[k] = stage;
          }
          const lw = label[bw]!;
          if (allow[k] === stage) {
            if (lw === 0) this.assignLabel(w, 2, p ^ 1);
            else if (lw === 1) {
              const bse = this.scanBlossom(v, w);
              if (bse >= 0) this.addBlossom(bse, k);
              else {
                spent[treeOf[inblossom[v]!]!] = epoch;
                spent[treeOf[inblossom[w]!]!] = epoch;
                this.augmentMatching(k);
                augmented = true;
                break;
              }
            } else if (label[w] === 0) {
              label[w] = 2;
              labelend[w] = p ^ 1;
            }
          } else if (lw === 1) {
            const b = inblossom[v]!;
            if (bestedge[b] === -1 || kslack < this.slack(bestedge[b]!)) bestedge[b] = k;
          } else if (label[w] === 0) {
            if (bestedge[w] === -1 || kslack < this.slack(bestedge[w]!)) bestedge[w] = k;
          }
        }
      }
      if (augmented) {
        this.dissolve(epoch);
        epoch++;
        augmented = false;
        if (queue.length > 0) continue;
      }
      // No augmenting path on tight edges: move the duals by the largest safe step. Least-slack edges
      // recorded before a dissolve may point at vertices that are no longer in a tree: those are
      // recomputed here, when first needed.
      let deltatype = 1;
      let delta = dual[0]!;
      for (let v = 1; v < nv; v++) if (dual[v]! < delta) delta = dual[v]!;
      // Integer scores tie a lot: every edge that the step makes tight is kept, so that one scan handles
      // them all rather than one zero-size step each.
      const tight = this.tight;
      tight.length = 0;
      for (let v = 0; v < nv; v++) {
        if (label[inblossom[v]!] !== 0 || bestedge[v] === -1) continue;
        let k = bestedge[v]!;
        if (label[inblossom[eu[k] === v ? ev[k]! : eu[k]!]!] !== 1) {
          k = this.leastSlackToS(v, inblossom[v]!);
          bestedge[v] = k;
          if (k === -1) continue;
        }
        const d = this.slack(k);
        if (d < delta) {
          delta = d;
          deltatype = 2;
          tight.length = 0;
        }
        if (d === delta && deltatype === 2) tight.push(k);
      }
      for (let b = 0; b < nb2; b++) {
        if (parent[b] !== -1 || label[b] !== 1 || bestedge[b] === -1) continue;
        if (b < nv ? false : base[b]! < 0) continue;
        let k = bestedge[b]!;
        const bi = inblossom[eu[k]!]!;
        const bj = inblossom[ev[k]!]!;
        if (!((bi === b && label[bj] === 1 && bj !== b) || (bj === b && label[bi] === 1 && bi !== b))) {
          k = -1;
          for (const x of this.leaves(b)) {
            const kx = this.leastSlackToS(x, b);
            if (kx !== -1 && (k === -1 || this.slack(kx) < this.slack(k))) k = kx;
          }
          bestedge[b] = k;
          if (k === -1) continue;
        }
        // S–S slacks are even with integer weights, so this stays an integer.
        const d = this.slack(k) / 2;
        if (d < delta) {
          delta = d;
          deltatype = 3;
          tight.length = 0;
        }
        if (d === delta && deltatype !== 1) tight.push(k);
      }
      const emptied = this.emptied;
      emptied.length = 0;
      for (let b = nv; b < nb2; b++) {
        if (base[b]! < 0 || parent[b] !== -1 || label[b] !== 2 || dual[b]! > delta) continue;
        if (dual[b]! < delta) {
          delta = dual[b]!;
          deltatype = 4;
          tight.length = 0;
          emptied.length = 0;
        }
        emptied.push(b);
      }
      for (let v = 0; v < nv; v++) {
        const l = label[inblossom[v]!];
        if (l === 1) dual[v]! -= delta;
        else if (l === 2) dual[v]! += delta;
      }
      for (let b = nv; b < nb2; b++) {
        if (base[b]! >= 0 && parent[b] === -1) {
          if (label[b] === 1) dual[b]! += delta;
          else if (label[b] === 2) dual[b]! -= delta;
        }
      }
      if (deltatype === 1) return;
      // Every T-blossom whose dual the step emptied is expanded: they are disjoint, so one does not
      // disturb another.
      for (const b of emptied)
        if (parent[b] === -1 && label[b] === 2 && dual[b] === 0) this.expandBlossom(b, false);
      for (const k of tight) {
        allow[k] = stage;
        const i = eu[k]!;
        queue.push(label[inblossom[i]!] === 1 ? i : ev[k]!);
      }
    }
  }

  /** The least-slack edge from `x` to an S-vertex outside top-level blossom `own`, or -1. */
  private leastSlackToS(x: number, own: number): number {
    const { start, nb, endpoint, inblossom, label } = this;
    let best = -1;
    let bestSlack = 0;
    for (let q = start[x]!, qe = start[x + 1]!; q < qe; q++) {
      const p = nb[q]!;
      const bw = inblossom[endpoint[p]!]!;
      if (bw === own || label[bw] !== 1) continue;
      const s = this.slack(p >> 1);
      if (best === -1 || s < bestSlack) {
        best = p >> 1;
        bestSlack = s;
      }
    }
    return best;
  }

  /**
   * Unlabels the trees used up by augmentations in this epoch. Their vertices are all matched now; they
   * keep their duals and blossoms and can join another tree later. Any of them already tight to an
   * S-vertex sends that vertex back to the queue; the rest record their least-slack edge to an S-vertex.
   */
  private dissolve(epoch: number): void {
    const {
      nv,
      label,
      labelend,
      inblossom,
      bestedge,
      allow,
      queue,
      start,
      nb,
      endpoint,
      treeOf,
      spent,
      parent,
    } = this;
    const gone: number[] = [];
    for (let v = 0; v < nv; v++) {
      const b = inblossom[v]!;
      if (label[b] !== 0 && spent[treeOf[b]!] === epoch) gone.push(v);
    }
    // What the textbook does at the end of a stage, for these trees: blossoms whose dual is zero are no
    // longer needed, and left alone they would each cost a dual step when next labelled T.
    for (const v of gone) {
      const b = inblossom[v]!;
      if (b >= nv && this.dual[b] === 0 && parent[b] === -1) this.expandBlossom(b, true);
    }
    for (const v of gone) {
      // The vertex and every blossom around it, nested ones included: an expansion reads their labels.
      for (let b = v; b !== -1; b = parent[b]!) {
        label[b] = 0;
        labelend[b] = -1;
        bestedge[b] = -1;
        if (b >= nv) this.bbest[b] = null;
      }
      // Tightness seen while these vertices were labelled is no evidence now.
      for (let q = start[v]!, qe = start[v + 1]!; q < qe; q++) allow[nb[q]! >> 1] = 0;
    }
    for (const v of gone) {
      for (let q = start[v]!, qe = start[v + 1]!; q < qe; q++) {
        // A vertex inside a live T-blossom marked as reached from `v` has lost that evidence: look for
        // another S-neighbour it is tight to.
        const w = endpoint[nb[q]!]!;
        if (label[w] !== 2 || inblossom[w] === w || labelend[w] === -1 || endpoint[labelend[w]!] !== v)
          continue;
        label[w] = 0;
        labelend[w] = -1;
        for (let r = start[w]!, re = start[w + 1]!; r < re; r++) {
          const p = nb[r]!;
          const y = endpoint[p]!;
          const by = inblossom[y]!;
          if (by === inblossom[w] || label[by] !== 1 || this.slack(p >> 1) > 0) continue;
          allow[p >> 1] = this.stage;
          label[w] = 2;
          labelend[w] = p;
          break;
        }
      }
    }
    for (const v of gone) {
      const k = this.leastSlackToS(v, inblossom[v]!);
      bestedge[v] = k;
      if (k !== -1 && this.slack(k) <= 0) {
        allow[k] = this.stage;
        queue.push(this.eu[k] === v ? this.ev[k]! : this.eu[k]!);
      }
    }
  }

  solve(): BlossomResult {
    const { nv, dual, mate, endpoint, parent } = this;
    this.stage = 1;
    this.search();
    const out = new Int32Array(nv).fill(-1);
    for (let v = 0; v < nv; v++) if (mate[v]! >= 0) out[v] = endpoint[mate[v]!]!;
    return { mate: out, dual, parent };
  }
}

/** Doubled slack of a pair under the final blossom duals, counting every blossom holding both ends. */
function blossomSlack(
  r: BlossomResult,
  i: number,
  j: number,
  w: number,
  mark: Int32Array,
  stamp: number,
): number {
  let s = r.dual[i]! + r.dual[j]! - 2 * w;
  if (r.parent[i] === -1 || r.parent[j] === -1) return s;
  for (let b = r.parent[i]!; b !== -1; b = r.parent[b]!) mark[b] = stamp;
  for (let b = r.parent[j]!; b !== -1; b = r.parent[b]!) if (mark[b] === stamp) s += 2 * r.dual[b]!;
  return s;
}

interface PairSolution {
  mate: Int32Array;
  edges: number;
  rounds: number;
}

/**
 * Pairs whose slack is below this (in doubled points) join the graph too, not only violating ones: duals
 * move when the graph grows, and a nearly-violating pair tends to violate next time, costing a solve.
 */
const PRICING_MARGIN = 2;

function solvePairs(m: Model, graph: PairGraph): PairSolution {
  const { edges, best, index } = graph;
  const n = m.n;
  let rounds = 0;
  const mark = new Int32Array(2 * n);
  const cand = new Int32Array(n);
  const codes = new Int32Array(n);
  for (;;) {
    rounds++;
    const r = maxWeightMatching(
      n,
      edges.size,
      Int32Array.from(edges.u),
      Int32Array.from(edges.v),
      Int32Array.from(edges.w),
    );
    // Pricing: a feasible pair with negative slack would improve the matching; add it and solve again.
    // Each person walks their possible partners in order of dual and stops where the two duals alone
    // cover the best score anyone could give them; each pair is priced from its lower-dual end.
    const dual = r.dual;
    index.sortBy(dual);
    let violations = 0;
    let stamp = 0;
    const pending: number[] = [];
    for (let i = 0; i < n; i++) {
      const di = dual[i]!;
      const cap = 2 * best[i]! + PRICING_MARGIN - di;
      if (cap <= di) continue;
      const found = index.partners(i, cand, cap);
      let len = 0;
      for (let t = 0; t < found; t++) {
        const j = cand[t]!;
        if (dual[j]! > di || (dual[j] === di && j > i)) cand[len++] = j;
      }
      pairCodes(m, i, cand, 0, len, codes);
      for (let t = 0; t < len; t++) {
        const code = codes[t]!;
        if (code === 0) continue;
        const j = cand[t]!;
        const dsum = di + dual[j]!;
        if (dsum >= 2 * ((code >> 2) + MAX_TIME) + PRICING_MARGIN) continue;
        const lo = Math.min(i, j);
        const hi = Math.max(i, j);
        if (edges.has(lo, hi)) continue;
        const w = pairWeight(m, i, j, code);
        if (w === 0) continue;
        const slack = blossomSlack(r, i, j, w, mark, ++stamp);
        if (slack < PRICING_MARGIN) {
          pending.push(lo, hi, w);
          if (slack < 0) violations++;
        }
      }
    }
    if (violations === 0) return { mate: r.mate, edges: edges.size, rounds };
    for (let t = 0; t < pending.length; t += 3) edges.add(pending[t]!, pending[t + 1]!, pending[t + 2]!);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Maximum-weight bipartite b-matching (mentors with capacities, mentees with room for one), as min-cost
// flow: successive shortest paths with potentials, augmenting along every admissible path per Dijkstra.
// Mentor→mentee arcs are uncapacitated (the mentee's own arc to the sink caps them), and a zero-cost
// bypass from source to sink stands for "leave this slot empty"; together they make the final potentials
// an optimal LP dual: alpha(mentor) + beta(mentee) ≥ w for every pair, with equality on matched pairs.

interface FlowResult {
  /** mentee → edge index or -1 */
  mateEdge: Int32Array;
  alpha: Float64Array;
  beta: Float64Array;
  value: number;
  work: number;
}

function bMatching(
  nm: number,
  ne: number,
  cap: Int32Array,
  em: Int32Array,
  ee: Int32Array,
  ew: Int32Array,
  m: number,
): FlowResult {
  return new Flow(nm, ne, cap, em, ee, ew, m).solve();
}

// A class for the same reason as `Blossom`: stable functions keep V8's optimised code across the many
// solves of a group search.
class Flow {
  private readonly S: number;
  private readonly T: number;
  private readonly pi: Float64Array;
  private readonly mateEdge: Int32Array;
  private readonly used: Int32Array;
  private readonly start: Int32Array;
  private readonly adj: Int32Array;
  private readonly dist: Float64Array;
  private readonly done: Uint8Array;
  private heapNode = new Int32Array(1024);
  private heapKey = new Float64Array(1024);
  private heapSize = 0;
  private readonly ptr: Int32Array;
  private readonly dead: Int32Array;
  private readonly onPath: Int32Array;
  private phase = 0;
  private attempt = 0;
  private readonly stackM: number[] = [];
  private readonly stackK: number[] = [];
  private work = 0;

  constructor(
    private readonly nm: number,
    private readonly ne: number,
    private readonly cap: Int32Array,
    private readonly em: Int32Array,
    private readonly ee: Int32Array,
    private readonly ew: Int32Array,
    m: number,
  ) {
    this.S = nm + ne;
    this.T = this.S + 1;
    const N = this.T + 1;
    this.pi = new Float64Array(N);
    this.mateEdge = new Int32Array(ne).fill(-1);
    this.used = new Int32Array(nm);
    const start = new Int32Array(nm + 1);
    for (let k = 0; k < m; k++) start[em[k]! + 1]!++;
    for (let i = 0; i < nm; i++) start[i + 1]! += start[i]!;
    const adj = new Int32Array(m);
    const fillAt = start.slice(0, nm);
    for (let k = 0; k < m; k++) adj[fillAt[em[k]!]!++] = k;
    this.start = start;
    this.adj = adj;
    // Initial potentials make every residual arc's reduced cost non-negative.
    const best = new Float64Array(ne);
    for (let k = 0; k < m; k++) if (ew[k]! > best[ee[k]!]!) best[ee[k]!] = ew[k]!;
    let minE = 0;
    for (let e = 0; e < ne; e++) {
      this.pi[nm + e] = -best[e]!;
      if (this.pi[nm + e]! < minE) minE = this.pi[nm + e]!;
    }
    this.pi[this.T] = minE;
    this.dist = new Float64Array(N);
    this.done = new Uint8Array(N);
    this.ptr = new Int32Array(nm);
    this.dead = new Int32Array(nm);
    this.onPath = new Int32Array(nm);
  }

  private push(node: number, key: number): void {
    if (this.heapSize === this.heapNode.length) {
      const nn = new Int32Array(this.heapSize * 2);
      nn.set(this.heapNode);
      this.heapNode = nn;
      const nk = new Float64Array(this.heapSize * 2);
      nk.set(this.heapKey);
      this.heapKey = nk;
    }
    const { heapNode, heapKey } = this;
    let i = this.heapSize++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (heapKey[p]! <= key) break;
      heapNode[i] = heapNode[p]!;
      heapKey[i] = heapKey[p]!;
      i = p;
    }
    heapNode[i] = node;
    heapKey[i] = key;
  }

  private popMin(): number {
    const { heapNode, heapKey } = this;
    const top = heapNode[0]!;
    const size = --this.heapSize;
    const lastN = heapNode[size]!;
    const lastK = heapKey[size]!;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= size) break;
      if (c + 1 < size && heapKey[c + 1]! < heapKey[c]!) c++;
      if (heapKey[c]! >= lastK) break;
      heapNode[i] = heapNode[c]!;
      heapKey[i] = heapKey[c]!;
      i = c;
    }
    heapNode[i] = lastN;
    heapKey[i] = lastK;
    return top;
  }

  private relax(v: number, d: number): void {
    if (d < this.dist[v]!) {
      this.dist[v] = d;
      this.push(v, d);
    }
  }

  /** One augmenting path of zero reduced cost from mentor `root`, by depth-first search. */
  private tryAugment(root: number): boolean {
    const { stackM, stackK, onPath, ptr, start, adj, ee, ew, em, pi, mateEdge, dead, nm, T } = this;
    const attempt = ++this.attempt;
    const phase = this.phase;
    stackM.length = 0;
    stackK.length = 0;
    stackM.push(root);
    onPath[root] = attempt;
    while (stackM.length > 0) {
      const mm = stackM[stackM.length - 1]!;
      let descended = false;
      const end = start[mm + 1]!;
      while (ptr[mm]! < end) {
        this.work++;
        const k = adj[ptr[mm]!]!;
        const e = ee[k]!;
        if (-ew[k]! + pi[mm]! - pi[nm + e]! !== 0) {
          ptr[mm]!++;
          continue;
        }
        const mk = mateEdge[e]!;
        if (mk < 0) {
          if (pi[nm + e] !== pi[T]) {
            ptr[mm]!++;
            continue;
          }
          for (const kk of stackK) mateEdge[ee[kk]!] = kk;
          mateEdge[e] = k;
          this.used[root]!++;
          return true;
        }
        const m2 = em[mk]!;
        if (ew[mk]! + pi[nm + e]! - pi[m2]! !== 0 || onPath[m2] === attempt || dead[m2] === phase) {
          ptr[mm]!++;
          continue;
        }
        stackK.push(k);
        stackM.push(m2);
        onPath[m2] = attempt;
        descended = true;
        break;
      }
      if (!descended) {
        dead[mm] = phase;
        stackM.pop();
        if (stackK.length > 0) {
          stackK.pop();
          ptr[stackM[stackM.length - 1]!]!++;
        }
      }
    }
    return false;
  }

  solve(): FlowResult {
    const { nm, ne, S, T, pi, dist, done, start, adj, ee, ew, em, mateEdge, used, cap, ptr } = this;
    const N = T + 1;
    for (;;) {
      this.phase++;
      dist.fill(Number.POSITIVE_INFINITY);
      done.fill(0);
      this.heapSize = 0;
      dist[S] = 0;
      this.push(S, 0);
      while (this.heapSize > 0) {
        const d0 = this.heapKey[0]!;
        const u = this.popMin();
        if (done[u] === 1 || d0 > dist[u]!) continue;
        done[u] = 1;
        if (u === T) break;
        if (u === S) {
          for (let i = 0; i < nm; i++) if (used[i]! < cap[i]!) this.relax(i, pi[S]! - pi[i]!);
          this.relax(T, pi[S]! - pi[T]!);
        } else if (u < nm) {
          for (let q = start[u]!, qe = start[u + 1]!; q < qe; q++) {
            const k = adj[q]!;
            const v = nm + ee[k]!;
            this.relax(v, d0 - ew[k]! + pi[u]! - pi[v]!);
          }
          this.work += start[u + 1]! - start[u]!;
        } else {
          const k = mateEdge[u - nm]!;
          if (k >= 0) this.relax(em[k]!, d0 + ew[k]! + pi[u]! - pi[em[k]!]!);
          else this.relax(T, d0 + pi[u]! - pi[T]!);
        }
      }
      const D = dist[T]!;
      for (let v = 0; v < N; v++) pi[v]! += done[v] === 1 ? dist[v]! : D;
      // pi[T] − pi[S] is now the real cost of the cheapest path; the bypass makes it at most 0.
      if (pi[T]! - pi[S]! >= 0) break;
      for (let i = 0; i < nm; i++) ptr[i] = start[i]!;
      for (let i = 0; i < nm; i++) {
        if (pi[i] !== pi[S]) continue;
        while (used[i]! < cap[i]! && this.tryAugment(i)) {}
      }
    }
    const alpha = new Float64Array(nm);
    const beta = new Float64Array(ne);
    for (let i = 0; i < nm; i++) alpha[i] = Math.max(0, pi[i]! - pi[S]!);
    for (let e = 0; e < ne; e++) beta[e] = Math.max(0, pi[S]! - pi[nm + e]!);
    let value = 0;
    for (let e = 0; e < ne; e++) if (mateEdge[e]! >= 0) value += ew[mateEdge[e]!]!;
    return { mateEdge, alpha, beta, value, work: this.work };
  }
}

// ---------------------------------------------------------------------------------------------------------
// Group programs: branch and bound over the b-matching relaxation.

// A person's side in a search node: 0 = either side still open.
const LEAD_ONLY = 1;
const JOIN_ONLY = 2;

interface GroupNode {
  side: Int8Array;
  /** per person leading: -1 = focus not fixed (relaxed: every mentee earns the bonus), else a skill bit */
  focus: Int16Array;
  bound: number;
}

/** A max-heap of search nodes by bound, newest first among equals. */
class NodeQueue {
  private readonly items: Array<{ node: GroupNode; seq: number }> = [];
  private seq = 0;
  get length(): number {
    return this.items.length;
  }
  private before(a: { node: GroupNode; seq: number }, b: { node: GroupNode; seq: number }): boolean {
    return a.node.bound > b.node.bound || (a.node.bound === b.node.bound && a.seq > b.seq);
  }
  push(node: GroupNode): void {
    const items = this.items;
    const item = { node, seq: this.seq++ };
    let i = items.length;
    items.push(item);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.before(item, items[p]!)) break;
      items[i] = items[p]!;
      i = p;
    }
    items[i] = item;
  }
  pop(): GroupNode {
    const items = this.items;
    const top = items[0]!;
    const last = items.pop()!;
    if (items.length > 0) {
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= items.length) break;
        if (c + 1 < items.length && this.before(items[c + 1]!, items[c]!)) c++;
        if (!this.before(items[c]!, last)) break;
        items[i] = items[c]!;
        i = c;
      }
      items[i] = last;
    }
    return top.node;
  }
  topBound(): number {
    return this.items.length > 0 ? this.items[0]!.node.bound : Number.NEGATIVE_INFINITY;
  }
}

interface GroupSolution {
  leaderOf: Int32Array;
  total: number;
  upper: number;
  optimal: boolean;
  edges: number;
  rounds: number;
  nodes: number;
}

function hasBit(m: Model, person: number, bit: number, of: Uint32Array): boolean {
  return ((of[person * m.words + (bit >>> 5)]! >>> (bit & 31)) & 1) === 1;
}

/** The skill `p` teaches that most of `cohort` wants (ties: catalogue order), and how many want it. */
function cohortFocus(m: Model, p: number, cohort: readonly number[]): { bit: number; count: number } {
  let bit = -1;
  let count = 0;
  const W = m.words;
  for (let w = 0; w < W; w++) {
    let bits = m.teach[p * W + w]!;
    while (bits !== 0) {
      const low = bits & -bits;
      const b = w * 32 + (31 - Math.clz32(low));
      bits ^= low;
      let c = 0;
      for (const q of cohort) if (hasBit(m, q, b, m.learn)) c++;
      if (c > count) {
        count = c;
        bit = b;
      }
    }
  }
  return { bit, count };
}

function cohortsOf(leaderOf: Int32Array): Map<number, number[]> {
  const cohorts = new Map<number, number[]>();
  for (let q = 0; q < leaderOf.length; q++) {
    const p = leaderOf[q]!;
    if (p < 0) continue;
    let list = cohorts.get(p);
    if (!list) {
      list = [];
      cohorts.set(p, list);
    }
    list.push(q);
  }
  return cohorts;
}

/** True score of a round of cohorts (0 for a cohort that is not feasible is never expected here). */
function groupTotal(m: Model, leaderOf: Int32Array): number {
  let total = 0;
  for (const [p, cohort] of cohortsOf(leaderOf)) {
    for (const q of cohort) total += directedWeight(m, p, q);
    total += SHARE * cohortFocus(m, p, cohort).count;
  }
  return total;
}

function solveGroup(m: Model, edges: EdgeList, full: boolean, budget: number): GroupSolution {
  const n = m.n;
  let work = 0;
  let rounds = 0;
  let nodes = 0;
  const learnsBit = (q: number, bit: number) => hasBit(m, q, bit, m.learn);

  interface Relaxed {
    value: number;
    leaderOf: Int32Array;
  }

  const relax = (node: GroupNode): Relaxed => {
    const { side, focus } = node;
    const mentorIx = new Int32Array(n).fill(-1);
    const menteeIx = new Int32Array(n).fill(-1);
    const mentors: number[] = [];
    const mentees: number[] = [];
    for (let p = 0; p < n; p++) {
      if (m.lead[p] === 1 && side[p] !== JOIN_ONLY) {
        mentorIx[p] = mentors.length;
        mentors.push(p);
      }
      if (m.join[p] === 1 && side[p] !== LEAD_ONLY) {
        menteeIx[p] = mentees.length;
        mentees.push(p);
      }
    }
    const cap = Int32Array.from(mentors, (p) => m.room[p]!);
    const bonus = (p: number, q: number) => (focus[p]! < 0 || learnsBit(q, focus[p]!) ? SHARE : 0);
    for (;;) {
      rounds++;
      const em: number[] = [];
      const ee: number[] = [];
      const ew: number[] = [];
      const orig: number[] = [];
      for (let k = 0; k < edges.size; k++) {
        const p = edges.u[k]!;
        const q = edges.v[k]!;
        if (mentorIx[p]! < 0 || menteeIx[q]! < 0) continue;
        em.push(mentorIx[p]!);
        ee.push(menteeIx[q]!);
        ew.push(edges.w[k]! + bonus(p, q));
        orig.push(k);
      }
      const r = bMatching(
        mentors.length,
        mentees.length,
        cap,
        Int32Array.from(em),
        Int32Array.from(ee),
        Int32Array.from(ew),
        em.length,
      );
      work += r.work + em.length;
      let added = 0;
      if (!full) {
        // Pricing against every feasible pair keeps the bound valid although the graph is sparse.
        for (const p of mentors) {
          const a = r.alpha[mentorIx[p]!]!;
          for (const q of mentees) {
            const b = r.beta[menteeIx[q]!]!;
            if (a + b >= UB_MAX + SHARE) continue;
            const core = directedCore(m, p, q);
            if (core === 0 || a + b >= core + MAX_TIME + SHARE || edges.has(p, q)) continue;
            if (isExcluded(m, p, q)) continue;
            const w = withTime(core, overlapOf(m, p, q));
            if (w > 0 && a + b < w + bonus(p, q)) {
              edges.add(p, q, w);
              added++;
            }
          }
          work += mentees.length;
        }
      }
      if (added === 0) {
        const leaderOf = new Int32Array(n).fill(-1);
        for (let e = 0; e < mentees.length; e++) {
          const k = r.mateEdge[e]!;
          if (k >= 0) leaderOf[mentees[e]!] = edges.u[orig[k]!]!;
        }
        return { value: r.value, leaderOf };
      }
    }
  };

  /** Makes a relaxed round feasible: a person both leading and joining keeps the more valuable side. */
  const repair = (leaderOf: Int32Array): Int32Array => {
    const out = leaderOf.slice();
    const cohorts = cohortsOf(out);
    const leadValue = new Map<number, number>();
    for (const [p, cohort] of cohorts) {
      let v = SHARE * cohortFocus(m, p, cohort).count;
      for (const q of cohort) v += directedWeight(m, p, q);
      leadValue.set(p, v);
    }
    for (const [p] of cohorts) {
      const mentor = out[p]!;
      if (mentor < 0) continue;
      const joinValue = directedWeight(m, mentor, p) + SHARE;
      if (joinValue > (leadValue.get(p) ?? 0)) {
        for (let q = 0; q < n; q++) if (out[q] === p) out[q] = -1;
      } else out[p] = -1;
    }
    return out;
  };

  const root: GroupNode = {
    side: new Int8Array(n),
    focus: new Int16Array(n).fill(-1),
    bound: Number.POSITIVE_INFINITY,
  };
  let bestLeaderOf: Int32Array = new Int32Array(n).fill(-1);
  let bestTotal = 0;
  const offer = (leaderOf: Int32Array) => {
    const t = groupTotal(m, leaderOf);
    if (t > bestTotal) {
      bestTotal = t;
      bestLeaderOf = leaderOf;
    }
  };
  // A strong round to start from: settle every conflict and every mixed cohort at once, each the way it
  // looks better, and solve again, until the relaxation's round is a real one. Best-first search alone
  // finds good bounds but, on large programs, poor rounds.
  const dive = { side: root.side.slice(), focus: root.focus.slice(), bound: root.bound };
  // Its first step solves the root relaxation, the bound on the whole program.
  let rootBound = Number.POSITIVE_INFINITY;
  for (let step = 0; step < 50 && work <= budget; step++) {
    const rel = relax(dive);
    if (step === 0) rootBound = rel.value;
    let changed = false;
    for (const [p, cohort] of cohortsOf(rel.leaderOf)) {
      const mentor = rel.leaderOf[p]!;
      if (mentor >= 0) {
        let lead = 0;
        for (const q of cohort) lead += directedWeight(m, p, q);
        dive.side[p] = directedWeight(m, mentor, p) >= lead ? JOIN_ONLY : LEAD_ONLY;
        changed = true;
      } else if (dive.focus[p]! < 0) {
        const f = cohortFocus(m, p, cohort);
        if (f.count < cohort.length) {
          dive.focus[p] = f.bit;
          changed = true;
        }
      }
    }
    offer(changed ? repair(rel.leaderOf) : rel.leaderOf);
    if (!changed) break;
  }
  // Then best bound first; among equal bounds the newest (the most promising child) first.
  root.bound = rootBound;
  const stack = new NodeQueue();
  stack.push(root);
  let exhausted = false;
  while (stack.length > 0) {
    if (work > budget) {
      exhausted = true;
      break;
    }
    const node = stack.pop();
    if (node.bound <= bestTotal) continue;
    nodes++;
    const rel = relax(node);
    if (rel.value <= bestTotal) continue;
    const cohorts = cohortsOf(rel.leaderOf);
    // A person both leading and joining: the relaxation's one departure from a real round of cohorts.
    let conflict = -1;
    let conflictStake = -1;
    for (const [p, cohort] of cohorts) {
      const mentor = rel.leaderOf[p]!;
      if (mentor < 0) continue;
      let lead = 0;
      for (const q of cohort) lead += directedWeight(m, p, q);
      const stake = Math.min(lead, directedWeight(m, mentor, p));
      if (stake > conflictStake) {
        conflictStake = stake;
        conflict = p;
      }
    }
    // A cohort whose members do not all share one skill the mentor teaches earns less than the relaxation.
    let mixed = -1;
    let mixedSize = 0;
    if (conflict < 0) {
      for (const [p, cohort] of cohorts) {
        if (node.focus[p]! >= 0) continue;
        if (cohortFocus(m, p, cohort).count < cohort.length && cohort.length > mixedSize) {
          mixed = p;
          mixedSize = cohort.length;
        }
      }
    }
    if (conflict < 0 && mixed < 0) {
      offer(rel.leaderOf);
      continue;
    }
    offer(repair(rel.leaderOf));
    if (rel.value <= bestTotal) continue;
    // Children are pushed worst first so the most promising is explored next.
    if (conflict >= 0) {
      let lead = 0;
      for (const q of cohorts.get(conflict)!) lead += directedWeight(m, conflict, q);
      const joinFirst = directedWeight(m, rel.leaderOf[conflict]!, conflict) >= lead;
      const order = joinFirst ? [LEAD_ONLY, JOIN_ONLY] : [JOIN_ONLY, LEAD_ONLY];
      for (const s of order) {
        const side = node.side.slice();
        side[conflict] = s;
        stack.push({ side, focus: node.focus, bound: rel.value });
      }
    } else {
      const cohort = cohorts.get(mixed)!;
      const options: Array<{ bit: number; count: number }> = [];
      const W = m.words;
      for (let w = 0; w < W; w++) {
        let bits = m.teach[mixed * W + w]!;
        while (bits !== 0) {
          const low = bits & -bits;
          const b = w * 32 + (31 - Math.clz32(low));
          bits ^= low;
          let wanted = false;
          for (let q = 0; q < n && !wanted; q++) if (m.join[q] === 1 && learnsBit(q, b)) wanted = true;
          if (!wanted) continue;
          let c = 0;
          for (const q of cohort) if (learnsBit(q, b)) c++;
          options.push({ bit: b, count: c });
        }
      }
      options.sort((a, b) => a.count - b.count || b.bit - a.bit);
      for (const o of options) {
        const focus = node.focus.slice();
        focus[mixed] = o.bit;
        stack.push({ side: node.side, focus, bound: rel.value });
      }
    }
  }
  let upper = bestTotal;
  if (exhausted) {
    upper = Math.max(bestTotal, Math.min(rootBound, stack.topBound()));
  }
  return {
    leaderOf: bestLeaderOf,
    total: bestTotal,
    upper,
    optimal: !exhausted,
    edges: edges.size,
    rounds,
    nodes,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Explanations.

function lowerLabel(label: string): string {
  // "AI tools" keeps its capitals; "Social media" reads as "social media" mid-sentence.
  if (label.length > 1 && label[1] === label[1]!.toLowerCase())
    return label[0]!.toLowerCase() + label.slice(1);
  return label;
}

function skillsBetween(m: Model, a: number, b: number): string[] {
  const out: string[] = [];
  const W = m.words;
  for (let w = 0; w < W; w++) {
    let bits = m.teach[a * W + w]! & m.learn[b * W + w]!;
    while (bits !== 0) {
      const low = bits & -bits;
      out.push(m.slugs[w * 32 + (31 - Math.clz32(low))]!);
      bits ^= low;
    }
  }
  return out;
}

function labels(m: Model, slugs: readonly string[]): string {
  return joinNames(slugs.map((s) => lowerLabel(skillLabel(s, m.catalogue))));
}

function nameOf(m: Model, i: number): string {
  const c = m.people[i]!;
  return c.name.trim() === '' ? c.id : c.name;
}

function skillReason(m: Model, first: number, second: number): string {
  const forward = skillsBetween(m, first, second);
  const back = skillsBetween(m, second, first);
  const a = nameOf(m, first);
  const b = nameOf(m, second);
  const parts: string[] = [];
  if (forward.length > 0) parts.push(`${a} can show ${b} ${labels(m, forward)}`);
  if (back.length > 0) {
    parts.push(
      forward.length > 0
        ? `${b} can coach ${a} on ${labels(m, back)}`
        : `${b} can show ${a} ${labels(m, back)}`,
    );
  }
  return parts.join('; ');
}

function timeReason(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const amount = hours >= 1 ? plural(hours, 'hour') : plural(minutes, 'minute');
  return minutes < WORKABLE ? `only ${amount} of shared working time` : `${amount} of shared working time`;
}

function pairReasons(m: Model, first: number, second: number): string[] {
  const reasons = [skillReason(m, first, second)];
  const d1 = m.dept[first]!;
  const d2 = m.dept[second]!;
  if (d1 >= 0 && d2 >= 0 && d1 !== d2) {
    reasons.push(`different departments (${m.deptName[d1]} and ${m.deptName[d2]})`);
  }
  reasons.push(timeReason(overlapOf(m, first, second)));
  return reasons;
}

function buildPair(m: Model, i: number, j: number): ProposedMatch {
  const code = pairCode(m, i, j);
  const orient = code & 3;
  const score = pairWeight(m, i, j, code);
  if (orient === PEERS) {
    // The one who gives more speaks first in the explanation.
    const [a, b] = gives(m, j, i) > gives(m, i, j) ? [j, i] : [i, j];
    const ids = [m.ids[a]!, m.ids[b]!];
    return { mentorId: null, memberIds: ids, mentees: ids.slice(), score, reasons: pairReasons(m, a, b) };
  }
  const [mentor, mentee] = orient === I_MENTORS ? [i, j] : [j, i];
  return {
    mentorId: m.ids[mentor]!,
    memberIds: [m.ids[mentor]!, m.ids[mentee]!],
    mentees: [m.ids[mentee]!],
    score,
    reasons: pairReasons(m, mentor, mentee),
  };
}

function buildCohort(m: Model, p: number, cohort: readonly number[]): ProposedMatch {
  const focus = cohortFocus(m, p, cohort);
  let score = SHARE * focus.count;
  for (const q of cohort) score += directedWeight(m, p, q);
  if (cohort.length === 1) {
    const q = cohort[0]!;
    return {
      mentorId: m.ids[p]!,
      memberIds: [m.ids[p]!, m.ids[q]!],
      mentees: [m.ids[q]!],
      score,
      reasons: pairReasons(m, p, q),
      focus: focus.bit >= 0 ? m.slugs[focus.bit]! : null,
    };
  }
  const reasons = cohort.map((q) => skillReason(m, p, q));
  if (focus.count >= 2) {
    const sharing = cohort.filter((q) => hasBit(m, q, focus.bit, m.learn)).map((q) => nameOf(m, q));
    const label = lowerLabel(skillLabel(m.slugs[focus.bit]!, m.catalogue));
    reasons.push(`${joinNames(sharing)} ${sharing.length === 2 ? 'both' : 'all'} want to learn ${label}`);
  }
  const depts = [...new Set([p, ...cohort].map((x) => m.dept[x]!).filter((d) => d >= 0))];
  if (depts.length >= 2)
    reasons.push(`a mix of departments (${joinNames(depts.map((d) => m.deptName[d]!))})`);
  const least = Math.min(...cohort.map((q) => overlapOf(m, p, q)));
  const hours = Math.floor(least / 60);
  reasons.push(
    least < WORKABLE
      ? `some only have ${hours >= 1 ? plural(hours, 'hour') : plural(least, 'minute')} of shared working time with ${nameOf(m, p)}`
      : `everyone shares at least ${plural(hours, 'hour')} of working time with ${nameOf(m, p)}`,
  );
  return {
    mentorId: m.ids[p]!,
    memberIds: [m.ids[p]!, ...cohort.map((q) => m.ids[q]!)],
    mentees: cohort.map((q) => m.ids[q]!),
    score,
    reasons,
    focus: focus.bit >= 0 ? m.slugs[focus.bit]! : null,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Why someone was left out. Filters the pool stage by stage; the first stage that leaves nobody names the
// reason. Exclusions (blocked pairs and avoid lists) share one neutral reason so avoid lists stay secret.

const messages: Record<Exclude<UnmatchedKind, 'no-stage-match' | 'no-room'>, string> = {
  'no-skills': 'You have not listed anything to teach or to learn yet',
  'no-capacity': 'You have no room for a mentee right now',
  'no-learners': 'Nobody in this round wants to learn what you teach yet',
  'no-teachers': 'Nobody in this round teaches what you want to learn yet',
  'no-skill-match':
    'Nobody in this round wants to learn what you teach or teaches what you want to learn yet',
  'no-time-overlap': 'Nobody in a workable time zone yet',
  unavailable: 'Nobody new who fits you is available this round',
};

const stageMessages: Record<Kind, string> = {
  reverse:
    'Nobody at a fitting career stage shares your skills yet (in reverse mentoring the mentor is earlier in their career)',
  traditional:
    'Nobody at a fitting career stage shares your skills yet (in traditional mentoring the mentor is further along)',
  peer: 'Nobody at a similar career stage shares your skills yet',
  group: 'Nobody on the other side of a group (leading or joining) shares your skills yet',
};

/** `p` → `q` feasible under the kind, ignoring time and exclusions: 1 = p leads, 2 = q leads, 3 = peers. */
function stageOrientation(m: Model, i: number, j: number): number {
  if (m.kind === 'group') {
    if (directedCore(m, i, j) > 0) return I_MENTORS;
    if (directedCore(m, j, i) > 0) return J_MENTORS;
    return NONE;
  }
  return pairCode(m, i, j) & 3;
}

function explainUnmatched(m: Model, i: number): Unmatched {
  const id = m.ids[i]!;
  const c = m.people[i]!;
  const done = (kind: Exclude<UnmatchedKind, 'no-stage-match' | 'no-room'>): Unmatched => ({
    id,
    kind,
    reason: messages[kind],
  });
  if (c.teach.length === 0 && c.learn.length === 0) return done('no-skills');
  if (m.kind === 'peer' ? m.room[i] === 0 : c.role === 'mentor' && m.room[i] === 0)
    return done('no-capacity');
  const canGive = m.kind === 'peer' || m.lead[i] === 1;
  const canTake = m.kind === 'peer' || m.join[i] === 1;
  let skill = false;
  let stage = false;
  let time = false;
  let asMentee = -1;
  for (let j = 0; j < m.n && asMentee < 0; j++) {
    if (j === i) continue;
    if (!((canGive && gives(m, i, j) > 0) || (canTake && gives(m, j, i) > 0))) continue;
    skill = true;
    const o = stageOrientation(m, i, j);
    if (o === NONE) continue;
    stage = true;
    if (overlapOf(m, i, j) <= 0) continue;
    time = true;
    if (isExcluded(m, i, j)) continue;
    asMentee = o === J_MENTORS ? 1 : 0;
  }
  if (asMentee >= 0) {
    return {
      id,
      kind: 'no-room',
      reason:
        asMentee === 1
          ? 'No mentor had room left'
          : 'Everyone who fits you was matched with someone else this round',
    };
  }
  if (!skill) {
    if (canGive && !canTake) return done('no-learners');
    if (canTake && !canGive) return done('no-teachers');
    return done('no-skill-match');
  }
  if (!stage) return { id, kind: 'no-stage-match', reason: stageMessages[m.kind] };
  if (!time) return done('no-time-overlap');
  return done('unavailable');
}

function assemble(
  m: Model,
  relationships: ProposedMatch[],
  optimal: boolean,
  upperBound: number | null,
  stats: MatchResult['stats'],
): MatchResult {
  const placed = new Set<string>();
  for (const r of relationships) for (const id of r.memberIds) placed.add(id);
  const unmatched: Unmatched[] = [];
  for (let i = 0; i < m.n; i++) if (!placed.has(m.ids[i]!)) unmatched.push(explainUnmatched(m, i));
  const totalScore = relationships.reduce((s, r) => s + r.score, 0);
  return { kind: m.kind, relationships, unmatched, totalScore, optimal, upperBound, stats };
}

function pairMatches(m: Model, mate: Int32Array): ProposedMatch[] {
  const out: ProposedMatch[] = [];
  for (let i = 0; i < m.n; i++) {
    const j = mate[i]!;
    if (j > i) out.push(buildPair(m, i, j));
  }
  return out;
}

function groupMatches(m: Model, leaderOf: Int32Array): ProposedMatch[] {
  const out: ProposedMatch[] = [];
  for (const [p, cohort] of [...cohortsOf(leaderOf)].sort((a, b) => a[0] - b[0]))
    out.push(buildCohort(m, p, cohort));
  return out;
}

function useFullGraph(m: Model, options: MatchOptions): boolean {
  return m.n <= (options.fullGraphUpTo ?? DEFAULT_FULL_GRAPH);
}

// ---------------------------------------------------------------------------------------------------------
// Public API.

/** The best round: every relationship to propose, and why each person left out was left out. */
export function optimalMatch(input: MatchInput, options: MatchOptions = {}): MatchResult {
  const m = compile(input);
  const full = useFullGraph(m, options);
  const k = Math.max(1, options.neighbours ?? DEFAULT_NEIGHBOURS);
  if (m.kind === 'group') {
    const edges = groupCandidateGraph(m, full, k);
    const s = solveGroup(m, edges, full, options.searchBudget ?? DEFAULT_SEARCH_BUDGET);
    return assemble(m, groupMatches(m, s.leaderOf), s.optimal, s.upper, {
      candidateEdges: s.edges,
      pricingRounds: s.rounds,
      searchNodes: s.nodes,
    });
  }
  const s = solvePairs(m, pairCandidateGraph(m, full, k));
  const matches = pairMatches(m, s.mate);
  const total = matches.reduce((t, r) => t + r.score, 0);
  return assemble(m, matches, true, total, {
    candidateEdges: s.edges,
    pricingRounds: s.rounds,
    searchNodes: 1,
  });
}

/** Baseline for the benchmark: best-scoring feasible pairs first, on the exact solver's starting graph. */
export function greedyMatch(input: MatchInput, options: MatchOptions = {}): MatchResult {
  const m = compile(input);
  const full = useFullGraph(m, options);
  const k = Math.max(1, options.neighbours ?? DEFAULT_NEIGHBOURS);
  const edges = m.kind === 'group' ? groupCandidateGraph(m, full, k) : pairCandidateGraph(m, full, k).edges;
  const order = Array.from({ length: edges.size }, (_, e) => e).sort(
    (a, b) => edges.w[b]! - edges.w[a]! || a - b,
  );
  const stats = { candidateEdges: edges.size, pricingRounds: 0, searchNodes: 0 };
  if (m.kind === 'group') {
    const leaderOf = new Int32Array(m.n).fill(-1);
    const state = new Int8Array(m.n); // 0 free, 1 leading, 2 joined
    const used = new Int32Array(m.n);
    for (const e of order) {
      const p = edges.u[e]!;
      const q = edges.v[e]!;
      if (state[q] !== 0 || state[p] === 2 || used[p]! >= m.room[p]!) continue;
      leaderOf[q] = p;
      used[p]!++;
      state[p] = 1;
      state[q] = 2;
    }
    return assemble(m, groupMatches(m, leaderOf), false, null, stats);
  }
  const mate = new Int32Array(m.n).fill(-1);
  for (const e of order) {
    const i = edges.u[e]!;
    const j = edges.v[e]!;
    if (mate[i] !== -1 || mate[j] !== -1) continue;
    mate[i] = j;
    mate[j] = i;
  }
  return assemble(m, pairMatches(m, mate), false, null, stats);
}

export interface Alternative extends ProposedMatch {
  /** the other person */
  partnerId: string;
}

/**
 * Up to `limit` other people for someone who asks for alternatives to their offer, best first. `input`
 * holds the people still available, with each mentor's REMAINING capacity; a mentor without room is never
 * suggested. The kind's rules, blocked pairs and avoid lists apply as in a round.
 */
export function alternativesFor(
  input: MatchInput,
  personId: string,
  exclude: readonly string[],
  limit = 3,
): Alternative[] {
  const m = compile(input);
  const i = m.ids.indexOf(personId);
  if (i < 0) return [];
  const skip = new Set(exclude);
  // Score everyone first; only the few shown need their reasons written.
  const found: Array<{ j: number; lead: number; score: number }> = [];
  for (let j = 0; j < m.n; j++) {
    if (j === i || skip.has(m.ids[j]!)) continue;
    if (m.kind === 'group') {
      // A cohort of one, either way round: the bonus for a shared focus is the same 15 both ways.
      const asLead = directedWeight(m, i, j);
      const asJoin = directedWeight(m, j, i);
      if (asLead === 0 && asJoin === 0) continue;
      found.push(asLead >= asJoin ? { j, lead: i, score: asLead } : { j, lead: j, score: asJoin });
    } else {
      const w = pairWeight(m, i, j, pairCode(m, i, j));
      if (w > 0) found.push({ j, lead: -1, score: w });
    }
  }
  found.sort((a, b) => b.score - a.score || nameOf(m, a.j).localeCompare(nameOf(m, b.j)) || a.j - b.j);
  return found.slice(0, Math.max(0, limit)).map(({ j, lead }) => {
    const r = lead < 0 ? buildPair(m, i, j) : buildCohort(m, lead, [lead === i ? j : i]);
    return { ...r, partnerId: m.ids[j]! };
  });
}

export interface PairOptions {
  kind: Kind;
  /** the pair's shared working minutes per day */
  overlapMinutes: number;
  /** matched before or declined */
  blocked?: boolean;
  catalogue?: readonly Skill[];
}

/**
 * Scores two people as a relationship of the given kind, choosing who mentors whom (for groups: a cohort
 * of one, the better way round). Null when they cannot be paired: the kind's rule, no skill to pass on,
 * no room, no overlap, blocked, or an avoid list.
 */
export function pairScore(a: Candidate, b: Candidate, options: PairOptions): ProposedMatch | null {
  if (a.id === b.id) return null;
  const m = compile({
    kind: options.kind,
    candidates: [a, b],
    overlapMinutes: () => options.overlapMinutes,
    blocked: options.blocked ? [[a.id, b.id]] : [],
    catalogue: options.catalogue,
  });
  if (m.kind === 'group') {
    const ab = directedWeight(m, 0, 1);
    const ba = directedWeight(m, 1, 0);
    if (ab === 0 && ba === 0) return null;
    return ab >= ba ? buildCohort(m, 0, [1]) : buildCohort(m, 1, [0]);
  }
  if (pairWeight(m, 0, 1, pairCode(m, 0, 1)) === 0) return null;
  return buildPair(m, 0, 1);
}

/**
 * Scores a group cohort: the mentor's pair score with each mentee plus the shared-focus reward. Null when
 * it is not a possible cohort (a mentee the mentor cannot teach, over capacity, blocked, avoid, no overlap).
 */
export function cohortScore(
  mentor: Candidate,
  mentees: readonly Candidate[],
  context: Pick<MatchInput, 'overlapMinutes' | 'blocked' | 'catalogue'>,
): ProposedMatch | null {
  if (mentees.length === 0) return null;
  const m = compile({ ...context, kind: 'group', candidates: [mentor, ...mentees] });
  if (mentees.length > m.room[0]!) return null;
  const cohort = mentees.map((_, k) => k + 1);
  for (const q of cohort) if (directedWeight(m, 0, q) === 0) return null;
  return buildCohort(m, 0, cohort);
}
