import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addWorkingDays,
  dayPeriod,
  daysBetween,
  formatLocal,
  isoWeekPeriod,
  isWorkingTime,
  jobPeriod,
  localDate,
  localHourMinute,
  nextWorkingTime,
  safeZone,
  scheduledDue,
  suggestSlots,
  workingOverlapMinutes,
} from '../../src/domain/time.js';

const at = (iso: string) => new Date(iso);
const iso = (d: Date) => d.toISOString();
const MINUTE = 60_000;
const DAY = 86_400_000;

const BERLIN = 'Europe/Berlin';
const NEW_YORK = 'America/New_York';
const LOS_ANGELES = 'America/Los_Angeles';
const KOLKATA = 'Asia/Kolkata';
const TOKYO = 'Asia/Tokyo';
const LONDON = 'Europe/London';

const ZONES = [
  'UTC',
  LOS_ANGELES,
  NEW_YORK,
  'America/Sao_Paulo',
  LONDON,
  BERLIN,
  KOLKATA,
  'Asia/Kathmandu',
  TOKYO,
  'Australia/Sydney',
  'Pacific/Auckland',
  'Pacific/Honolulu',
] as const;

/** Independent of the module: Luxon's own reading of the local clock. */
function oracleWorking(d: Date, zone: string): boolean {
  const local = DateTime.fromJSDate(d, { zone });
  return local.weekday <= 5 && local.hour >= 9 && local.hour < 17;
}

/** In working hours from start to end, on one local day. */
function workingThroughout(start: Date, zone: string, minutes: number): boolean {
  const last = new Date(start.getTime() + minutes * MINUTE - 1);
  return (
    oracleWorking(start, zone) &&
    oracleWorking(last, zone) &&
    localDate(start, zone) === localDate(last, zone)
  );
}

function local(d: Date, zone: string): DateTime {
  return DateTime.fromJSDate(d, { zone });
}

function atNight(start: Date, zone: string, minutes: number): boolean {
  for (let t = start.getTime(); t < start.getTime() + minutes * MINUTE; t += 15 * MINUTE) {
    const hour = local(new Date(t), zone).hour;
    if (hour >= 22 || hour < 7) return true;
  }
  return false;
}

// 2000-2060 keeps the property tests in the era of today's offset rules.
const instantArb = fc
  .integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2060, 0, 1) })
  .map((ms) => new Date(ms));
const zoneArb = fc.constantFrom(...ZONES);

describe('safeZone', () => {
  it('keeps a valid IANA zone, trimmed', () => {
    expect(safeZone(BERLIN)).toBe(BERLIN);
    expect(safeZone(' Asia/Kolkata ')).toBe(KOLKATA);
  });

  it.each([[''], ['   '], [null], [undefined], ['Mars/Olympus'], ['GMT+25'], ['not a zone']])(
    'falls back to UTC for %j',
    (tz) => {
      expect(safeZone(tz)).toBe('UTC');
    },
  );

  it('makes every function treat an invalid zone as UTC', () => {
    const mondayNineUtc = at('2027-01-04T09:00:00Z');
    expect(isWorkingTime(mondayNineUtc, 'Mars/Olympus')).toBe(true);
    expect(isWorkingTime(at('2027-01-04T08:59:00Z'), '')).toBe(false);
    expect(localDate(at('2027-01-01T23:30:00Z'), 'nope')).toBe('2027-01-01');
    expect(formatLocal(mondayNineUtc, 'Nowhere/Land')).toBe('Mon 4 Jan, 09:00');
    expect(iso(nextWorkingTime(at('2027-01-08T17:00:00Z'), 'bogus'))).toBe('2027-01-11T09:00:00.000Z');
  });
});

