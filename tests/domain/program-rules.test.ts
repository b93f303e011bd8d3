import { describe, expect, it } from 'vitest';
import {
  classifyDmReply,
  isActiveHuman,
  type ProgramKind,
  type SurveyInput,
  validateProgramSetup,
  validateSurvey,
} from '../../src/domain/program-rules';
import { defaultSkills } from '../../src/domain/skills';

describe('isActiveHuman', () => {
  it.each([
    [{ id: 'U1' }, true],
    [{ id: 'U1', deleted: false, is_bot: false, is_restricted: false }, true],
    [{ id: 'USLACKBOT', is_bot: false }, false],
    [{ id: 'U1', deleted: true }, false],
    [{ id: 'U1', is_bot: true }, false],
    [{ id: 'U1', is_app_user: true }, false],
    [{ id: 'U1', is_restricted: true }, false],
    [{ id: 'U1', is_ultra_restricted: true }, false],
  ])('%j -> %s', (user, expected) => {
    expect(isActiveHuman(user)).toBe(expected);
  });
});

describe('classifyDmReply', () => {
  it.each(['stop', 'STOP', ' unsubscribe ', 'no', 'No.', 'no thanks!', 'Not interested', 'nope'])(
    '"%s" declines',
    (text) => expect(classifyDmReply(text)).toBe('decline'),
  );
  it.each(['yes', 'Yes!', 'join', 'sign me up', "I'm in", 'interested', 'yes please'])('"%s" joins', (text) =>
    expect(classifyDmReply(text)).toBe('join'),
  );
  it.each(['', 'hello', 'stop it now', 'no idea what this is', 'yes but later', 'help'])(
    '"%s" gets help',
    (text) => expect(classifyDmReply(text)).toBe('help'),
  );
});

const ok: SurveyInput = {
  role: 'mentor',
  level: 'senior',
  department: ' Finance ',
  teach: ['negotiation'],
  learn: ['ai-tools'],
  goals: ' Learn AI tools ',
};
const ctx: { kind: ProgramKind; catalogue: typeof defaultSkills; selfId: string } = {
  kind: 'reverse',
  catalogue: defaultSkills,
  selfId: 'USELF0001',
};
const group = { ...ctx, kind: 'group' as const };

function errorsOf(input: SurveyInput, c = ctx) {
  const r = validateSurvey(input, c);
  if (r.ok) throw new Error('expected errors');
  return r.errors;
}

describe('validateSurvey', () => {
  it('trims text and keeps what was chosen', () => {
    expect(validateSurvey(ok, ctx)).toEqual({
      ok: true,
      value: {
        role: 'mentor',
        level: 'senior',
        department: 'Finance',
        teach: ['negotiation'],
        learn: ['ai-tools'],
        goals: 'Learn AI tools',
        capacity: null,
        avoid: [],
      },
    });
  });

  it('names every missing required field', () => {
    expect(Object.keys(errorsOf({})).sort()).toEqual([
      'department',
      'goals',
      'learn',
      'level',
      'role',
      'teach',
    ]);
  });

  it('counts characters, not UTF-16 units, against the 1,000 limit', () => {
    expect(validateSurvey({ ...ok, goals: '🙂'.repeat(1000) }, ctx).ok).toBe(true);
    expect(errorsOf({ ...ok, goals: '🙂'.repeat(1001) })).toEqual({ goals: expect.stringContaining('1001') });
    expect(errorsOf({ ...ok, department: 'd'.repeat(81) })).toEqual({ department: expect.any(String) });
  });

  it('refuses values that were never offered', () => {
    expect(
      Object.keys(errorsOf({ ...ok, role: 'owner', level: 'intern', teach: ['x'], learn: ['y'] })).sort(),
    ).toEqual(['learn', 'level', 'role', 'teach']);
    expect(errorsOf({ ...ok, avoid: ['#general'] })).toEqual({ avoid: expect.any(String) });
  });

  it('de-duplicates skills and caps them at six', () => {
    const r = validateSurvey({ ...ok, teach: ['negotiation', 'negotiation', 'strategy'] }, ctx);
    expect(r.ok && r.value.teach).toEqual(['negotiation', 'strategy']);
    const seven = defaultSkills.slice(0, 7).map((s) => s.slug);
    expect(errorsOf({ ...ok, learn: seven })).toEqual({ learn: expect.stringContaining('6') });
  });

  it('drops the person themselves from the avoid list', () => {
    const r = validateSurvey({ ...ok, avoid: ['USELF0001', 'UOTHER001', 'UOTHER001'] }, ctx);
    expect(r.ok && r.value.avoid).toEqual(['UOTHER001']);
  });

  it('takes a cohort size only from mentors in group programs', () => {
    // Pair programs have no cohort field: a value there (an outdated modal) is ignored, never an error on a field
    // the person cannot see.
    const pair = validateSurvey({ ...ok, capacity: '2' }, ctx);
    expect(pair.ok && pair.value.capacity).toBeNull();
    expect(errorsOf({ ...ok, role: 'mentee', capacity: '2' }, group)).toEqual({
      capacity: expect.stringContaining('mentee'),
    });
    for (const bad of ['0', '8', '2.5', 'lots'])
      expect(Object.keys(errorsOf({ ...ok, capacity: bad }, group))).toEqual(['capacity']);
    const mentor = validateSurvey({ ...ok, capacity: '7' }, group);
    expect(mentor.ok && mentor.value.capacity).toBe(7);
    const either = validateSurvey({ ...ok, role: 'either' }, group);
    expect(either.ok && either.value.capacity).toBe(3);
    const mentee = validateSurvey({ ...ok, role: 'mentee', capacity: '' }, group);
    expect(mentee.ok && mentee.value.capacity).toBeNull();
  });
});

