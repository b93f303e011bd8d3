/**
 * The weekly digest's figures, composed from plain data (no database, no clock): the funnel, this week against
 * last, an 8-week trend, pairs at risk, check-in aggregates per phase, shared highlights, story volunteers and who
 * is still waiting for a match and why.
 *
 * Weeks are the 7 days ending yesterday, so the scheduled Monday digest covers the ISO week that just ended. A week's
 * standings are read as of the day after it (today for this week), the way `standing` reads them on that day.
 * Dates are 'YYYY-MM-DD' in the program's zone; the arithmetic runs on day numbers because the trend replays every
 * relationship for 8 weeks and must stay fast at 20,000 relationships.
 */
import { sparkline } from './chart';
import type { Kind, UnmatchedKind } from './matching';
import { GRACE_DAYS, type Phase, phaseOf } from './slips';

/** Weeks in the trend (this week included). */
export const TREND_WEEKS = 8;
/** Names listed in any one list before the rest are summarised ("and N more"). */
export const MAX_NAMES = 10;
/** Check-in aggregates of a phase are shown only when at least this many people answered. */
export const MIN_RESPONDENTS = 3;
export const MAX_HIGHLIGHTS = 5;
export const HIGHLIGHT_MAX_CHARS = 280;

const DAY_MS = 86_400_000;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
const PHASES: readonly Phase[] = ['preparation', 'negotiating', 'enabling', 'closure'];

export interface FunnelCounts {
  /** every participant: invited by the launch or joined with `/mentor join` */
  invited: number;
  answered: number;
  declined: number;
  /** invited, no answer yet */
  notAnswered: number;
  left: number;
  /** distinct people who have been in a relationship of the program */
  matchedPeople: number;
  offersPending: number;
  /** relationships by status */
  active: number;
  paused: number;
  ended: number;
}

export interface DigestRelationship {
  id: number;
  status: 'active' | 'paused' | 'ended';
  startedOn: string;
  endedOn: string | null;
  lastSessionOn: string | null;
  /** The end of the latest pause (kept after it ends: the cadence counts from there). */
  pausedUntilOn: string | null;
  nudgeStep: number;
  atRisk: boolean;
  goalsSet: boolean;
  storyOptIn: boolean;
}

/** A pause as the audit log recorded it: from its first day up to (not including) `untilOn`. */
export interface DigestPause {
  relationshipId: number;
  fromOn: string;
  untilOn: string;
}

export interface DigestCheckin {
  relationshipId: number;
  userId: string;
  status: 'open' | 'answered' | 'expired' | 'skipped';
  progress: number | null;
  answeredOn: string | null;
  /** Only when its author agreed to share it; null otherwise. */
  sharedHighlight: string | null;
}

/** Someone who answered the survey and is in no pending offer and no open relationship. */
export interface WaitingPerson {
  userId: string;
  name: string;
  /** false when their account is deactivated or DMs to them fail */
  reachable: boolean;
  /** asked to skip the coming round */
  skipping: boolean;
  role: 'mentor' | 'mentee' | 'either';
  teach: readonly string[];
  learn: readonly string[];
}

export interface DigestInput {
  program: {
    id: number;
    name: string;
    kind: Kind;
    cadenceDays: number;
    checkinDays: number;
    /** local date the program ends */
    endsOn: string;
  };
  /** local date in the program's zone */
  today: string;
  /** Weeks of trend to work out, 2 or more (default TREND_WEEKS); the home tab needs only this week and last. */
  weeks?: number;
  funnel: FunnelCounts;
  /** Every relationship that was not yet ended when the trend's first week began. */
  relationships: readonly DigestRelationship[];
  /**
   * Sessions held from `sessionsFrom(today, cadenceDays, weeks)` to today: the trend's weeks, and before them one cadence
   * and the grace days, which is as far back as a past week's standing can depend on.
   */
  sessions: readonly { relationshipId: number; heldOn: string }[];
  pauses: readonly DigestPause[];
  /** Check-ins due in the last `checkinDays` days. */
  checkins: readonly DigestCheckin[];
  waiting: readonly WaitingPerson[];
  /**
   * Why a matching round run now would leave each person out (absent: it would match them), when the pool was
   * small enough to run one; null for a cheap estimate from skills alone.
   */
  matchReasons: Readonly<Record<string, UnmatchedKind>> | null;
  /** Member names of the relationships the digest names (see `relationshipsToName`). */
  names: Readonly<Record<number, readonly string[]>>;
  skillLabels: Readonly<Record<string, string>>;
}

