/** Launching a program the way an owner does, and reading what people received. */
import { desc, eq } from 'drizzle-orm';
import { expect } from 'vitest';
import type { Db } from '../../src/db/client';
import { outbox, participants, programs, surveyAnswers } from '../../src/db/schema';
import type { SimMessage } from '../../src/demo/slack-sim';
import { eventually, type Harness, OWNER } from './harness';
import { type StateInput, stateValues } from './slack-requests';

export interface SetupInput {
  name?: string;
  kind?: string;
  audience?: string | null;
  weeks?: string;
  cadenceDays?: string;
  checkinDays?: string;
  digestChannel?: string | null;
}

export function setupState(s: SetupInput = {}) {
  return stateValues({
    name: { type: 'plain_text_input', value: s.name ?? 'Spring reverse mentoring' },
    kind: { type: 'static_select', selected: s.kind ?? 'reverse' },
    audience: { type: 'conversations_select', selected_conversation: s.audience ?? null },
    weeks: { type: 'number_input', value: s.weeks ?? '12' },
    cadence_days: { type: 'static_select', selected: s.cadenceDays ?? '14' },
    checkin_days: { type: 'static_select', selected: s.checkinDays ?? '28' },
    digest_channel: { type: 'conversations_select', selected_conversation: s.digestChannel ?? null },
  });
}

export type Program = typeof programs.$inferSelect;

/** The newest program row, if any. */
export function newestProgram(db: Db): Program | undefined {
  return db.select().from(programs).orderBy(desc(programs.id)).get();
}

/** `/mentor admin` as the owner, then the setup modal submitted: resolves once the program is created. */
export async function submitSetup(h: Harness, s: SetupInput = {}): Promise<Program> {
  const before = newestProgram(h.db)?.id ?? 0;
  const setupModals = () =>
    h.sim.views.filter((x) => x.view.callback_id === 'program_setup' && x.userId === OWNER);
  const opened = setupModals().length;
  const reply = await h.slack.command(OWNER, 'admin');
  expect(reply.status).toBe(200);
  // Wait for this command's modal: submitting an earlier one again is (rightly) a duplicate.
  const modal = await eventually(() => {
    const v = setupModals()[opened];
    if (!v) throw new Error('the setup modal did not open');
    return v;
  });
  expect(modal.kind).toBe('modal');
  const submitted = await h.slack.viewSubmission(OWNER, {
    callback_id: 'program_setup',
    state: { values: setupState(s) },
  });
  expect(submitted.status).toBe(200);
  expect(submitted.body).toBe('');
  return eventually(() => {
    const p = newestProgram(h.db);
    if (!p || p.id === before) throw new Error('no program yet');
    return p;
  });
}

/** Launches a program and waits until every invitation is queued (status 'open'); does not deliver. */
export async function launch(h: Harness, s: SetupInput = {}, timeoutMs = 5000): Promise<Program> {
  const created = await submitSetup(h, s);
  return eventually(() => {
    const p = h.db.select().from(programs).where(eq(programs.id, created.id)).get();
    if (p?.status !== 'open') throw new Error(`program ${created.id} is ${p?.status}`);
    return p;
  }, timeoutMs);
}

/** Every button in a message, by action id. */
export function buttons(m: { blocks?: unknown[] } | undefined): { action_id: string; value?: string }[] {
  const out: { action_id: string; value?: string }[] = [];
  for (const b of (m?.blocks ?? []) as { type?: string; elements?: { type?: string }[] }[]) {
    if (b.type !== 'actions') continue;
    for (const e of b.elements ?? [])
      if (e.type === 'button') out.push(e as { action_id: string; value?: string });
  }
  return out;
}

/** Invitation DMs (not reminders) a person received for a program. */
export function invitationsTo(h: Harness, userId: string, programId: number): SimMessage[] {
  return h.sim
    .messagesTo(userId)
    .filter(
      (m) =>
        m.text.startsWith("You're invited to") &&
        buttons(m).some((b) => b.action_id === 'survey_open' && b.value === String(programId)),
    );
}

export function participantsOf(db: Db, programId: number) {
  return db.select().from(participants).where(eq(participants.programId, programId)).all();
}

export function participantOf(db: Db, programId: number, userId: string) {
  return participantsOf(db, programId).find((p) => p.userId === userId);
}

export function answerOf(db: Db, programId: number, userId: string) {
  const p = participantOf(db, programId, userId);
  if (!p) return undefined;
  return db.select().from(surveyAnswers).where(eq(surveyAnswers.participantId, p.id)).get();
}

export function outboxRow(db: Db, key: string) {
  return db.select().from(outbox).where(eq(outbox.key, key)).get();
}

export interface SurveyFields {
  role?: string | null;
  level?: string | null;
  department?: string | null;
  teach?: string[];
  learn?: string[];
  goals?: string | null;
  capacity?: string | null;
  avoid?: string[];
}

/** A survey modal's state; fields left out are sent empty, as Slack does for untouched inputs. */
export function surveyState(f: SurveyFields) {
  const inputs: Record<string, StateInput> = {
    role: { type: 'static_select', selected: f.role ?? null },
    level: { type: 'static_select', selected: f.level ?? null },
    department: { type: 'plain_text_input', value: f.department ?? null },
    teach: { type: 'multi_static_select', selected: f.teach ?? [] },
    learn: { type: 'multi_static_select', selected: f.learn ?? [] },
    goals: { type: 'plain_text_input', value: f.goals ?? null },
    avoid: { type: 'multi_users_select', selected_users: f.avoid ?? [] },
  };
  if (f.capacity !== undefined) inputs.capacity = { type: 'number_input', value: f.capacity };
  return stateValues(inputs);
}

export const validAnswer: SurveyFields = {
  role: 'mentor',
  level: 'senior',
  department: 'Finance',
  teach: ['negotiation', 'leadership'],
  learn: ['ai-tools'],
  goals: 'Learn how the team uses AI tools day to day.',
};