describe('validateProgramSetup', () => {
  const setup = {
    name: ' Spring ',
    kind: 'peer',
    audience: 'C0123ABC',
    weeks: '12',
    cadenceDays: '14',
    checkinDays: '28',
    digestChannel: null,
  };

  it('accepts a valid setup; an empty audience means the whole workspace', () => {
    expect(validateProgramSetup(setup)).toEqual({
      ok: true,
      value: {
        name: 'Spring',
        kind: 'peer',
        audienceChannel: 'C0123ABC',
        weeks: 12,
        cadenceDays: 14,
        checkinDays: 28,
        digestChannel: null,
        surveyDays: 7,
        skills: null,
      },
    });
    const all = validateProgramSetup({ ...setup, audience: '' });
    expect(all.ok && all.value.audienceChannel).toBeNull();
  });

  it('keeps the length between 4 and 52 whole weeks', () => {
    for (const weeks of ['4', '52']) expect(validateProgramSetup({ ...setup, weeks }).ok).toBe(true);
    for (const weeks of ['3', '53', '12.5', '', 'twelve', '-4']) {
      const r = validateProgramSetup({ ...setup, weeks });
      expect(r.ok ? {} : r.errors).toEqual({ weeks: expect.any(String) });
    }
  });

  it('refuses values the modal never offered', () => {
    const r = validateProgramSetup({
      name: 'x'.repeat(81),
      kind: 'solo',
      audience: 'U0123ABC',
      weeks: '12',
      cadenceDays: '30',
      checkinDays: '1',
      digestChannel: 'general',
    });
    expect(r.ok ? [] : Object.keys(r.errors).sort()).toEqual([
      'audience',
      'cadence_days',
      'checkin_days',
      'digest_channel',
      'kind',
      'name',
    ]);
  });
});

describe('program setup: optional survey window and skill list', () => {
  const base = { name: 'P', kind: 'reverse', weeks: '12', cadenceDays: '14', checkinDays: '28' };
  it('defaults to a 7-day survey and the default catalogue', () => {
    const r = validateProgramSetup(base);
    expect(r).toMatchObject({ ok: true, value: { surveyDays: 7, skills: null } });
  });

  it('takes a program’s own skills, one per line, with stable slugs', () => {
    const r = validateProgramSetup({
      ...base,
      surveyDays: '10',
      skills: 'Prompt writing\nCafé culture, Prompt writing\n\n',
    });
    expect(r).toMatchObject({
      ok: true,
      value: {
        surveyDays: 10,
        skills: [
          { slug: 'prompt-writing', label: 'Prompt writing' },
          { slug: 'cafe-culture', label: 'Café culture' },
        ],
      },
    });
  });

  it('refuses a survey window outside 1..30 days and a list of fewer than two skills', () => {
    expect(validateProgramSetup({ ...base, surveyDays: '0' })).toMatchObject({
      ok: false,
      errors: { survey_days: expect.any(String) },
    });
    expect(validateProgramSetup({ ...base, surveyDays: '31' })).toMatchObject({ ok: false });
    expect(validateProgramSetup({ ...base, skills: 'Only one' })).toMatchObject({
      ok: false,
      errors: { skills: expect.any(String) },
    });
    expect(validateProgramSetup({ ...base, skills: '!!!\n???' })).toMatchObject({
      ok: false,
      errors: { skills: expect.any(String) },
    });
  });
});