export interface WeekFigures {
  startOn: string;
  endOn: string;
  /** e.g. '22 Feb' (the first day) */
  label: string;
  sessions: number;
  onTrack: number;
  due: number;
  slipping: number;
  paused: number;
  /** on track among those expected to meet (on track, due, slipping); null when there are none */
  share: number | null;
}

export interface AtRiskPair {
  relationshipId: number;
  names: readonly string[];
  /** days since the last session, or since the start when they never met */
  daysSince: number;
  neverMet: boolean;
  nudgeStep: number;
  /** flagged at risk by the last nudge step (the owners were told) */
  flagged: boolean;
}

export interface PhaseCheckins {
  phase: Phase;
  respondents: number;
  answered: number;
  /** check-ins requested (open, answered or expired) */
  asked: number;
  /** false when fewer than MIN_RESPONDENTS people answered: nothing else is given */
  shown: boolean;
  averageProgress: number | null;
  responseRate: number | null;
}

export type WaitingReason = UnmatchedKind | 'unreachable' | 'skipping' | 'next-round';

export interface WaitingGroup {
  reason: WaitingReason;
  count: number;
  /** the first names, within the digest-wide budget of MAX_NAMES */
  names: readonly string[];
}

/** A recruiting hint: a skill with people on one side of it and nobody waiting on the other. */
export interface RecruitingHint {
  /** 'learners': people wait to teach it, nobody waiting wants it; 'teachers': the other way round */
  need: 'learners' | 'teachers';
  slug: string;
  label: string;
  /** people waiting on the side that has them */
  count: number;
}

export interface Digest {
  program: DigestInput['program'];
  today: string;
  /** e.g. '22 Feb – 28 Feb 2027' */
  weekLabel: string;
  empty: boolean;
  funnel: FunnelCounts;
  thisWeek: WeekFigures;
  lastWeek: WeekFigures;
  /** oldest first; the last is this week */
  trend: readonly WeekFigures[];
  /** whether the chart has anything to show */
  hasTrend: boolean;
  sparklines: { sessions: string; share: string };
  atRisk: { total: number; shown: readonly AtRiskPair[] };
  checkins: { windowDays: number; phases: readonly PhaseCheckins[] };
  highlights: { total: number; shown: readonly string[] };
  stories: { total: number; shown: readonly { relationshipId: number; names: readonly string[] }[] };
  waiting: { total: number; groups: readonly WaitingGroup[]; hints: readonly RecruitingHint[] };
}

// ---------------------------------------------------------------------------------------------------------
// days

/** A digest reads tens of thousands of session dates that fall on a few dozen days: each is parsed once. */
const dayNumbers = new Map<string, number>();

/** Day number (days since 1970-01-01) of a 'YYYY-MM-DD' date. */
export function dayOf(date: string): number {
  const known = dayNumbers.get(date);
  if (known !== undefined) return known;
  const ms = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  if (date.length !== 10 || !Number.isFinite(ms)) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  if (dayNumbers.size >= 10_000) dayNumbers.clear();
  dayNumbers.set(date, ms / DAY_MS);
  return ms / DAY_MS;
}

export function dateOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** '22 Feb' */
export function shortDate(date: string): string {
  const month = MONTHS[Number(date.slice(5, 7)) - 1] ?? '';
  return `${Number(date.slice(8, 10))} ${month}`;
}

/** The first day whose sessions the digest needs (see `DigestInput.sessions`). */
export function sessionsFrom(today: string, cadenceDays: number, weeks = TREND_WEEKS): string {
  return dateOf(dayOf(today) - 7 * weeks - cadenceDays - GRACE_DAYS);
}

// ---------------------------------------------------------------------------------------------------------
// standings

type Tracked = 'on_track' | 'due' | 'slipping';