describe('isWorkingTime', () => {
  // Berlin is UTC+1 in January; 2027-01-04 is a Monday.
  it.each([
    ['2027-01-04T07:59:59.999Z', false, 'Monday 08:59:59.999'],
    ['2027-01-04T08:00:00Z', true, 'Monday 09:00'],
    ['2027-01-04T15:59:00Z', true, 'Monday 16:59'],
    ['2027-01-04T15:59:59.999Z', true, 'Monday 16:59:59.999'],
    ['2027-01-04T16:00:00Z', false, 'Monday 17:00'],
    ['2027-01-08T15:59:00Z', true, 'Friday 16:59'],
    ['2027-01-08T16:00:00Z', false, 'Friday 17:00'],
    ['2027-01-09T11:00:00Z', false, 'Saturday noon'],
    ['2027-01-10T11:00:00Z', false, 'Sunday noon'],
    ['2027-01-04T21:00:00Z', false, 'Monday 22:00'],
  ])('%s in Berlin (%s → %s)', (instant, expected) => {
    expect(isWorkingTime(at(instant), BERLIN)).toBe(expected);
  });

  it('judges the same instant by each person’s own clock', () => {
    const instant = at('2027-01-04T16:30:00Z');
    expect(isWorkingTime(instant, BERLIN)).toBe(false); // 17:30
    expect(isWorkingTime(instant, NEW_YORK)).toBe(true); // 11:30
    expect(isWorkingTime(instant, KOLKATA)).toBe(false); // 22:00
    expect(isWorkingTime(instant, 'UTC')).toBe(true);
  });

  it('knows Monday morning in Auckland is still Sunday in Los Angeles', () => {
    const instant = at('2027-01-03T21:00:00Z');
    expect(isWorkingTime(instant, 'Pacific/Auckland')).toBe(true); // Mon 10:00 NZDT
    expect(isWorkingTime(instant, LOS_ANGELES)).toBe(false); // Sun 13:00 PST
  });

  it('honours half-hour offsets', () => {
    expect(isWorkingTime(at('2027-01-04T03:29:00Z'), KOLKATA)).toBe(false); // 08:59 IST
    expect(isWorkingTime(at('2027-01-04T03:30:00Z'), KOLKATA)).toBe(true); // 09:00 IST
    expect(isWorkingTime(at('2027-01-04T11:29:00Z'), KOLKATA)).toBe(true); // 16:59 IST
    expect(isWorkingTime(at('2027-01-04T11:30:00Z'), KOLKATA)).toBe(false); // 17:00 IST
  });

  it('rejects an invalid Date', () => {
    expect(() => isWorkingTime(new Date(Number.NaN), BERLIN)).toThrow(RangeError);
  });

  it('agrees with Luxon’s reading of the local clock', () => {
    fc.assert(
      fc.property(instantArb, zoneArb, (instant, zone) => {
        expect(isWorkingTime(instant, zone)).toBe(oracleWorking(instant, zone));
      }),
      { numRuns: 500 },
    );
  });
});

