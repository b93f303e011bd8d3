import { describe, expect, it } from 'vitest';
import {
  conversationStarter,
  dueOn,
  isAway,
  nextNudgeStep,
  phaseOf,
  type RelationshipFacts,
  seniorOf,
  standing,
} from '../../src/domain/slips';

const rel = (over: Partial<RelationshipFacts> = {}): RelationshipFacts => ({
  status: 'active',
  startedOn: '2027-01-04',
  lastSessionOn: null,
  pausedUntilOn: null,
  cadenceDays: 14,
  ...over,
});

describe('due and slipping', () => {
  it('is due cadence days after the start, and slipping 3 days after that', () => {
    expect(dueOn(rel())).toBe('2027-01-18');
    expect(standing(rel(), '2027-01-17')).toBe('on_track');
    expect(standing(rel(), '2027-01-18')).toBe('due');
    expect(standing(rel(), '2027-01-20')).toBe('due');
    expect(standing(rel(), '2027-01-21')).toBe('slipping');
  });

  it('counts from the last session once there is one', () => {
    const r = rel({ lastSessionOn: '2027-01-15' });
    expect(dueOn(r)).toBe('2027-01-29');
    expect(standing(r, '2027-01-21')).toBe('on_track');
  });

  it('does not count a pause: paused until the date, then the cadence runs from it', () => {
    const r = rel({ status: 'paused', pausedUntilOn: '2027-02-01' });
    expect(standing(r, '2027-01-25')).toBe('paused');
    expect(standing(r, '2027-02-01')).toBe('on_track');
    expect(dueOn(r)).toBe('2027-02-15');
    expect(standing(rel({ status: 'ended' }), '2027-03-01')).toBe('ended');
  });

  it('crosses a daylight-saving change by calendar days', () => {
    const r = rel({ startedOn: '2027-03-20', cadenceDays: 7 });
    expect(dueOn(r)).toBe('2027-03-27');
    expect(standing(r, '2027-03-30')).toBe('slipping');
  });
});

describe('the nudge ladder', () => {
  const slipping = rel();
  it('takes step 1 as soon as the pair slips, and nothing before', () => {
    expect(nextNudgeStep(slipping, { step: 0, stepOn: null }, '2027-01-20')).toBe(0);
    expect(nextNudgeStep(slipping, { step: 0, stepOn: null }, '2027-01-21')).toBe(1);
  });

  it('takes at most one step per cadence, up to step 3, then stops', () => {
    expect(nextNudgeStep(slipping, { step: 1, stepOn: '2027-01-21' }, '2027-01-22')).toBe(0);
    expect(nextNudgeStep(slipping, { step: 1, stepOn: '2027-01-21' }, '2027-02-03')).toBe(0);
    expect(nextNudgeStep(slipping, { step: 1, stepOn: '2027-01-21' }, '2027-02-04')).toBe(2);
    expect(nextNudgeStep(slipping, { step: 2, stepOn: '2027-02-04' }, '2027-02-18')).toBe(3);
    expect(nextNudgeStep(slipping, { step: 3, stepOn: '2027-02-18' }, '2027-04-01')).toBe(0);
  });

  it('never nudges a pair that met, or is paused', () => {
    expect(nextNudgeStep(rel({ lastSessionOn: '2027-01-20' }), { step: 0, stepOn: null }, '2027-01-25')).toBe(
      0,
    );
    expect(
      nextNudgeStep(
        rel({ status: 'paused', pausedUntilOn: '2027-03-01' }),
        { step: 0, stepOn: null },
        '2027-02-01',
      ),
    ).toBe(0);
  });
});

describe('phases', () => {
  const base = {
    status: 'active' as const,
    sessions: 0,
    goalsSet: false,
    programEndsOn: '2027-04-01',
    today: '2027-01-10',
  };
  it('moves from preparation to negotiating to growth, and closes in the last two weeks', () => {
    expect(phaseOf(base)).toBe('preparation');
    expect(phaseOf({ ...base, sessions: 1 })).toBe('negotiating');
    expect(phaseOf({ ...base, sessions: 2, goalsSet: true })).toBe('enabling');
    expect(phaseOf({ ...base, sessions: 5, goalsSet: true, today: '2027-03-19' })).toBe('closure');
    expect(phaseOf({ ...base, status: 'ended' })).toBe('closure');
  });

  it('suggests a starter that fits the phase', () => {
    expect(conversationStarter('preparation', 0)).toMatch(/story/);
    expect(conversationStarter('negotiating', 0)).toMatch(/goals/);
    expect(conversationStarter('enabling', 0)).toMatch(/feedback/);
    expect(conversationStarter('closure', 0)).toMatch(/learn/);
  });
});

describe('away status and the senior partner', () => {
  const now = Date.parse('2027-01-10T10:00:00Z');
  it('reads vacation, out-of-office and sick statuses, until they expire', () => {
    expect(isAway({ text: 'Vacationing', emoji: ':palm_tree:', expiration: 0 }, now)).toBe(true);
    expect(isAway({ text: 'OOO until Monday', emoji: null, expiration: null }, now)).toBe(true);
    expect(isAway({ text: 'In a meeting', emoji: ':calendar:', expiration: 0 }, now)).toBe(false);
    expect(isAway({ text: 'Vacationing', emoji: ':palm_tree:', expiration: now / 1000 - 60 }, now)).toBe(
      false,
    );
  });

  it('finds the later career stage', () => {
    expect(
      seniorOf([
        { userId: 'A', level: 'early' },
        { userId: 'B', level: 'executive' },
      ])?.userId,
    ).toBe('B');
  });
});
