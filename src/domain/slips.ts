// Pure rules that keep sessions from slipping: when a relationship is due, when it slips, which nudge comes next,
// its phase, and whether someone is away. Dates are 'YYYY-MM-DD' in the program's zone; no clock is read here.
import { addDays, daysBetween } from './time';

/** Days after the due date before a relationship counts as slipping. */
export const GRACE_DAYS = 3;
/** The last weeks of a program are its closure phase. */
export const CLOSURE_DAYS = 14;

export type Standing = 'on_track' | 'due' | 'slipping' | 'paused' | 'ended';
export type Phase = 'preparation' | 'negotiating' | 'enabling' | 'closure';

export interface RelationshipFacts {
  status: 'active' | 'paused' | 'ended';
  /** local date the relationship started */
  startedOn: string;
  lastSessionOn: string | null;
  /** local date a pause ends (kept after it ends: the cadence counts from there) */
  pausedUntilOn: string | null;
  cadenceDays: number;
}

/** The date the next session is expected: cadence days after the last session, the start, or the end of a pause. */
export function dueOn(r: RelationshipFacts): string {
  let base = r.lastSessionOn ?? r.startedOn;
  if (r.pausedUntilOn && r.pausedUntilOn > base) base = r.pausedUntilOn;
  return addDays(base, r.cadenceDays);
}

export function standing(r: RelationshipFacts, today: string): Standing {
  if (r.status === 'ended') return 'ended';
  if (r.status === 'paused' && (r.pausedUntilOn === null || r.pausedUntilOn > today)) return 'paused';
  const due = dueOn(r);
  if (today < due) return 'on_track';
  return daysBetween(due, today) >= GRACE_DAYS ? 'slipping' : 'due';
}

export interface LadderState {
  /** the last step taken in this cycle: 0 none, 1 pair reminder, 2 direct DMs, 3 owners told */
  step: number;
  /** local date the last step was taken */
  stepOn: string | null;
}

/**
 * The nudge to send now, or 0. Step 1 as soon as the pair is slipping; each further step only after another full
 * cadence without a session: at most one step per pair per cadence. Logging a session resets the ladder.
 */
export function nextNudgeStep(r: RelationshipFacts, ladder: LadderState, today: string): 0 | 1 | 2 | 3 {
  if (standing(r, today) !== 'slipping') return 0;
  if (ladder.step <= 0 || ladder.stepOn === null) return 1;
  if (ladder.step >= 3) return 0;
  if (daysBetween(ladder.stepOn, today) < r.cadenceDays) return 0;
  return (ladder.step + 1) as 2 | 3;
}

/** The phase, from facts: matched with no session yet, then negotiating goals, then growth; the last weeks close. */
export function phaseOf(f: {
  status: RelationshipFacts['status'];
  sessions: number;
  goalsSet: boolean;
  programEndsOn: string;
  today: string;
}): Phase {
  if (f.status === 'ended' || daysBetween(f.today, f.programEndsOn) <= CLOSURE_DAYS) return 'closure';
  if (f.sessions === 0) return 'preparation';
  if (!f.goalsSet) return 'negotiating';
  return 'enabling';
}

export const phaseLabels: Record<Phase, string> = {
  preparation: 'Getting started',
  negotiating: 'Agreeing goals',
  enabling: 'Growing',
  closure: 'Wrapping up',
};

/** Conversation starters for the phase the pair is in; `seed` picks one so repeated nudges vary. */
const starters: Record<Phase, string[]> = {
  preparation: [
    'Tell each other a story from your career so far: a turning point, and what you learned from it.',
    'Share what you hope to get from these conversations, and what you can offer.',
    'Talk about how you each like to learn: reading, doing, watching someone else?',
  ],
  negotiating: [
    'Agree two or three goals for the program, and write them down with `/mentor goals`.',
    'Bring a situation you are stuck on right now, and work through it together.',
    'Decide what success looks like for each of you at the end of the program.',
  ],
  enabling: [
    'Ask for feedback on yourself: one thing to keep doing, one thing to try differently.',
    'Practise a skill together: one of you teaches for 15 minutes, then swap.',
    'Look back at your goals: what moved, what is stuck, what would help?',
  ],
  closure: [
    'Look back: what did each of you learn that you will keep using?',
    'Decide whether to keep meeting informally after the program.',
    'Write down one piece of advice for the next pair in this program.',
  ],
};

export function conversationStarter(phase: Phase, seed: number): string {
  const list = starters[phase];
  return list[Math.abs(Math.trunc(seed)) % list.length]!;
}

const awayEmoji = new Set([
  ':palm_tree:',
  ':airplane:',
  ':beach_with_umbrella:',
  ':face_with_thermometer:',
  ':sick:',
  ':baby:',
  ':no_entry:',
]);
const awayText =
  /\b(vacation|vacationing|holiday|holidays|out of (the )?office|ooo|on leave|parental leave|sick|off sick|away)\b/i;

/** Whether a Slack status says the person is away (vacation, out of office, sick), and has not expired. */
export function isAway(
  status: { text: string | null; emoji: string | null; expiration: number | null },
  nowMs: number,
): boolean {
  const expired = status.expiration !== null && status.expiration > 0 && status.expiration * 1000 <= nowMs;
  if (expired) return false;
  return (
    (status.emoji !== null && awayEmoji.has(status.emoji)) ||
    (status.text !== null && awayText.test(status.text))
  );
}

const levelRank = { early: 0, mid: 1, senior: 2, executive: 3 } as const;

/** The senior partner: the later career stage (ties: the mentor in traditional terms, else the first listed). */
export function seniorOf<T extends { userId: string; level: keyof typeof levelRank | null }>(
  people: T[],
): T | undefined {
  return [...people].sort((a, b) => levelRank[b.level ?? 'early'] - levelRank[a.level ?? 'early'])[0];
}