describe('nextWorkingTime', () => {
  it('returns the instant itself inside working hours', () => {
    expect(iso(nextWorkingTime(at('2027-01-05T12:34:56.789Z'), BERLIN))).toBe('2027-01-05T12:34:56.789Z');
    expect(iso(nextWorkingTime(at('2027-01-08T15:59:00Z'), BERLIN))).toBe('2027-01-08T15:59:00.000Z');
  });

  it('waits for 09:00 the same day before hours', () => {
    expect(iso(nextWorkingTime(at('2027-01-05T05:00:00Z'), BERLIN))).toBe('2027-01-05T08:00:00.000Z');
  });

  it('moves an evening to the next morning', () => {
    expect(iso(nextWorkingTime(at('2027-01-05T16:00:00Z'), BERLIN))).toBe('2027-01-06T08:00:00.000Z');
  });

  it('moves Friday 17:00 to Monday 09:00', () => {
    expect(iso(nextWorkingTime(at('2027-01-08T16:00:00Z'), BERLIN))).toBe('2027-01-11T08:00:00.000Z');
  });

  it('moves the weekend to Monday 09:00', () => {
    expect(iso(nextWorkingTime(at('2027-01-09T10:00:00Z'), BERLIN))).toBe('2027-01-11T08:00:00.000Z');
    expect(iso(nextWorkingTime(at('2027-01-10T22:59:00Z'), BERLIN))).toBe('2027-01-11T08:00:00.000Z');
  });

  it('uses the person’s zone, half-hour offsets included', () => {
    // Saturday in Kolkata: Monday 09:00 IST is 03:30 UTC.
    expect(iso(nextWorkingTime(at('2027-01-09T06:00:00Z'), KOLKATA))).toBe('2027-01-11T03:30:00.000Z');
    // Friday 18:00 UTC is still Friday 10:00 in Los Angeles.
    expect(iso(nextWorkingTime(at('2027-01-08T18:00:00Z'), LOS_ANGELES))).toBe('2027-01-08T18:00:00.000Z');
  });

  it('lands on 09:00 local across the US DST start (2027-03-14)', () => {
    // Friday 17:00 EST → Monday 09:00 EDT, which is 13:00 UTC instead of 14:00.
    const next = nextWorkingTime(at('2027-03-12T22:00:00Z'), NEW_YORK);
    expect(iso(next)).toBe('2027-03-15T13:00:00.000Z');
    expect(localHourMinute(next, NEW_YORK)).toEqual({ hour: 9, minute: 0, weekday: 1 });
    // From the DST Sunday itself, before the clocks jump.
    expect(iso(nextWorkingTime(at('2027-03-14T06:30:00Z'), NEW_YORK))).toBe('2027-03-15T13:00:00.000Z');
  });

  it('lands on 09:00 local across the EU DST start (2027-03-28) and end (2027-10-31)', () => {
    expect(iso(nextWorkingTime(at('2027-03-26T17:00:00Z'), BERLIN))).toBe('2027-03-29T07:00:00.000Z');
    expect(iso(nextWorkingTime(at('2027-10-29T15:00:00Z'), BERLIN))).toBe('2027-11-01T08:00:00.000Z');
  });

  it('is always working time, never earlier, and skips no working time (property)', () => {
    fc.assert(
      fc.property(instantArb, zoneArb, (instant, zone) => {
        const next = nextWorkingTime(instant, zone);
        expect(next.getTime()).toBeGreaterThanOrEqual(instant.getTime());
        expect(isWorkingTime(next, zone)).toBe(true);
        expect(oracleWorking(next, zone)).toBe(true);
        if (next.getTime() !== instant.getTime()) {
          const l = local(next, zone);
          expect([l.hour, l.minute, l.second, l.millisecond]).toEqual([9, 0, 0, 0]);
          // 15-minute steps also meet the :45 starts of Kathmandu.
          const step = 15 * MINUTE;
          for (let t = Math.ceil(instant.getTime() / step) * step; t < next.getTime(); t += step) {
            expect(oracleWorking(new Date(t), zone)).toBe(false);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('addWorkingDays', () => {
  it('owes the 3-working-day reminder of a Wednesday invitation on Monday, same local time', () => {
    // Wed 6 Jan 10:00 Berlin → Mon 11 Jan 10:00 Berlin.
    expect(iso(addWorkingDays(at('2027-01-06T09:00:00Z'), BERLIN, 3))).toBe('2027-01-11T09:00:00.000Z');
  });

  it('owes the 7-working-day reminder of a Thursday invitation on the Monday a week and a half later', () => {
    expect(iso(addWorkingDays(at('2027-01-07T09:00:00Z'), BERLIN, 7))).toBe('2027-01-18T09:00:00.000Z');
  });

  it('skips the weekend from Friday', () => {
    expect(iso(addWorkingDays(at('2027-01-08T14:00:00Z'), BERLIN, 1))).toBe('2027-01-11T14:00:00.000Z');
  });

  it('counts Monday as the first working day after a weekend day', () => {
    expect(iso(addWorkingDays(at('2027-01-09T14:00:00Z'), BERLIN, 1))).toBe('2027-01-11T14:00:00.000Z');
    expect(iso(addWorkingDays(at('2027-01-10T14:00:00Z'), BERLIN, 3))).toBe('2027-01-13T14:00:00.000Z');
    expect(iso(addWorkingDays(at('2027-01-09T14:00:00Z'), BERLIN, 0))).toBe('2027-01-09T14:00:00.000Z');
  });

  it('goes backwards for negative days', () => {
    expect(iso(addWorkingDays(at('2027-01-11T09:00:00Z'), BERLIN, -1))).toBe('2027-01-08T09:00:00.000Z');
  });

  it('uses the local weekday: Friday afternoon in Los Angeles is already Saturday in Berlin', () => {
    const instant = at('2027-01-08T23:30:00Z');
    expect(iso(addWorkingDays(instant, LOS_ANGELES, 1))).toBe('2027-01-11T23:30:00.000Z'); // Mon 15:30 PST
    expect(iso(addWorkingDays(instant, BERLIN, 1))).toBe('2027-01-10T23:30:00.000Z'); // Mon 00:30 CET
  });

  it('keeps the local time of day across a DST change', () => {
    // Thu 11 Mar 10:00 EST → Tue 16 Mar 10:00 EDT: 71 hours of weekdays, not 72.
    expect(iso(addWorkingDays(at('2027-03-11T15:00:00Z'), NEW_YORK, 3))).toBe('2027-03-16T14:00:00.000Z');
  });

  it('rejects fractional days', () => {
    expect(() => addWorkingDays(at('2027-01-04T09:00:00Z'), BERLIN, 1.5)).toThrow(RangeError);
  });

  it('lands on a weekday after exactly `days` weekdays, at the same local time (property)', () => {
    fc.assert(
      fc.property(instantArb, zoneArb, fc.integer({ min: 1, max: 15 }), (instant, zone, days) => {
        const result = addWorkingDays(instant, zone, days);
        const from = local(instant, zone);
        const to = local(result, zone);
        expect(to.weekday).toBeLessThanOrEqual(5);
        // DST gaps sit at night; in the day the wall time must survive unchanged.
        if (from.hour >= 4)
          expect([to.hour, to.minute, to.second]).toEqual([from.hour, from.minute, from.second]);
        const start = localDate(instant, zone);
        const span = daysBetween(start, localDate(result, zone));
        let weekdays = 0;
        for (let i = 1; i <= span; i += 1) {
          const weekday = DateTime.fromISO(addDays(start, i), { zone: 'utc' }).weekday;
          if (weekday <= 5) weekdays += 1;
        }
        expect(weekdays).toBe(days);
      }),
      { numRuns: 300 },
    );
  });
});

describe('localDate, dayPeriod and localHourMinute', () => {
  it('gives the date on the person’s calendar', () => {
    const instant = at('2027-01-01T02:00:00Z');
    expect(localDate(instant, LOS_ANGELES)).toBe('2026-12-31');
    expect(localDate(instant, TOKYO)).toBe('2027-01-01');
    expect(dayPeriod(instant, LOS_ANGELES)).toBe('2026-12-31');
    expect(dayPeriod(at('2027-01-04T10:00:00Z'), BERLIN)).toBe('2027-01-04');
  });

  it('reads the local clock with ISO weekdays', () => {
    expect(localHourMinute(at('2027-01-04T03:30:00Z'), KOLKATA)).toEqual({ hour: 9, minute: 0, weekday: 1 });
    expect(localHourMinute(at('2027-01-04T03:30:00Z'), 'Asia/Kathmandu')).toEqual({
      hour: 9,
      minute: 15,
      weekday: 1,
    });
    expect(localHourMinute(at('2027-01-10T23:59:59Z'), 'UTC')).toEqual({ hour: 23, minute: 59, weekday: 7 });
    expect(localHourMinute(at('2027-01-11T00:30:00Z'), LOS_ANGELES)).toEqual({
      hour: 16,
      minute: 30,
      weekday: 7,
    });
  });

  it('agrees with Luxon (property)', () => {
    fc.assert(
      fc.property(instantArb, zoneArb, (instant, zone) => {
        const l = local(instant, zone);
        expect(localHourMinute(instant, zone)).toEqual({
          hour: l.hour,
          minute: l.minute,
          weekday: l.weekday,
        });
        expect(localDate(instant, zone)).toBe(l.toISODate());
      }),
      { numRuns: 300 },
    );
  });
});

describe('isoWeekPeriod', () => {
  it.each([
    ['2026-12-28T12:00:00Z', '2026-W53'],
    ['2026-12-31T12:00:00Z', '2026-W53'],
    ['2027-01-01T12:00:00Z', '2026-W53'],
    ['2027-01-03T12:00:00Z', '2026-W53'],
    ['2027-01-04T12:00:00Z', '2027-W01'],
    ['2027-03-01T12:00:00Z', '2027-W09'],
    ['2024-12-30T12:00:00Z', '2025-W01'],
    ['2027-12-31T12:00:00Z', '2027-W52'],
  ])('%s is in %s', (instant, period) => {
    expect(isoWeekPeriod(at(instant), 'UTC')).toBe(period);
  });

  it('uses the zone’s calendar at the week boundary', () => {
    // Sunday 23:30 UTC is already Monday 00:30 in Berlin.
    const instant = at('2027-01-03T23:30:00Z');
    expect(isoWeekPeriod(instant, 'UTC')).toBe('2026-W53');
    expect(isoWeekPeriod(instant, BERLIN)).toBe('2027-W01');
    expect(isoWeekPeriod(instant, LOS_ANGELES)).toBe('2026-W53');
  });

  it('names the week by the year of its Thursday (property)', () => {
    fc.assert(
      fc.property(instantArb, zoneArb, (instant, zone) => {
        const date = localDate(instant, zone);
        const thursday = addDays(date, 4 - localHourMinute(instant, zone).weekday);
        const jan1 = `${thursday.slice(0, 4)}-01-01`;
        const week = Math.floor(daysBetween(jan1, thursday) / 7) + 1;
        expect(isoWeekPeriod(instant, zone)).toBe(
          `${thursday.slice(0, 4)}-W${String(week).padStart(2, '0')}`,
        );
      }),
      { numRuns: 300 },
    );
  });
});

describe('daysBetween and addDays', () => {
  it.each([
    ['2027-03-10', '2027-03-20', 10],
    ['2027-03-27', '2027-03-29', 2],
    ['2027-10-30', '2027-11-01', 2],
    ['2027-02-28', '2027-03-01', 1],
    ['2028-02-28', '2028-03-01', 2],
    ['2026-12-31', '2027-01-01', 1],
    ['2027-01-05', '2027-01-05', 0],
    ['2027-01-05', '2027-01-01', -4],
  ])('from %s to %s is %i days', (from, to, days) => {
    expect(daysBetween(from, to)).toBe(days);
  });

  it('adds calendar days', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-03-01', -1)).toBe('2027-02-28');
    expect(addDays('2027-03-27', 2)).toBe('2027-03-29');
    expect(addDays('2027-01-05', 0)).toBe('2027-01-05');
  });

  it.each([['2027-02-30'], ['2027-1-5'], ['2027-01-05T00:00'], ['yesterday'], ['']])('rejects %j', (bad) => {
    expect(() => daysBetween(bad, '2027-01-05')).toThrow(RangeError);
    expect(() => addDays(bad, 1)).toThrow(RangeError);
  });

  it('round-trips (property)', () => {
    const dateArb = fc
      .integer({ min: 0, max: 40_000 })
      .map((n) => new Date(Date.UTC(1990, 0, 1) + n * DAY).toISOString().slice(0, 10));
    fc.assert(
      fc.property(dateArb, fc.integer({ min: -1000, max: 1000 }), (date, days) => {
        expect(daysBetween(date, addDays(date, days))).toBe(days);
      }),
    );
  });
});

describe('scheduledDue and jobPeriod', () => {
  it('makes daily jobs due from 10:00 local each day', () => {
    expect(scheduledDue('daily', at('2027-01-05T08:59:00Z'), BERLIN)).toBe(false); // 09:59
    expect(scheduledDue('daily', at('2027-01-05T09:00:00Z'), BERLIN)).toBe(true); // 10:00
    expect(scheduledDue('daily', at('2027-01-05T22:59:00Z'), BERLIN)).toBe(true); // 23:59
    expect(scheduledDue('daily', at('2027-01-05T23:00:00Z'), BERLIN)).toBe(false); // next day 00:00
    expect(scheduledDue('daily', at('2027-01-09T09:00:00Z'), BERLIN)).toBe(true); // Saturday too
  });

  it('makes the digest due from Monday 09:00 for the rest of the ISO week', () => {
    expect(scheduledDue('digest', at('2027-01-04T07:59:00Z'), BERLIN)).toBe(false); // Mon 08:59
    expect(scheduledDue('digest', at('2027-01-04T08:00:00Z'), BERLIN)).toBe(true); // Mon 09:00
    expect(scheduledDue('digest', at('2027-01-05T02:00:00Z'), BERLIN)).toBe(true); // Tue 03:00, catch-up
    expect(scheduledDue('digest', at('2027-01-10T22:59:00Z'), BERLIN)).toBe(true); // Sun 23:59
    expect(scheduledDue('digest', at('2027-01-10T23:00:00Z'), BERLIN)).toBe(false); // next Mon 00:00
  });

  it('reads the schedule in the program’s zone', () => {
    const instant = at('2027-01-04T16:00:00Z');
    expect(scheduledDue('digest', instant, BERLIN)).toBe(true); // Mon 17:00
    expect(scheduledDue('digest', instant, LOS_ANGELES)).toBe(false); // Mon 08:00
    expect(scheduledDue('daily', instant, LOS_ANGELES)).toBe(false);
    expect(scheduledDue('daily', instant, TOKYO)).toBe(false); // Tue 01:00
  });

  it('names the period: ISO week for the digest, local day for daily jobs', () => {
    const sunday = at('2027-01-03T12:00:00Z');
    expect(jobPeriod('digest', sunday, BERLIN)).toBe('2026-W53');
    expect(jobPeriod('daily', sunday, BERLIN)).toBe('2027-01-03');
    expect(jobPeriod('daily', at('2027-01-04T03:00:00Z'), LOS_ANGELES)).toBe('2027-01-03');
    expect(jobPeriod('digest', at('2027-01-04T08:00:00Z'), BERLIN)).toBe('2027-W01');
  });
});

describe('workingOverlapMinutes', () => {
  it('follows the two DST changes between New York and Berlin', () => {
    expect(workingOverlapMinutes(BERLIN, NEW_YORK, at('2027-03-10T12:00:00Z'))).toBe(120); // both standard
    expect(workingOverlapMinutes(BERLIN, NEW_YORK, at('2027-03-17T12:00:00Z'))).toBe(180); // only US on DST
    expect(workingOverlapMinutes(BERLIN, NEW_YORK, at('2027-04-07T12:00:00Z'))).toBe(120); // both on DST
    expect(workingOverlapMinutes(NEW_YORK, BERLIN, at('2027-03-17T12:00:00Z'))).toBe(180);
  });

  it('measures a weekend day on the nearest weekday', () => {
    expect(workingOverlapMinutes(BERLIN, NEW_YORK, at('2027-03-13T12:00:00Z'))).toBe(120); // Sat → Fri 12th
    expect(workingOverlapMinutes(BERLIN, NEW_YORK, at('2027-03-14T12:00:00Z'))).toBe(180); // Sun → Mon 15th
  });

  it('is zero for zones 12.5 hours apart and for zones 8 or 9 hours apart', () => {
    expect(workingOverlapMinutes(LOS_ANGELES, KOLKATA, at('2027-01-04T12:00:00Z'))).toBe(0);
    expect(workingOverlapMinutes(LOS_ANGELES, KOLKATA, at('2027-07-05T12:00:00Z'))).toBe(0);
    expect(workingOverlapMinutes(LOS_ANGELES, BERLIN, at('2027-01-04T12:00:00Z'))).toBe(0);
    expect(workingOverlapMinutes(TOKYO, LONDON, at('2027-01-04T12:00:00Z'))).toBe(0);
    expect(workingOverlapMinutes(TOKYO, LONDON, at('2027-07-05T12:00:00Z'))).toBe(0); // 17:00 JST is 09:00 BST
  });

  it('counts partial overlaps, half-hour offsets included', () => {
    expect(workingOverlapMinutes(TOKYO, BERLIN, at('2027-01-04T12:00:00Z'))).toBe(0);
    expect(workingOverlapMinutes(TOKYO, BERLIN, at('2027-07-05T12:00:00Z'))).toBe(60);
    expect(workingOverlapMinutes(KOLKATA, BERLIN, at('2027-01-04T12:00:00Z'))).toBe(210);
    expect(workingOverlapMinutes(KOLKATA, BERLIN, at('2027-07-05T12:00:00Z'))).toBe(270);
    expect(workingOverlapMinutes(BERLIN, LONDON, at('2027-01-04T12:00:00Z'))).toBe(420);
  });

  it('is a full day for the same zone or an invalid pair', () => {
    expect(workingOverlapMinutes(BERLIN, BERLIN, at('2027-01-04T12:00:00Z'))).toBe(480);
    expect(workingOverlapMinutes('', 'Mars/Olympus', at('2027-01-04T12:00:00Z'))).toBe(480);
  });

  it('sees the shared hours across the date line', () => {
    // Auckland Tue-Fri 09:00-16:00 is Honolulu Mon-Thu 10:00-17:00.
    expect(workingOverlapMinutes('Pacific/Auckland', 'Pacific/Honolulu', at('2027-01-06T00:00:00Z'))).toBe(
      420,
    );
  });

  it('is symmetric and between 0 and 480 (property)', () => {
    fc.assert(
      fc.property(zoneArb, zoneArb, instantArb, (a, b, around) => {
        const minutes = workingOverlapMinutes(a, b, around);
        expect(minutes).toBe(workingOverlapMinutes(b, a, around));
        expect(minutes).toBeGreaterThanOrEqual(0);
        expect(minutes).toBeLessThanOrEqual(480);
      }),
      { numRuns: 200 },
    );
  });
});

describe('suggestSlots', () => {
  function expectWithinWindow(slots: Date[], from: Date): void {
    for (const slot of slots) {
      expect(slot.getTime()).toBeGreaterThan(from.getTime());
      expect(slot.getTime()).toBeLessThan(from.getTime() + 7 * DAY);
    }
    const times = slots.map((s) => s.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
  }

  it('offers three slots on three days inside both people’s hours (Tokyo and Berlin in summer)', () => {
    const from = at('2027-06-07T00:00:00Z'); // Monday
    const slots = suggestSlots([TOKYO, BERLIN], from);
    // The only shared hour is 16:00-17:00 in Tokyo, 09:00-10:00 in Berlin.
    expect(slots.map(iso)).toEqual([
      '2027-06-07T07:00:00.000Z',
      '2027-06-08T07:00:00.000Z',
      '2027-06-09T07:00:00.000Z',
    ]);
    for (const slot of slots) {
      expect(workingThroughout(slot, TOKYO, 30)).toBe(true);
      expect(workingThroughout(slot, BERLIN, 30)).toBe(true);
    }
  });

  it('starts strictly after `from` and fits the whole meeting', () => {
    const slots = suggestSlots([TOKYO, BERLIN], at('2027-06-07T07:00:00Z'), 1);
    expect(slots.map(iso)).toEqual(['2027-06-07T07:30:00.000Z']);
    const hour = suggestSlots([TOKYO, BERLIN], at('2027-06-07T07:00:00Z'), 2, 60);
    expect(hour.map(iso)).toEqual(['2027-06-08T07:00:00.000Z', '2027-06-09T07:00:00.000Z']);
  });

  it('doubles up on a day only after every day has one, and never offers a slot outside hours to fill', () => {
    const slots = suggestSlots([TOKYO, BERLIN], at('2027-06-07T00:00:00Z'), 20);
    expect(slots).toHaveLength(10); // two half hours on each of five weekdays
    for (const slot of slots) {
      expect(workingThroughout(slot, TOKYO, 30) && workingThroughout(slot, BERLIN, 30)).toBe(true);
    }
    const six = suggestSlots([TOKYO, BERLIN], at('2027-06-07T00:00:00Z'), 6);
    expect(new Set(six.map((s) => localDate(s, TOKYO))).size).toBe(5);
  });

  it('skips the weekend and follows DST for New York and Berlin', () => {
    const from = at('2027-03-12T20:00:00Z'); // Friday afternoon in New York, evening in Berlin
    const slots = suggestSlots([NEW_YORK, BERLIN], from, 3);
    expect(slots).toHaveLength(3);
    expectWithinWindow(slots, from);
    expect(slots.map((s) => localDate(s, NEW_YORK))).toEqual(['2027-03-15', '2027-03-16', '2027-03-17']);
    for (const slot of slots) {
      expect(workingThroughout(slot, NEW_YORK, 30)).toBe(true);
      expect(workingThroughout(slot, BERLIN, 30)).toBe(true);
      expect(local(slot, NEW_YORK).minute % 30).toBe(0);
    }
    // New York is on DST from the 14th, Berlin not yet: 09:00 EDT is 14:00 CET.
    expect(formatLocal(slots[0]!, NEW_YORK)).toBe('Mon 15 Mar, 09:00');
    expect(formatLocal(slots[0]!, BERLIN)).toBe('Mon 15 Mar, 14:00');
  });

  it('finds a compromise for Los Angeles and Berlin, 9 hours apart', () => {
    const from = at('2027-01-04T00:00:00Z');
    const slots = suggestSlots([LOS_ANGELES, BERLIN], from);
    expect(slots).toHaveLength(3);
    expectWithinWindow(slots, from);
    expect(new Set(slots.map((s) => localDate(s, LOS_ANGELES))).size).toBe(3);
    for (const slot of slots) {
      expect(atNight(slot, LOS_ANGELES, 30) || atNight(slot, BERLIN, 30)).toBe(false);
      expect(local(slot, LOS_ANGELES).weekday).toBeLessThanOrEqual(5);
      expect(local(slot, BERLIN).weekday).toBeLessThanOrEqual(5);
      // One of them is at work; the other is at most 90 minutes outside their day.
      expect(workingThroughout(slot, LOS_ANGELES, 30) || workingThroughout(slot, BERLIN, 30)).toBe(true);
    }
    expect(formatLocal(slots[0]!, LOS_ANGELES)).toBe('Mon 4 Jan, 07:30');
    expect(formatLocal(slots[0]!, BERLIN)).toBe('Mon 4 Jan, 16:30');
  });

  it('finds a compromise for Tokyo and London, 9 hours apart', () => {
    const from = at('2027-01-04T00:00:00Z');
    const slots = suggestSlots([TOKYO, LONDON], from, 2);
    expect(slots).toHaveLength(2);
    for (const slot of slots) {
      expect(atNight(slot, TOKYO, 30) || atNight(slot, LONDON, 30)).toBe(false);
      expect(workingThroughout(slot, TOKYO, 30) || workingThroughout(slot, LONDON, 30)).toBe(true);
      expect(local(slot, TOKYO).weekday).toBeLessThanOrEqual(5);
      expect(local(slot, LONDON).weekday).toBeLessThanOrEqual(5);
    }
  });

  it('puts Los Angeles and Kolkata in an LA evening that is a Kolkata morning, not at night', () => {
    const from = at('2027-01-04T00:00:00Z');
    const slots = suggestSlots([LOS_ANGELES, KOLKATA], from);
    expect(slots).toHaveLength(3);
    for (const slot of slots) {
      expect(workingThroughout(slot, KOLKATA, 30)).toBe(true);
      expect(atNight(slot, LOS_ANGELES, 30)).toBe(false);
      expect(local(slot, LOS_ANGELES).weekday).toBeLessThanOrEqual(5);
    }
    expect(formatLocal(slots[0]!, LOS_ANGELES)).toBe('Mon 4 Jan, 19:30');
    expect(formatLocal(slots[0]!, KOLKATA)).toBe('Tue 5 Jan, 09:00');
  });

  it('still answers when somebody is at night whatever the hour', () => {
    const zones = [LOS_ANGELES, KOLKATA, 'Australia/Sydney', LONDON];
    const slots = suggestSlots(zones, at('2027-01-04T00:00:00Z'), 3);
    expect(slots).toHaveLength(3);
    for (const slot of slots) {
      expect(zones.filter((z) => atNight(slot, z, 30))).toHaveLength(1);
    }
  });

  it('still answers when the meeting is longer than a working day', () => {
    const slots = suggestSlots([BERLIN], at('2027-01-04T00:00:00Z'), 2, 600);
    expect(slots).toHaveLength(2);
  });

  it('handles one person, nobody, an invalid zone, and a count of zero', () => {
    const from = at('2027-01-09T12:00:00Z'); // Saturday
    const alone = suggestSlots([KOLKATA], from, 3);
    expect(alone.map((s) => formatLocal(s, KOLKATA))).toEqual([
      'Mon 11 Jan, 09:00',
      'Tue 12 Jan, 09:00',
      'Wed 13 Jan, 09:00',
    ]);
    expect(suggestSlots([], from, 1).map(iso)).toEqual(['2027-01-11T09:00:00.000Z']);
    expect(suggestSlots(['Mars/Olympus'], from, 1).map(iso)).toEqual(['2027-01-11T09:00:00.000Z']);
    expect(suggestSlots([BERLIN, NEW_YORK], from, 0)).toEqual([]);
  });

  it('gives only slots inside everyone’s hours whenever the zones overlap (property)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(zoneArb, { minLength: 1, maxLength: 3 }),
        instantArb,
        fc.integer({ min: 1, max: 5 }),
        (zones, from, count) => {
          const slots = suggestSlots(zones, from, count);
          expect(slots.length).toBeGreaterThan(0);
          expect(slots.length).toBeLessThanOrEqual(count);
          expectWithinWindow(slots, from);
          const overlapEveryWeekday = zones.every((a) =>
            zones.every((b) => workingOverlapMinutes(a, b, from) >= 120),
          );
          const allWorking = slots.every((slot) => zones.every((z) => workingThroughout(slot, z, 30)));
          // With two hours shared by every pair of three zones on an 8-hour day, some common half hour exists.
          if (overlapEveryWeekday && zones.length <= 2) expect(allWorking).toBe(true);
          if (allWorking && count <= 3) {
            expect(new Set(slots.map((s) => localDate(s, zones[0]!))).size).toBe(slots.length);
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('formatLocal', () => {
  it('shows the instant on each person’s clock', () => {
    const instant = at('2027-01-05T13:30:00Z');
    expect(formatLocal(instant, BERLIN)).toBe('Tue 5 Jan, 14:30');
    expect(formatLocal(instant, LOS_ANGELES)).toBe('Tue 5 Jan, 05:30');
    expect(formatLocal(instant, KOLKATA)).toBe('Tue 5 Jan, 19:00');
    expect(formatLocal(at('2027-01-05T20:00:00Z'), TOKYO)).toBe('Wed 6 Jan, 05:00');
    expect(formatLocal(at('2027-09-30T23:05:00Z'), 'UTC')).toBe('Thu 30 Sep, 23:05');
  });
});
