// Pure rules for programs and the interest survey: who is invited, what a valid setup and a valid answer are.
import type { Skill } from './skills';

export type ProgramKind = 'reverse' | 'traditional' | 'peer' | 'group';
export type Role = 'mentor' | 'mentee' | 'either';
export type Level = 'early' | 'mid' | 'senior' | 'executive';

export const kinds: readonly ProgramKind[] = ['reverse', 'traditional', 'peer', 'group'];
export const roles: readonly Role[] = ['mentor', 'mentee', 'either'];
export const levels: readonly Level[] = ['early', 'mid', 'senior', 'executive'];
export const cadenceChoices = [7, 14, 28] as const;
export const checkinChoices = [14, 28, 42] as const;

export const kindLabels: Record<ProgramKind, string> = {
  reverse: 'Reverse mentoring',
  traditional: 'Traditional mentoring',
  peer: 'Peer mentoring',
  group: 'Group mentoring',
};

/** One line a person reads in their invitation. */
export const kindExplanations: Record<ProgramKind, string> = {
  reverse:
    'Early-career colleagues mentor senior ones on what they know best (AI tools, social media, new ways of working), and learn from them in return.',
  traditional:
    'Experienced colleagues mentor people earlier in their career, and learn a fresh perspective in return.',
  peer: 'Colleagues at a similar stage pair up to teach each other what each knows best.',
  group: 'One mentor meets a small cohort of colleagues who want to learn the same things.',
};

export const levelLabels: Record<Level, string> = {
  early: 'Early career',
  mid: 'Mid career',
  senior: 'Senior',
  executive: 'Executive',
};

export const roleLabels: Record<Role, string> = {
  mentor: 'Mentor: I want to share what I know',
  mentee: 'Mentee: I want to learn',
  either: 'Either: happy to do both',
};

/** What `users.list` / `users.info` return that decides who is invited. */
export interface SlackUserFacts {
  id: string;
  deleted?: boolean;
  is_bot?: boolean;
  is_app_user?: boolean;
  is_restricted?: boolean;
  is_ultra_restricted?: boolean;
}

/** "Active human": not deleted, not a bot or app, not Slackbot, not a guest. */
export function isActiveHuman(u: SlackUserFacts): boolean {
  return (
    u.id !== 'USLACKBOT' &&
    !u.deleted &&
    !u.is_bot &&
    !u.is_app_user &&
    !u.is_restricted &&
    !u.is_ultra_restricted
  );
}

export type FieldErrors = Record<string, string>;
export type Validated<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

export interface ProgramSetupInput {
  name?: string | null;
  kind?: string | null;
  audience?: string | null;
  weeks?: string | null;
  cadenceDays?: string | null;
  checkinDays?: string | null;
  digestChannel?: string | null;
  surveyDays?: string | null;
  skills?: string | null;
}

export interface ProgramSetup {
  name: string;
  kind: ProgramKind;
  audienceChannel: string | null;
  weeks: number;
  cadenceDays: number;
  checkinDays: number;
  digestChannel: string | null;
  /** Days the survey stays open before the first matching round. */
  surveyDays: number;
  /** The program's own skill list, or null for the default catalogue. */
  skills: Skill[] | null;
}

export const DEFAULT_SURVEY_DAYS = 7;
const MAX_CUSTOM_SKILLS = 30;

/** "Prompt writing" -> "prompt-writing": a stable value for the survey's options. */
export function skillSlug(label: string): string {
  return label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
}

/** One skill per line (or comma-separated); blank lines ignored. */
export function parseSkillList(text: string): { skills: Skill[] } | { error: string } {
  const labels = text
    .split(/[\n,]/)
    .map((l) => l.trim())
    .filter(Boolean);
  if (labels.length < 2)
    return { error: 'List at least two skills, one per line, or leave it empty for the default list.' };
  if (labels.length > MAX_CUSTOM_SKILLS) return { error: `Up to ${MAX_CUSTOM_SKILLS} skills.` };
  const tooLong = labels.find((l) => Array.from(l).length > 40);
  if (tooLong) return { error: 'Keep each skill under 40 characters.' };
  const skills: Skill[] = [];
  for (const label of labels) {
    const slug = skillSlug(label);
    if (!slug) return { error: `"${label.slice(0, 20)}" needs at least one letter or digit.` };
    if (!skills.some((s) => s.slug === slug)) skills.push({ slug, label });
  }
  return skills.length < 2 ? { error: 'List at least two different skills.' } : { skills };
}

const channelId = /^[CG][A-Z0-9]{2,}$/;