/** `standing` of src/domain/slips.ts for a relationship that is not paused, on day numbers. */
export function standingOnDay(
  startedDay: number,
  lastSessionDay: number | null,
  pausedUntilDay: number | null,
  cadenceDays: number,
  day: number,
): Tracked {
  let base = lastSessionDay ?? startedDay;
  if (pausedUntilDay !== null && pausedUntilDay > base) base = pausedUntilDay;
  const due = base + cadenceDays;
  if (day < due) return 'on_track';
  return day - due >= GRACE_DAYS ? 'slipping' : 'due';
}

interface RelDays {
  rel: DigestRelationship;
  started: number;
  ended: number | null;
  last: number | null;
  pausedUntil: number | null;
  /** session days from `sessionsFrom`, ascending */
  sessions: number[];
  pauses: { from: number; until: number }[];
}

type WeekStanding = Tracked | 'paused' | null;

/**
 * How the relationship stood on `day`, reconstructed from its sessions and pauses (null: not started or ended).
 * With no session in the loaded range by then, the pair counts as never having met: any earlier session would be
 * so long before that the verdict (slipping) is the same.
 */
function standingAsOf(r: RelDays, day: number, cadenceDays: number): WeekStanding {
  if (r.started > day) return null;
  if (r.ended !== null && r.ended <= day) return null;
  // Indexed loops: this runs for every relationship and week (150,000 times at 20,000 relationships), and
  // iterators allocate when the code is not optimised.
  const { pauses, sessions } = r;
  if (pauses.length > 0) {
    for (let i = 0; i < pauses.length; i++) {
      const p = pauses[i] as { from: number; until: number };
      if (p.from <= day && day < p.until) return 'paused';
    }
  } else if (r.rel.status === 'paused' && (r.pausedUntil === null || r.pausedUntil > day)) {
    // No record of when this pause began (it predates the audit window): count it as paused throughout.
    return 'paused';
  }
  let last: number | null = null;
  for (let i = 0; i < sessions.length; i++) {
    const s = sessions[i] as number;
    if (s > day) break;
    last = s;
  }
  let pausedUntil: number | null = r.pausedUntil !== null && r.pausedUntil <= day ? r.pausedUntil : null;
  for (let i = 0; i < pauses.length; i++) {
    const p = pauses[i] as { from: number; until: number };
    if (p.until <= day && (pausedUntil === null || p.until > pausedUntil)) pausedUntil = p.until;
  }
  return standingOnDay(r.started, last, pausedUntil, cadenceDays, day);
}

/** Today's standing from the relationship's current row: exactly what `standing` says. */
function standingNow(r: RelDays, today: number, cadenceDays: number): WeekStanding {
  if (r.rel.status === 'ended') return null;
  if (r.rel.status === 'paused' && (r.pausedUntil === null || r.pausedUntil > today)) return 'paused';
  return standingOnDay(r.started, r.last, r.pausedUntil, cadenceDays, today);
}

/** The loader names relationships, then composes: both read the same day numbers, worked out once. */
const relDaysCache = new WeakMap<
  readonly DigestRelationship[],
  { sessions: DigestInput['sessions']; pauses: DigestInput['pauses']; days: RelDays[] }
>();

function relDays(input: DigestInput): RelDays[] {
  const cached = relDaysCache.get(input.relationships);
  if (cached && cached.sessions === input.sessions && cached.pauses === input.pauses) return cached.days;
  const days = computeRelDays(input);
  relDaysCache.set(input.relationships, { sessions: input.sessions, pauses: input.pauses, days });
  return days;
}

function computeRelDays(input: DigestInput): RelDays[] {
  const byId = new Map<number, RelDays>();
  const list: RelDays[] = [];
  for (const rel of input.relationships) {
    const r: RelDays = {
      rel,
      started: dayOf(rel.startedOn),
      ended: rel.endedOn === null ? null : dayOf(rel.endedOn),
      last: rel.lastSessionOn === null ? null : dayOf(rel.lastSessionOn),
      pausedUntil: rel.pausedUntilOn === null ? null : dayOf(rel.pausedUntilOn),
      sessions: [],
      pauses: [],
    };
    byId.set(rel.id, r);
    list.push(r);
  }
  const { sessions } = input;
  for (let i = 0; i < sessions.length; i++) {
    const s = sessions[i] as DigestInput['sessions'][number];
    byId.get(s.relationshipId)?.sessions.push(dayOf(s.heldOn));
  }
  // The loader reads each relationship's sessions in date order; sorting (which copies) only when they are not.
  for (const r of list) if (!ascending(r.sessions)) r.sessions.sort((a, b) => a - b);
  for (const p of input.pauses)
    byId.get(p.relationshipId)?.pauses.push({ from: dayOf(p.fromOn), until: dayOf(p.untilOn) });
  return list;
}

