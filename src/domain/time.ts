/**
 * Time rules (CONTRACT sections 5 and 7): working hours, job periods and schedules, meeting-slot
 * suggestions. Pure: every function is handed the instant it reasons about, so `--now` runs and the
 * scheduler agree, and nothing here reads the system clock.
 */
import { DateTime, IANAZone } from 'luxon';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const QUARTER_HOUR_MS = 15 * MINUTE_MS;
const MINUTES_PER_DAY = 1440;

/** Working hours are 09:00-17:00 local, Monday to Friday (CONTRACT section 7). */
export const WORK_START_MINUTE = 9 * 60;
export const WORK_END_MINUTE = 17 * 60;
const NIGHT_START_MINUTE = 22 * 60;
const NIGHT_END_MINUTE = 7 * 60;
const DAILY_JOB_MINUTE = 10 * 60;
const DIGEST_MINUTE = 9 * 60;
const SLOT_SEARCH_DAYS = 7;

export type ScheduledJob = 'digest' | 'daily';

export interface LocalClockReading {
  hour: number;
  minute: number;
  /** ISO weekday: 1 = Monday ... 7 = Sunday. */
  weekday: number;
}

const WEEKDAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
const MONTH_NAMES = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
] as const;

/**
 * Slack profiles sometimes carry no zone or one the runtime doesn't know; such people are treated as
 * UTC rather than crashing a job that serves everyone else.
 */
export function safeZone(tz: string | null | undefined): string {
  const name = typeof tz === 'string' ? tz.trim() : '';
  if (name === '') return 'UTC';
  // Checking a zone builds an Intl formatter (about 0.1 ms and some memory): remember the answer.
  let valid = validZones.get(name);
  if (valid === undefined) {
    valid = IANAZone.isValidZone(name);
    if (validZones.size >= MEMO_LIMIT) validZones.clear();
    validZones.set(name, valid);
  }
  return valid ? name : 'UTC';
}

/** Pure memo tables: results depend only on their keys, so they are safe to share and bounded in size. */
const MEMO_LIMIT = 50_000;
const validZones = new Map<string, boolean>();
const offsets = new Map<string, number>();
const dayNames = new Map<number, string>();
const dayNumbers = new Map<string, number>();
const workingTimes = new Map<string, number>();
const localLabels = new Map<string, string>();

function remember<K, V>(memo: Map<K, V>, key: K, value: V): V {
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(key, value);
  return value;
}

/** 'YYYY-MM-DD' of a day number (days since 1970-01-01); jobs format the same few dates thousands of times. */
function dayName(day: number): string {
  return dayNames.get(day) ?? remember(dayNames, day, new Date(day * DAY_MS).toISOString().slice(0, 10));
}
/** Offsets change only at transitions, which fall on quarter hours: one lookup per zone per quarter hour. */
const OFFSET_BUCKET_MS = 15 * 60_000;

function instant(at: Date): number {
  const ms = at.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('invalid Date');
  return ms;
}

