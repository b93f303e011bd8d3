import { describe, expect, it } from 'vitest';
import { periodIndex } from '../../src/flows/checkins';
import { validateGoals } from '../../src/flows/goals';

describe('check-in periods', () => {
  it('counts whole check-in intervals from the start of the relationship', () => {
    expect(periodIndex('2027-01-04', '2027-01-04', 28)).toBe(0);
    expect(periodIndex('2027-01-04', '2027-01-31', 28)).toBe(0);
    expect(periodIndex('2027-01-04', '2027-02-01', 28)).toBe(1);
    expect(periodIndex('2027-01-04', '2027-03-01', 28)).toBe(2);
    expect(periodIndex('2027-01-04', '2027-01-18', 14)).toBe(1);
  });

  it('starts late relationships on their own start date, not the program launch', () => {
    expect(periodIndex('2027-02-20', '2027-03-01', 14)).toBe(0);
    expect(periodIndex('2027-02-20', '2027-03-06', 14)).toBe(1);
  });

  it('crosses a daylight-saving change by calendar days', () => {
    expect(periodIndex('2027-03-14', '2027-03-28', 14)).toBe(1);
  });
});

describe('goal validation', () => {
  it('drops blank goals, keeps order, marks done by position', () => {
    expect(validateGoals(['  a ', null, 'b', '', null], ['3'])).toEqual({
      ok: true,
      goals: [
        { text: 'a', done: false },
        { text: 'b', done: true },
      ],
    });
  });

  it('refuses an over-long goal and an empty list', () => {
    expect(validateGoals(['x'.repeat(201)], [])).toMatchObject({
      ok: false,
      errors: { goal_1: expect.any(String) },
    });
    expect(validateGoals(['', '  '], [])).toMatchObject({ ok: false });
    expect(validateGoals(['😀'.repeat(200)], [])).toMatchObject({ ok: true });
  });
});