function ascending(days: readonly number[]): boolean {
  for (let i = 1; i < days.length; i++) if ((days[i] as number) < (days[i - 1] as number)) return false;
  return true;
}

function weeks(input: DigestInput, rels: RelDays[]): WeekFigures[] {
  const today = dayOf(input.today);
  const cadence = input.program.cadenceDays;
  const out: WeekFigures[] = [];
  const sessionDays = input.sessions.map((s) => dayOf(s.heldOn));
  const countBetween = (start: number, end: number) => {
    let n = 0;
    for (let i = 0; i < sessionDays.length; i++) {
      const d = sessionDays[i] as number;
      if (d >= start && d <= end) n++;
    }
    return n;
  };
  for (let k = Math.max(2, input.weeks ?? TREND_WEEKS) - 1; k >= 0; k--) {
    const start = today - 7 * k - 7;
    const end = today - 7 * k - 1;
    const asOf = today - 7 * k;
    const w: WeekFigures = {
      startOn: dateOf(start),
      endOn: dateOf(end),
      label: shortDate(dateOf(start)),
      sessions: countBetween(start, end),
      onTrack: 0,
      due: 0,
      slipping: 0,
      paused: 0,
      share: null,
    };
    for (let i = 0; i < rels.length; i++) {
      const r = rels[i] as RelDays;
      const s = k === 0 ? standingNow(r, today, cadence) : standingAsOf(r, asOf, cadence);
      if (s === 'on_track') w.onTrack++;
      else if (s === 'due') w.due++;
      else if (s === 'slipping') w.slipping++;
      else if (s === 'paused') w.paused++;
    }
    const tracked = w.onTrack + w.due + w.slipping;
    w.share = tracked === 0 ? null : w.onTrack / tracked;
    out.push(w);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// pairs at risk and stories

interface RiskEntry {
  r: RelDays;
  daysSince: number;
}

function atRiskEntries(input: DigestInput, rels: RelDays[]): RiskEntry[] {
  const today = dayOf(input.today);
  const out: RiskEntry[] = [];
  for (let i = 0; i < rels.length; i++) {
    const r = rels[i] as RelDays;
    const s = standingNow(r, today, input.program.cadenceDays);
    if (s !== 'slipping' && !(r.rel.atRisk && s !== null && s !== 'paused')) continue;
    out.push({ r, daysSince: today - (r.last ?? r.started) });
  }
  // Those the owners were already told about first, then the furthest up the ladder, then the longest silence.
  return out.sort(
    (a, b) =>
      Number(b.r.rel.atRisk) - Number(a.r.rel.atRisk) ||
      b.r.rel.nudgeStep - a.r.rel.nudgeStep ||
      b.daysSince - a.daysSince ||
      a.r.rel.id - b.r.rel.id,
  );
}

function storyIds(input: DigestInput): number[] {
  return input.relationships
    .filter((r) => r.storyOptIn)
    .map((r) => r.id)
    .sort((a, b) => b - a);
}

/** The relationships whose member names the digest shows: load names for these only. */
export function relationshipsToName(input: DigestInput): number[] {
  const ids = atRiskEntries(input, relDays(input))
    .slice(0, MAX_NAMES)
    .map((e) => e.r.rel.id);
  return [...new Set([...ids, ...storyIds(input).slice(0, MAX_NAMES)])];
}

// ---------------------------------------------------------------------------------------------------------
// check-ins

function checkinPhases(input: DigestInput): PhaseCheckins[] {
  const relById = new Map(input.relationships.map((r) => [r.id, r]));
  const memo = new Map<string, Phase>();
  const phaseFor = (relId: number): Phase => {
    const r = relById.get(relId);
    // A relationship that ended before the trend window is not loaded; its check-ins are final reflections.
    if (!r) return 'closure';
    const key = `${r.status}|${r.lastSessionOn !== null}|${r.goalsSet}`;
    let phase = memo.get(key);
    if (!phase) {
      phase = phaseOf({
        status: r.status,
        sessions: r.lastSessionOn === null ? 0 : 1,
        goalsSet: r.goalsSet,
        programEndsOn: input.program.endsOn,
        today: input.today,
      });
      memo.set(key, phase);
    }
    return phase;
  };
  const acc = new Map<
    Phase,
    { people: Set<string>; answered: number; asked: number; sum: number; scored: number }
  >();
  for (const c of input.checkins) {
    if (c.status === 'skipped') continue;
    const phase = phaseFor(c.relationshipId);
    let a = acc.get(phase);
    if (!a) {
      a = { people: new Set(), answered: 0, asked: 0, sum: 0, scored: 0 };
      acc.set(phase, a);
    }
    a.asked++;
    if (c.status !== 'answered') continue;
    a.answered++;
    a.people.add(c.userId);
    if (c.progress !== null) {
      a.sum += c.progress;
      a.scored++;
    }
  }
  const out: PhaseCheckins[] = [];
  for (const phase of PHASES) {
    const a = acc.get(phase);
    if (!a) continue;
    const shown = a.people.size >= MIN_RESPONDENTS;
    out.push({
      phase,
      respondents: shown ? a.people.size : 0,
      answered: shown ? a.answered : 0,
      asked: a.asked,
      shown,
      averageProgress: shown && a.scored > 0 ? Math.round((a.sum / a.scored) * 10) / 10 : null,
      responseRate: shown ? a.answered / a.asked : null,
    });
  }
  return out;
}

function highlights(input: DigestInput): { total: number; shown: string[] } {
  const from = dateOf(dayOf(input.today) - 7);
  const list = input.checkins
    .filter(
      (c) =>
        c.status === 'answered' &&
        c.sharedHighlight !== null &&
        c.sharedHighlight.trim() !== '' &&
        c.answeredOn !== null &&
        c.answeredOn >= from &&
        c.answeredOn <= input.today,
    )
    .sort((a, b) => (b.answeredOn ?? '').localeCompare(a.answeredOn ?? ''));
  // The same words from several people read as one highlight.
  const distinct = new Map<string, string>();
  for (const c of list) {
    const text = c.sharedHighlight!.trim().replace(/\s+/g, ' ');
    const key = text.toLowerCase();
    if (!distinct.has(key)) distinct.set(key, text);
  }
  const texts = [...distinct.values()];
  return {
    total: texts.length,
    shown: texts.slice(0, MAX_HIGHLIGHTS).map((t) => clip(t, HIGHLIGHT_MAX_CHARS)),
  };
}

function clip(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}

// ---------------------------------------------------------------------------------------------------------
// waiting people

function sides(kind: Kind, role: WaitingPerson['role']): { give: boolean; take: boolean } {
  if (kind === 'peer') return { give: true, take: true };
  return { give: role !== 'mentee', take: role !== 'mentor' };
}

const reasonOrder: readonly WaitingReason[] = [
  'no-learners',
  'no-teachers',
  'no-skill-match',
  'no-stage-match',
  'no-time-overlap',
  'no-skills',
  'no-capacity',
  'unavailable',
  'no-room',
  'next-round',
  'skipping',
  'unreachable',
];

function waiting(input: DigestInput): Digest['waiting'] {
  const kind = input.program.kind;
  const pool = input.waiting.filter((p) => p.reachable && !p.skipping);
  // Who could take or give each skill among the people waiting: the cheap estimate and the hints read it.
  const learners = new Map<string, number>();
  const teachers = new Map<string, number>();
  for (const p of pool) {
    const s = sides(kind, p.role);
    if (s.take) for (const slug of new Set(p.learn)) learners.set(slug, (learners.get(slug) ?? 0) + 1);
    if (s.give) for (const slug of new Set(p.teach)) teachers.set(slug, (teachers.get(slug) ?? 0) + 1);
  }
  const cheapReason = (p: WaitingPerson): WaitingReason => {
    if (p.teach.length === 0 && p.learn.length === 0) return 'no-skills';
    const s = sides(kind, p.role);
    const own = (slug: string, list: readonly string[], side: boolean) =>
      side && list.includes(slug) ? 1 : 0;
    const canGive =
      s.give && p.teach.some((slug) => (learners.get(slug) ?? 0) - own(slug, p.learn, s.take) > 0);
    const canTake =
      s.take && p.learn.some((slug) => (teachers.get(slug) ?? 0) - own(slug, p.teach, s.give) > 0);
    if (canGive || canTake) return 'next-round';
    if (s.give && !s.take) return 'no-learners';
    if (s.take && !s.give) return 'no-teachers';
    return 'no-skill-match';
  };
  const groups = new Map<WaitingReason, WaitingPerson[]>();
  for (const p of input.waiting) {
    const reason: WaitingReason = !p.reachable
      ? 'unreachable'
      : p.skipping
        ? 'skipping'
        : input.matchReasons
          ? (input.matchReasons[p.userId] ?? 'next-round')
          : cheapReason(p);
    const list = groups.get(reason);
    if (list) list.push(p);
    else groups.set(reason, [p]);
  }
  let budget = MAX_NAMES;
  const out: WaitingGroup[] = [...groups.entries()]
    .sort((a, b) => b[1].length - a[1].length || reasonOrder.indexOf(a[0]) - reasonOrder.indexOf(b[0]))
    .map(([reason, people]) => {
      const names = people
        .map((p) => p.name)
        .sort((a, b) => a.localeCompare(b))
        .slice(0, budget);
      budget -= names.length;
      return { reason, count: people.length, names };
    });

  const hints: RecruitingHint[] = [];
  const label = (slug: string) => input.skillLabels[slug] ?? slug;
  for (const [slug, n] of teachers)
    if (!learners.has(slug)) hints.push({ need: 'learners', slug, label: label(slug), count: n });
  for (const [slug, n] of learners)
    if (!teachers.has(slug)) hints.push({ need: 'teachers', slug, label: label(slug), count: n });
  hints.sort((a, b) => b.count - a.count || a.slug.localeCompare(b.slug) || a.need.localeCompare(b.need));
  return { total: input.waiting.length, groups: out, hints: hints.slice(0, 3) };
}

// ---------------------------------------------------------------------------------------------------------
// the whole digest

export function composeDigest(input: DigestInput): Digest {
  const rels = relDays(input);
  const trend = weeks(input, rels);
  const thisWeek = trend[trend.length - 1]!;
  const lastWeek = trend[trend.length - 2]!;
  const risk = atRiskEntries(input, rels);
  const nameOf = (id: number) => input.names[id] ?? [];
  const stories = storyIds(input);
  const year = thisWeek.endOn.slice(0, 4);
  return {
    program: input.program,
    today: input.today,
    weekLabel: `${shortDate(thisWeek.startOn)} – ${shortDate(thisWeek.endOn)} ${year}`,
    empty: input.funnel.invited === 0 && input.relationships.length === 0,
    funnel: input.funnel,
    thisWeek,
    lastWeek,
    trend,
    hasTrend: input.relationships.length > 0 || input.sessions.length > 0,
    sparklines: {
      sessions: sparkline(trend.map((w) => w.sessions)),
      share: sparkline(
        trend.map((w) => w.share),
        { min: 0, max: 1 },
      ),
    },
    atRisk: {
      total: risk.length,
      shown: risk.slice(0, MAX_NAMES).map((e) => ({
        relationshipId: e.r.rel.id,
        names: nameOf(e.r.rel.id),
        daysSince: e.daysSince,
        neverMet: e.r.rel.lastSessionOn === null,
        nudgeStep: e.r.rel.nudgeStep,
        flagged: e.r.rel.atRisk,
      })),
    },
    checkins: { windowDays: input.program.checkinDays, phases: checkinPhases(input) },
    highlights: highlights(input),
    stories: {
      total: stories.length,
      shown: stories.slice(0, MAX_NAMES).map((id) => ({ relationshipId: id, names: nameOf(id) })),
    },
    waiting: waiting(input),
  };
}
