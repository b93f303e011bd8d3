// Pure rules behind the nudges that tests/domain/slips.test.ts and time.test.ts leave open: the ladder's edges,
// where a group-DM message waits, and how suggested times read in each person's zone.
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  dueOn,
  GRACE_DAYS,
  isAway,
  type LadderState,
  nextNudgeStep,
  type RelationshipFacts,
  seniorOf,
  standing,
} from '../../src/domain/slips';
import { addDays, isWorkingTime, nextSharedWorkingTime, suggestSlots } from '../../src/domain/time';
import { slotLines } from '../../src/slack/views/nudge';

const BERLIN = 'Europe/Berlin';
const LONDON = 'Europe/London';
const NEW_YORK = 'America/New_York';
const LOS_ANGELES = 'America/Los_Angeles';
const TOKYO = 'Asia/Tokyo';

const at = (iso: string) => new Date(iso);
const iso = (d: Date) => d.toISOString();

const rel = (over: Partial<RelationshipFacts> = {}): RelationshipFacts => ({
  status: 'active',
  startedOn: '2027-01-04',
  lastSessionOn: null,
  pausedUntilOn: null,
  cadenceDays: 14,
  ...over,
});
const fresh: LadderState = { step: 0, stepOn: null };

describe('standing at the edges', () => {
  it('turns slipping exactly GRACE_DAYS after the due date', () => {
    const due = dueOn(rel());
    expect(standing(rel(), addDays(due, GRACE_DAYS - 1))).toBe('due');
    expect(standing(rel(), addDays(due, GRACE_DAYS))).toBe('slipping');
  });

  it('stays paused without an end date, and counts from the end of a pause only when it is later', () => {
    expect(standing(rel({ status: 'paused', pausedUntilOn: null }), '2027-06-01')).toBe('paused');
    // A pause that ended before the last session does not move the due date.
    expect(dueOn(rel({ lastSessionOn: '2027-02-10', pausedUntilOn: '2027-02-01' }))).toBe('2027-02-24');
    // On the day a pause ends the relationship is no longer paused, and not yet due.
    expect(standing(rel({ status: 'paused', pausedUntilOn: '2027-02-01' }), '2027-02-01')).toBe('on_track');
  });
});