export function validateProgramSetup(input: ProgramSetupInput): Validated<ProgramSetup> {
  const errors: FieldErrors = {};
  const name = (input.name ?? '').trim();
  if (!name) errors.name = 'Give the program a name people will recognise.';
  else if (Array.from(name).length > 80) errors.name = 'Keep the name under 80 characters.';
  const kind = input.kind ?? '';
  if (!(kinds as readonly string[]).includes(kind)) errors.kind = 'Choose one of the listed kinds.';
  const weeksText = (input.weeks ?? '').trim();
  const weeks = Number(weeksText);
  if (!/^\d+$/.test(weeksText) || weeks < 4 || weeks > 52)
    errors.weeks = 'The length is a whole number of weeks from 4 to 52.';
  const cadence = Number(input.cadenceDays);
  if (!cadenceChoices.includes(cadence as 7)) errors.cadence_days = 'Choose 7, 14 or 28 days.';
  const checkin = Number(input.checkinDays);
  if (!checkinChoices.includes(checkin as 14)) errors.checkin_days = 'Choose 14, 28 or 42 days.';
  const audience = input.audience?.trim() || null;
  if (audience && !channelId.test(audience)) errors.audience = 'Choose a channel from the list.';
  const digest = input.digestChannel?.trim() || null;
  if (digest && !channelId.test(digest)) errors.digest_channel = 'Choose a channel from the list.';
  const surveyText = (input.surveyDays ?? '').trim();
  const surveyDays = surveyText === '' ? DEFAULT_SURVEY_DAYS : Number(surveyText);
  if (surveyText !== '' && (!/^\d+$/.test(surveyText) || surveyDays < 1 || surveyDays > 30))
    errors.survey_days = 'The survey stays open 1 to 30 days.';
  let skills: Skill[] | null = null;
  if ((input.skills ?? '').trim() !== '') {
    const parsed = parseSkillList(input.skills ?? '');
    if ('error' in parsed) errors.skills = parsed.error;
    else skills = parsed.skills;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      name,
      kind: kind as ProgramKind,
      audienceChannel: audience,
      weeks,
      cadenceDays: cadence,
      checkinDays: checkin,
      digestChannel: digest,
      surveyDays,
      skills,
    },
  };
}

export interface SurveyInput {
  role?: string | null;
  level?: string | null;
  department?: string | null;
  teach?: string[] | null;
  learn?: string[] | null;
  goals?: string | null;
  capacity?: string | null;
  avoid?: string[] | null;
}

export interface SurveyAnswer {
  role: Role;
  level: Level;
  department: string;
  teach: string[];
  learn: string[];
  goals: string;
  capacity: number | null;
  avoid: string[];
}

export const GOALS_MAX = 1000;
export const DEPARTMENT_MAX = 80;
export const MAX_SKILLS = 6;

/** Only values the modal offered are accepted: a tampered option is a field error and nothing is stored. */
export function validateSurvey(
  input: SurveyInput,
  ctx: { kind: ProgramKind; catalogue: readonly Skill[]; selfId: string },
): Validated<SurveyAnswer> {
  const errors: FieldErrors = {};
  const role = input.role ?? '';
  if (!role) errors.role = 'Choose how you would like to take part.';
  else if (!(roles as readonly string[]).includes(role)) errors.role = 'Choose one of the listed options.';
  const level = input.level ?? '';
  if (!level) errors.level = 'Choose your career stage.';
  else if (!(levels as readonly string[]).includes(level)) errors.level = 'Choose one of the listed options.';
  const department = (input.department ?? '').trim();
  if (!department) errors.department = 'Tell us your team or department.';
  else if (Array.from(department).length > DEPARTMENT_MAX)
    errors.department = `Keep it under ${DEPARTMENT_MAX} characters.`;
  const slugs = new Set(ctx.catalogue.map((s) => s.slug));
  const teach = [...new Set(input.teach ?? [])];
  const learn = [...new Set(input.learn ?? [])];
  if (teach.length === 0) errors.teach = 'Pick at least one thing you could share.';
  else if (teach.some((s) => !slugs.has(s))) errors.teach = 'Pick from the listed skills.';
  else if (teach.length > MAX_SKILLS)
    errors.teach = `Pick up to ${MAX_SKILLS}: the ones you enjoy sharing most.`;
  if (learn.length === 0) errors.learn = 'Pick at least one thing you would like to learn.';
  else if (learn.some((s) => !slugs.has(s))) errors.learn = 'Pick from the listed skills.';
  else if (learn.length > MAX_SKILLS)
    errors.learn = `Pick up to ${MAX_SKILLS}: the ones that matter most to you now.`;
  const goals = (input.goals ?? '').trim();
  if (!goals) errors.goals = 'A sentence or two helps us find you a good match.';
  else if (Array.from(goals).length > GOALS_MAX)
    errors.goals = `Keep it under ${GOALS_MAX} characters (it is ${Array.from(goals).length}).`;
  const capacityText = (input.capacity ?? '').trim();
  let capacity: number | null = null;
  // Only group programs ask for a cohort size; anything else has no such field, so a value is ignored.
  if (capacityText && ctx.kind === 'group') {
    const n = Number(capacityText);
    if (role === 'mentee') errors.capacity = 'Only mentors lead a cohort: leave this empty as a mentee.';
    else if (!/^\d+$/.test(capacityText) || n < 1 || n > 7)
      errors.capacity = 'Choose a cohort of 1 to 7 people.';
    else capacity = n;
  }
  const avoid = [...new Set((input.avoid ?? []).filter((u) => u !== ctx.selfId))];
  if (avoid.some((u) => !/^[UW][A-Z0-9]{2,}$/.test(u))) errors.avoid = 'Choose people from the list.';
  else if (avoid.length > 20) errors.avoid = 'Choose up to 20 people.';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      role: role as Role,
      level: level as Level,
      department,
      teach,
      learn,
      goals,
      capacity: ctx.kind === 'group' && role !== 'mentee' ? (capacity ?? 3) : null,
      avoid,
    },
  };
}

export type DmIntent = 'decline' | 'join' | 'help';

/** What a person typed into the bot's DM instead of clicking. */
export function classifyDmReply(text: string): DmIntent {
  const t = text
    .trim()
    .toLowerCase()
    .replace(/[.!?\s]+$/g, '');
  if (/^(stop|unsubscribe|no|no thanks|no thank you|not interested|nope)$/.test(t)) return 'decline';
  if (/^(yes|join|sign me up|yes please|i'm in|im in|interested)$/.test(t)) return 'join';
  return 'help';
}
