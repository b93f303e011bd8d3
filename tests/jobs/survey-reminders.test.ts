import { describe, expect, it } from 'vitest';
import { reminderOwed } from '../../src/jobs/survey-reminders';

// Delivered Monday 2027-01-04 at 11:00 in Berlin (10:00 UTC).
const delivered = new Date('2027-01-04T10:00:00Z');
const at = (iso: string) => new Date(iso);

describe('reminderOwed', () => {
  it('owes nothing before 3 working days', () => {
    expect(reminderOwed(delivered, 'Europe/Berlin', 0, at('2027-01-04T10:00:00Z'))).toBe(0);
    expect(reminderOwed(delivered, 'Europe/Berlin', 0, at('2027-01-07T09:59:59Z'))).toBe(0);
  });

  it('owes the first at 3 working days and the last at 7', () => {
    expect(reminderOwed(delivered, 'Europe/Berlin', 0, at('2027-01-07T10:00:00Z'))).toBe(1);
    expect(reminderOwed(delivered, 'Europe/Berlin', 1, at('2027-01-07T10:00:00Z'))).toBe(0);
    expect(reminderOwed(delivered, 'Europe/Berlin', 1, at('2027-01-12T10:00:00Z'))).toBe(0);
    expect(reminderOwed(delivered, 'Europe/Berlin', 1, at('2027-01-13T10:00:00Z'))).toBe(2);
  });

  it('skips weekends when counting', () => {
    // Delivered Thursday: 3 working days later is Tuesday, not Sunday.
    const thursday = new Date('2027-01-07T10:00:00Z');
    expect(reminderOwed(thursday, 'Europe/Berlin', 0, at('2027-01-10T10:00:00Z'))).toBe(0);
    expect(reminderOwed(thursday, 'Europe/Berlin', 0, at('2027-01-11T10:00:00Z'))).toBe(0);
    expect(reminderOwed(thursday, 'Europe/Berlin', 0, at('2027-01-12T10:00:00Z'))).toBe(1);
  });

  it('sends only the last one when both are overdue, and never more than two', () => {
    expect(reminderOwed(delivered, 'Europe/Berlin', 0, at('2027-02-01T10:00:00Z'))).toBe(2);
    expect(reminderOwed(delivered, 'Europe/Berlin', 2, at('2027-02-01T10:00:00Z'))).toBe(0);
    expect(reminderOwed(delivered, 'Europe/Berlin', 3, at('2027-02-01T10:00:00Z'))).toBe(0);
  });

  it("counts in the person's own time zone", () => {
    // Delivered 09:00 Monday in Los Angeles (17:00 UTC): owed from 09:00 Thursday there, 17:00 UTC.
    const la = new Date('2027-01-04T17:00:00Z');
    expect(reminderOwed(la, 'America/Los_Angeles', 0, at('2027-01-07T16:59:00Z'))).toBe(0);
    expect(reminderOwed(la, 'America/Los_Angeles', 0, at('2027-01-07T17:00:00Z'))).toBe(1);
  });
});