describe('the ladder, beyond the happy path', () => {
  const slipping = rel();

  it('never nudges a relationship that is due but not yet slipping, paused, or ended', () => {
    expect(nextNudgeStep(slipping, fresh, '2027-01-18')).toBe(0);
    expect(nextNudgeStep(rel({ status: 'paused', pausedUntilOn: '2027-02-01' }), fresh, '2027-01-25')).toBe(
      0,
    );
    expect(nextNudgeStep(rel({ status: 'ended' }), fresh, '2027-01-25')).toBe(0);
    expect(nextNudgeStep(rel({ status: 'ended' }), { step: 1, stepOn: '2027-01-21' }, '2027-03-01')).toBe(0);
  });

  it('counts the next cadence from the day a step was really taken (e.g. held back while someone was away)', () => {
    const late: LadderState = { step: 1, stepOn: '2027-01-28' };
    expect(nextNudgeStep(slipping, late, '2027-02-04')).toBe(0);
    expect(nextNudgeStep(slipping, late, '2027-02-10')).toBe(0);
    expect(nextNudgeStep(slipping, late, '2027-02-11')).toBe(2);
  });

  it('climbs one step at a time even after a long gap between runs', () => {
    expect(nextNudgeStep(slipping, fresh, '2027-06-01')).toBe(1);
    expect(nextNudgeStep(slipping, { step: 1, stepOn: '2027-01-21' }, '2027-06-01')).toBe(2);
    expect(nextNudgeStep(slipping, { step: 2, stepOn: '2027-01-21' }, '2027-06-01')).toBe(3);
  });

  it('treats a step with no date as a fresh ladder', () => {
    expect(nextNudgeStep(slipping, { step: 2, stepOn: null }, '2027-01-21')).toBe(1);
  });

  it('follows the program cadence: weekly and four-weekly', () => {
    const weekly = rel({ cadenceDays: 7 });
    expect(nextNudgeStep(weekly, fresh, '2027-01-13')).toBe(0);
    expect(nextNudgeStep(weekly, fresh, '2027-01-14')).toBe(1);
    expect(nextNudgeStep(weekly, { step: 1, stepOn: '2027-01-14' }, '2027-01-20')).toBe(0);
    expect(nextNudgeStep(weekly, { step: 1, stepOn: '2027-01-14' }, '2027-01-21')).toBe(2);
    const monthly = rel({ cadenceDays: 28 });
    expect(nextNudgeStep(monthly, fresh, '2027-02-03')).toBe(0);
    expect(nextNudgeStep(monthly, fresh, '2027-02-04')).toBe(1);
    expect(nextNudgeStep(monthly, { step: 1, stepOn: '2027-02-04' }, '2027-03-03')).toBe(0);
    expect(nextNudgeStep(monthly, { step: 1, stepOn: '2027-02-04' }, '2027-03-04')).toBe(2);
  });

  it('after a session (which resets the ladder) the next slip starts again at step 1', () => {
    const met = rel({ lastSessionOn: '2027-02-05' });
    expect(nextNudgeStep(met, fresh, '2027-02-18')).toBe(0);
    expect(nextNudgeStep(met, fresh, '2027-02-21')).toBe(0);
    expect(nextNudgeStep(met, fresh, '2027-02-22')).toBe(1);
  });

  it('takes at most one step per cadence and at most three, whatever the run days (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(7, 14, 28),
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 60 }),
        (cadenceDays, gaps) => {
          const r = rel({ cadenceDays });
          let ladder: LadderState = fresh;
          let day = '2027-01-04';
          const taken: string[] = [];
          for (const gap of gaps) {
            day = addDays(day, gap);
            const step = nextNudgeStep(r, ladder, day);
            if (step === 0) continue;
            expect(step).toBe(ladder.step + 1);
            if (ladder.stepOn)
              expect(
                Math.round((Date.parse(day) - Date.parse(ladder.stepOn)) / 864e5),
              ).toBeGreaterThanOrEqual(cadenceDays);
            else expect(standing(r, day)).toBe('slipping');
            ladder = { step, stepOn: day };
            taken.push(day);
          }
          expect(taken.length).toBeLessThanOrEqual(3);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('away statuses and the senior partner, more cases', () => {
  const now = Date.parse('2027-01-10T10:00:00Z');
  it('reads an emoji or a phrase alone, and a status expiring later still counts', () => {
    expect(isAway({ text: null, emoji: ':palm_tree:', expiration: null }, now)).toBe(true);
    expect(isAway({ text: 'Out of the office until the 20th', emoji: null, expiration: null }, now)).toBe(
      true,
    );
    expect(isAway({ text: 'On parental leave', emoji: ':baby:', expiration: null }, now)).toBe(true);
    expect(isAway({ text: 'Vacationing', emoji: null, expiration: now / 1000 + 3600 }, now)).toBe(true);
  });

  it('does not mistake ordinary statuses for absence', () => {
    expect(isAway({ text: 'Working remotely', emoji: ':house_with_garden:', expiration: null }, now)).toBe(
      false,
    );
    expect(isAway({ text: 'Awaiting review', emoji: null, expiration: null }, now)).toBe(false);
    expect(isAway({ text: null, emoji: null, expiration: null }, now)).toBe(false);
  });

  it('puts the later career stage first; ties and unknown levels keep the order given', () => {
    const people = [
      { userId: 'A', level: 'mid' as const },
      { userId: 'B', level: null },
      { userId: 'C', level: 'executive' as const },
    ];
    expect(seniorOf(people)?.userId).toBe('C');
    expect(
      seniorOf([
        { userId: 'A', level: 'senior' },
        { userId: 'B', level: 'senior' },
      ])?.userId,
    ).toBe('A');
    expect(seniorOf([{ userId: 'A', level: null }])?.userId).toBe('A');
    expect(seniorOf([])).toBeUndefined();
    // The caller's list is left as it was.
    expect(people.map((p) => p.userId)).toEqual(['A', 'B', 'C']);
  });
});

describe('nextSharedWorkingTime: when a group-DM message goes', () => {
  it('is the instant itself while everyone is at work', () => {
    expect(iso(nextSharedWorkingTime([BERLIN, LONDON], at('2027-01-21T10:00:00Z')))).toBe(
      '2027-01-21T10:00:00.000Z',
    );
  });

  it('waits for the first half hour the pair shares', () => {
    // 05:00 in New York: shared hours start at 09:00 there (15:00 in Berlin).
    expect(iso(nextSharedWorkingTime([NEW_YORK, BERLIN], at('2027-01-21T10:00:00Z')))).toBe(
      '2027-01-21T14:00:00.000Z',
    );
    // Across the date line: Los Angeles' Thursday afternoon is Tokyo's Friday morning.
    expect(iso(nextSharedWorkingTime([LOS_ANGELES, TOKYO], at('2027-01-21T10:00:00Z')))).toBe(
      '2027-01-22T00:00:00.000Z',
    );
    // Saturday: Monday 09:00 in London is 10:00 in Berlin.
    expect(iso(nextSharedWorkingTime([BERLIN, LONDON], at('2027-01-23T10:00:00Z')))).toBe(
      '2027-01-25T09:00:00.000Z',
    );
  });

  it('follows a daylight-saving change: New York springs forward on 14 March, Berlin two weeks later', () => {
    // Friday after the shared hours: next is Monday, when 09:00 in New York is 13:00 UTC (14:00 the week before).
    expect(iso(nextSharedWorkingTime([NEW_YORK, BERLIN], at('2027-03-12T17:00:00Z')))).toBe(
      '2027-03-15T13:00:00.000Z',
    );
    expect(iso(nextSharedWorkingTime([NEW_YORK, BERLIN], at('2027-03-05T17:00:00Z')))).toBe(
      '2027-03-08T14:00:00.000Z',
    );
  });

  it('falls back to the first person’s working hours when the zones never meet (9 hours apart)', () => {
    const from = at('2027-01-21T10:00:00Z'); // 02:00 in Los Angeles, 11:00 in Berlin
    expect(iso(nextSharedWorkingTime([LOS_ANGELES, BERLIN], from))).toBe('2027-01-21T17:00:00.000Z');
    expect(iso(nextSharedWorkingTime([BERLIN, LOS_ANGELES], from))).toBe('2027-01-21T10:00:00.000Z');
  });

  it('never goes before `from`, is always the first person’s working time, and everyone’s when hours meet (property)', () => {
    // Every two of these share working hours on weekdays all year.
    const meeting = [BERLIN, LONDON, NEW_YORK, 'America/Sao_Paulo'];
    const apart = [LOS_ANGELES, TOKYO, 'Australia/Sydney'];
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom(...meeting, ...apart), { minLength: 1, maxLength: 3 }),
        fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2029, 0, 1) }),
        (zones, ms) => {
          const next = nextSharedWorkingTime(zones, new Date(ms));
          expect(next.getTime()).toBeGreaterThanOrEqual(ms);
          expect(next.getTime()).toBeLessThan(ms + 8 * 86_400_000);
          expect(isWorkingTime(next, zones[0]!)).toBe(true);
          if (zones.length <= 2 && zones.every((z) => meeting.includes(z)))
            for (const z of zones) expect(isWorkingTime(next, z)).toBe(true);
        },
      ),
      // Zones that never meet scan a whole week, which is slow: a few dozen runs are plenty.
      { numRuns: 30 },
    );
  });
});