function offsetMs(zone: string, ms: number): number {
  const bucket = Math.floor(ms / OFFSET_BUCKET_MS);
  const key = `${zone}@${bucket}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    offset = IANAZone.create(zone).offset(bucket * OFFSET_BUCKET_MS) * MINUTE_MS;
    if (offsets.size >= MEMO_LIMIT) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}

interface Wall {
  /** Days since 1970-01-01 of the local calendar date. */
  day: number;
  /** Minutes since local midnight (fractional when seconds are set). */
  minute: number;
  weekday: number;
}

/**
 * Local wall-clock fields by offset arithmetic: much cheaper than building a Luxon DateTime, which
 * matters when suggestSlots scans a week of candidates for every person in a group.
 */
function wallFromLocalMs(localMs: number): Wall {
  const day = Math.floor(localMs / DAY_MS);
  const minute = (localMs - day * DAY_MS) / MINUTE_MS;
  // 1970-01-01 was a Thursday (ISO weekday 4).
  const weekday = ((((day + 3) % 7) + 7) % 7) + 1;
  return { day, minute, weekday };
}

function wallOf(ms: number, zone: string): Wall {
  return wallFromLocalMs(ms + offsetMs(zone, ms));
}

function isWorkingWall(wall: Wall): boolean {
  return wall.weekday <= 5 && wall.minute >= WORK_START_MINUTE && wall.minute < WORK_END_MINUTE;
}

/** A local calendar date as a UTC midnight, so stepping days never meets a DST gap. */
function calendarDate(day: number): DateTime {
  return DateTime.fromMillis(day * DAY_MS, { zone: 'utc' });
}

function localInstant(
  date: DateTime,
  zone: string,
  time: { hour: number; minute?: number; second?: number; millisecond?: number },
): number {
  return DateTime.fromObject(
    { year: date.year, month: date.month, day: date.day, ...time },
    { zone },
  ).toMillis();
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

export function isWorkingTime(at: Date, tz: string): boolean {
  return isWorkingWall(wallOf(instant(at), safeZone(tz)));
}

/** `at` when it is inside working hours, otherwise the next weekday 09:00 in the person's zone. */
export function nextWorkingTime(at: Date, tz: string): Date {
  const zone = safeZone(tz);
  const ms = instant(at);
  // A job asks this for thousands of people at the same instant, in a few dozen zones.
  const key = `${zone}@${ms}`;
  const known = workingTimes.get(key);
  if (known !== undefined) return new Date(known);
  return new Date(remember(workingTimes, key, findWorkingTime(ms, zone)));
}

function findWorkingTime(ms: number, zone: string): number {
  const wall = wallOf(ms, zone);
  if (isWorkingWall(wall)) return ms;
  let date = calendarDate(wall.day);
  // A weekend plus the rest of today is at most 4 days; 8 leaves room for odd historical offsets.
  for (let i = 0; i < 8; i += 1) {
    if (date.weekday <= 5) {
      // Built from local fields so that across a DST change it is still 09:00 on the wall.
      const start = localInstant(date, zone, { hour: 9 });
      if (start > ms) return start;
    }
    date = date.plus({ days: 1 });
  }
  throw new Error(`no working time found after ${new Date(ms).toISOString()} in ${zone}`);
}

/**
 * The same local time of day `days` weekdays later (earlier when negative); Saturdays and Sundays
 * are not counted. From a weekend day, one working day later is the following Monday.
 */
export function addWorkingDays(at: Date, tz: string, days: number): Date {
  if (!Number.isInteger(days)) throw new RangeError(`working days must be a whole number, got ${days}`);
  const zone = safeZone(tz);
  const local = DateTime.fromMillis(instant(at), { zone });
  let date = DateTime.fromObject({ year: local.year, month: local.month, day: local.day }, { zone: 'utc' });
  const step = Math.sign(days);
  let remaining = Math.abs(days);
  while (remaining > 0) {
    date = date.plus({ days: step });
    if (date.weekday <= 5) remaining -= 1;
  }
  return new Date(
    localInstant(date, zone, {
      hour: local.hour,
      minute: local.minute,
      second: local.second,
      millisecond: local.millisecond,
    }),
  );
}

/** 'YYYY-MM-DD' of `at` in the zone. */
export function localDate(at: Date, tz: string): string {
  return dayName(wallOf(instant(at), safeZone(tz)).day);
}

/** Period key of the jobs that run once per local day. */
export function dayPeriod(at: Date, tz: string): string {
  return localDate(at, tz);
}

/** Period key of the weekly digest: ISO week-year and week, e.g. 2027-01-01 is '2026-W53'. */
export function isoWeekPeriod(at: Date, tz: string): string {
  return calendarDate(wallOf(instant(at), safeZone(tz)).day).toFormat("kkkk-'W'WW");
}

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Day number of a 'YYYY-MM-DD' date; calendar arithmetic in UTC has no DST to trip over. */
function parseDate(date: string): number {
  const known = dayNumbers.get(date);
  if (known !== undefined) return known;
  const match = DATE_PATTERN.exec(date);
  if (match) {
    const [, y, m, d] = match;
    const ms = Date.UTC(Number(y), Number(m) - 1, Number(d));
    // Date.UTC rolls 2027-02-30 over to March; a round trip catches it.
    if (new Date(ms).toISOString().slice(0, 10) === date) return remember(dayNumbers, date, ms / DAY_MS);
  }
  throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
}

/** Calendar days from `fromDate` to `toDate` (negative when `toDate` is earlier). */
export function daysBetween(fromDate: string, toDate: string): number {
  return parseDate(toDate) - parseDate(fromDate);
}

export function addDays(date: string, days: number): string {
  if (!Number.isInteger(days)) throw new RangeError(`days must be a whole number, got ${days}`);
  return dayName(parseDate(date) + days);
}

export function localHourMinute(at: Date, tz: string): LocalClockReading {
  const wall = wallOf(instant(at), safeZone(tz));
  const minute = Math.floor(wall.minute);
  return { hour: Math.floor(minute / 60), minute: minute % 60, weekday: wall.weekday };
}

/**
 * Whether the schedule says the job is due at `at` for the period containing it. Due stays true for
 * the rest of the period, so a bot that was down at the scheduled moment catches up; the job's
 * once-per-period record keeps it from running twice.
 */
export function scheduledDue(job: ScheduledJob, at: Date, tz: string): boolean {
  const wall = wallOf(instant(at), safeZone(tz));
  if (job === 'daily') return wall.minute >= DAILY_JOB_MINUTE;
  return wall.weekday > 1 || wall.minute >= DIGEST_MINUTE;
}

export function jobPeriod(job: ScheduledJob, at: Date, tz: string): string {
  return job === 'digest' ? isoWeekPeriod(at, tz) : dayPeriod(at, tz);
}

/** Working window of a local date as instants, ignoring the weekday. */
function workingWindow(day: number, zone: string): [number, number] {
  const date = calendarDate(day);
  return [localInstant(date, zone, { hour: 9 }), localInstant(date, zone, { hour: 17 })];
}

function overlapOnReferenceDay(ref: string, other: string, around: number): number {
  const wall = wallOf(around, ref);
  // Nearest weekday: Saturday looks back to Friday, Sunday ahead to Monday.
  const day = wall.weekday === 6 ? wall.day - 1 : wall.weekday === 7 ? wall.day + 1 : wall.day;
  const [start, end] = workingWindow(day, ref);
  // Zones differ by at most 26 hours, so the other person's matching day is within two of ours.
  let total = 0;
  for (let d = day - 2; d <= day + 2; d += 1) {
    const [theirStart, theirEnd] = workingWindow(d, other);
    total += Math.max(0, Math.min(end, theirEnd) - Math.max(start, theirStart));
  }
  return Math.round(total / MINUTE_MS);
}

/**
 * Minutes of a weekday in which both people are in working hours, as their clocks stand on the
 * weekday nearest `around` (so the DST state of that week counts). Weekends are deliberately not
 * applied to the other side: across the date line Auckland's Monday is Honolulu's Sunday, yet the two
 * share seven hours on most weekdays, and that is what matching wants to know. Measured from both
 * sides so the answer does not depend on argument order.
 */
export function workingOverlapMinutes(tzA: string, tzB: string, around: Date): number {
  const a = safeZone(tzA);
  const b = safeZone(tzB);
  const ms = instant(around);
  return Math.max(overlapOnReferenceDay(a, b, ms), overlapOnReferenceDay(b, a, ms));
}

interface SlotCandidate {
  ms: number;
  /** Local day of the first person, used to spread suggestions over days. */
  day: number;
  night: number;
  weekend: number;
  outsideWorking: number;
  /** Minutes, summed over people, by which the slot misses their working window. */
  distance: number;
}

interface ZoneAssessment {
  working: boolean;
  night: boolean;
  weekend: boolean;
  distance: number;
}

function assessSlot(startMs: number, endMs: number, offsetAt: (ms: number) => number): ZoneAssessment {
  const start = wallFromLocalMs(startMs + offsetAt(startMs));
  // Minutes after the start day's midnight, so a slot running past midnight has end > 1440.
  const end = (endMs + offsetAt(endMs) - start.day * DAY_MS) / MINUTE_MS;
  const weekend = start.weekday > 5;
  const working = !weekend && start.minute >= WORK_START_MINUTE && end <= WORK_END_MINUTE;
  const distance = Math.max(0, WORK_START_MINUTE - start.minute) + Math.max(0, end - WORK_END_MINUTE);
  let night = false;
  for (let k = -1; k <= Math.floor(end / MINUTES_PER_DAY); k += 1) {
    const nightStart = k * MINUTES_PER_DAY + NIGHT_START_MINUTE;
    const nightEnd = (k + 1) * MINUTES_PER_DAY + NIGHT_END_MINUTE;
    if (start.minute < nightEnd && end > nightStart) night = true;
  }
  return { working, night, weekend, distance };
}

/** Lower is better: nobody at night first, then nobody on a weekend, then most people at work. */
function compareTier(a: SlotCandidate, b: SlotCandidate): number {
  return a.night - b.night || a.weekend - b.weekend || a.outsideWorking - b.outsideWorking;
}

/**
 * Up to `count` meeting start times in the 7 days after `from`, on the half hour of the first
 * person's clock, where every person is in working hours for the whole meeting; spread one per day
 * before doubling up. When the zones share no working time, the best compromise instead: nobody at
 * night (22:00-07:00) if avoidable, weekdays for everyone, as many people at work as possible and the
 * rest as close to their working hours as possible.
 */
export function suggestSlots(zones: readonly string[], from: Date, count = 3, durationMinutes = 30): Date[] {
  const wanted = Math.max(0, Math.floor(count));
  if (wanted === 0) return [];
  const people = zones.length > 0 ? zones.map(safeZone) : ['UTC'];
  const anchor = people[0] ?? 'UTC';
  const headcount = new Map<string, number>();
  for (const zone of people) headcount.set(zone, (headcount.get(zone) ?? 0) + 1);
  const offsetCache = new Map<string, Map<number, number>>();
  const offsetFor = (zone: string) => {
    let cache = offsetCache.get(zone);
    if (!cache) {
      cache = new Map();
      offsetCache.set(zone, cache);
    }
    const memo = cache;
    return (ms: number): number => {
      let offset = memo.get(ms);
      if (offset === undefined) {
        offset = offsetMs(zone, ms);
        memo.set(ms, offset);
      }
      return offset;
    };
  };
  const anchorOffset = offsetFor(anchor);

  const durationMs = Math.max(0, durationMinutes) * MINUTE_MS;
  const fromMs = instant(from);
  const untilMs = fromMs + SLOT_SEARCH_DAYS * DAY_MS;
  const candidates: SlotCandidate[] = [];
  // Every current offset is a multiple of 15 minutes, so a 15-minute UTC grid meets every local half hour.
  for (let ms = Math.floor(fromMs / QUARTER_HOUR_MS) * QUARTER_HOUR_MS + QUARTER_HOUR_MS; ms < untilMs; ) {
    const anchorWall = wallFromLocalMs(ms + anchorOffset(ms));
    if (anchorWall.minute % 30 === 0) {
      const candidate: SlotCandidate = {
        ms,
        day: anchorWall.day,
        night: 0,
        weekend: 0,
        outsideWorking: 0,
        distance: 0,
      };
      for (const [zone, heads] of headcount) {
        const verdict = assessSlot(ms, ms + durationMs, offsetFor(zone));
        if (verdict.night) candidate.night += heads;
        if (verdict.weekend) candidate.weekend += heads;
        if (!verdict.working) candidate.outsideWorking += heads;
        candidate.distance += verdict.distance * heads;
      }
      candidates.push(candidate);
    }
    ms += QUARTER_HOUR_MS;
  }

  const tiers: SlotCandidate[][] = [];
  for (const candidate of [...candidates].sort((a, b) => compareTier(a, b) || a.ms - b.ms)) {
    const last = tiers[tiers.length - 1];
    const head = last?.[0];
    if (last && head && compareTier(head, candidate) === 0) last.push(candidate);
    else tiers.push([candidate]);
  }

  // When everyone can meet inside working hours, only such slots are offered, even if fewer than asked.
  const perfect = tiers[0]?.[0];
  if (perfect && perfect.outsideWorking === 0 && perfect.night === 0 && perfect.weekend === 0)
    tiers.length = 1;

  const chosen: SlotCandidate[] = [];
  const daysTaken = new Set<number>();
  const gapMs = Math.max(durationMs, 30 * MINUTE_MS);
  const clashes = (c: SlotCandidate) => chosen.some((s) => Math.abs(s.ms - c.ms) < gapMs);
  const better = (a: SlotCandidate, b: SlotCandidate) => a.distance - b.distance || a.ms - b.ms;

  for (const tier of tiers) {
    if (chosen.length >= wanted) break;
    const byDay = new Map<number, SlotCandidate[]>();
    for (const c of tier) {
      const list = byDay.get(c.day);
      if (list) list.push(c);
      else byDay.set(c.day, [c]);
    }
    const days = [...byDay.keys()].sort((a, b) => a - b);
    for (const list of byDay.values()) list.sort(better);

    // One per day first, so people get a choice of days rather than three slots on Monday morning.
    for (const day of days) {
      if (chosen.length >= wanted) break;
      const best = byDay.get(day)?.[0];
      if (best && !daysTaken.has(day) && !clashes(best)) {
        chosen.push(best);
        daysTaken.add(day);
      }
    }
    // Then fill round-robin over the days, never overlapping an earlier suggestion.
    let progress = true;
    while (chosen.length < wanted && progress) {
      progress = false;
      for (const day of days) {
        if (chosen.length >= wanted) break;
        const next = byDay.get(day)?.find((c) => !clashes(c));
        if (next) {
          chosen.push(next);
          progress = true;
        }
      }
    }
  }

  return chosen.sort((a, b) => a.ms - b.ms).map((c) => new Date(c.ms));
}

/** How a person reads an instant in Slack text, e.g. 'Tue 5 Jan, 14:30', in their own zone. */
export function formatLocal(at: Date, tz: string): string {
  const zone = safeZone(tz);
  const ms = instant(at);
  const key = `${zone}@${ms}`;
  const known = localLabels.get(key);
  if (known !== undefined) return known;
  const local = DateTime.fromMillis(ms, { zone });
  const weekday = WEEKDAY_NAMES[local.weekday - 1] ?? '';
  const month = MONTH_NAMES[local.month - 1] ?? '';
  return remember(
    localLabels,
    key,
    `${weekday} ${local.day} ${month}, ${pad2(local.hour)}:${pad2(local.minute)}`,
  );
}

/**
 * The first instant from `from` (within a week, on the half hour) when everyone is in working hours, for a message
 * to a group DM; when their hours never meet, the first person's next working time.
 */
export function nextSharedWorkingTime(zones: readonly string[], from: Date): Date {
  const list = zones.length > 0 ? zones : ['UTC'];
  if (list.every((z) => isWorkingTime(from, z))) return new Date(from.getTime());
  const step = 30 * 60_000;
  const start = Math.ceil(from.getTime() / step) * step;
  for (let t = start; t < from.getTime() + 7 * 86_400_000; t += step) {
    const at = new Date(t);
    if (list.every((z) => isWorkingTime(at, z))) return at;
  }
  return nextWorkingTime(from, list[0]!);
}