describe('suggested times for pairs 9 hours apart, across a daylight-saving change', () => {
  const hourIn = (d: Date, zone: string) => DateTime.fromJSDate(d, { zone });
  it('keeps Los Angeles and Berlin out of the night and off weekends while their offsets change', () => {
    // From 9 hours apart, to 8 (14 March), back to 9 (28 March).
    for (const start of ['2027-03-11T00:00:00Z', '2027-03-18T00:00:00Z', '2027-03-25T00:00:00Z']) {
      const slots = suggestSlots([LOS_ANGELES, BERLIN], at(start), 3);
      expect(slots).toHaveLength(3);
      for (const slot of slots) {
        for (const zone of [LOS_ANGELES, BERLIN]) {
          const local = hourIn(slot, zone);
          expect(local.weekday).toBeLessThanOrEqual(5);
          expect(local.hour >= 7 && local.hour * 60 + local.minute <= 21 * 60 + 30).toBe(true);
        }
        expect(isWorkingTime(slot, LOS_ANGELES) || isWorkingTime(slot, BERLIN)).toBe(true);
      }
    }
  });
});

describe('slotLines: each person reads their own clock', () => {
  const ana = { userId: 'UANA', tz: LOS_ANGELES };
  const taro = { userId: 'UTARO', tz: TOKYO };
  const ben = { userId: 'UBEN', tz: LONDON };

  it('shows only the time for someone on the same day', () => {
    expect(slotLines([at('2027-01-21T10:00:00Z')], [{ userId: 'UB', tz: BERLIN }, ben])).toBe(
      '• Thu 21 Jan, 11:00 for <@UB> · 10:00 for <@UBEN>',
    );
  });

  it('shows the day too when it differs, as across the date line', () => {
    const slot = at('2027-01-22T00:30:00Z');
    expect(slotLines([slot], [ana, taro])).toBe(
      '• Thu 21 Jan, 16:30 for <@UANA> · Fri 22 Jan, 09:30 for <@UTARO>',
    );
    expect(slotLines([slot], [taro, ana])).toBe(
      '• Fri 22 Jan, 09:30 for <@UTARO> · Thu 21 Jan, 16:30 for <@UANA>',
    );
  });
});
