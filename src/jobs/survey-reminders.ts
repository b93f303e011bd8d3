import { and, eq, lt, sql } from 'drizzle-orm';
import { members, outbox, participants } from '../db/schema';
import type { Deps } from '../deps';
import { addWorkingDays, nextWorkingTime, safeZone } from '../domain/time';
import { enqueueDm } from '../outbox/enqueue';
import { buildInvitation } from '../slack/views/invitation';
import type { JobRunOptions } from '.';
import { type JobContext, runForPrograms } from './run';

/** Reminders are owed this many working days after the invitation was delivered; never more than these. */
export const REMINDER_WORKING_DAYS = [3, 7] as const;

/** Which reminder (1 or 2) is owed now, if any. Skipping to the last one when both are overdue: one message, not two. */
export function reminderOwed(deliveredAt: Date, tz: string, sent: number, now: Date): 0 | 1 | 2 {
  if (sent >= 2) return 0;
  const last = addWorkingDays(deliveredAt, tz, REMINDER_WORKING_DAYS[1]);
  if (now >= last) return 2;
  if (sent === 0 && now >= addWorkingDays(deliveredAt, tz, REMINDER_WORKING_DAYS[0])) return 1;
  return 0;
}

export function surveyRemindersWork({ tx, program, now }: JobContext): Record<string, number> {
  // People who neither answered nor declined, with when their invitation was delivered.
  const rows = tx
    .select({
      id: participants.id,
      userId: participants.userId,
      remindersSent: participants.remindersSent,
      tz: members.tz,
      deliveredAt: outbox.sentAt,
    })
    .from(participants)
    .innerJoin(members, eq(members.userId, participants.userId))
    .innerJoin(
      outbox,
      eq(outbox.key, sql`'invite:' || ${participants.programId} || ':' || ${participants.userId}`),
    )
    .where(
      and(
        eq(participants.programId, program.id),
        eq(participants.status, 'invited'),
        lt(participants.remindersSent, 2),
        eq(outbox.status, 'sent'),
        eq(members.isActive, true),
      ),
    )
    .all();
  let first = 0;
  let last = 0;
  for (const r of rows) {
    if (r.deliveredAt === null) continue;
    const tz = safeZone(r.tz);
    const owed = reminderOwed(new Date(r.deliveredAt), tz, r.remindersSent, now);
    if (owed === 0) continue;
    enqueueDm(
      tx,
      {
        key: `survey-reminder:${program.id}:${r.userId}:${owed}`,
        userId: r.userId,
        message: buildInvitation(program, owed),
        notBefore: nextWorkingTime(now, tz),
      },
      now,
    );
    tx.update(participants)
      .set({ remindersSent: 2 === owed ? 2 : 1, lastReminderAt: now.getTime() })
      .where(eq(participants.id, r.id))
      .run();
    if (owed === 1) first++;
    else last++;
  }
  return { firstReminders: first, lastReminders: last };
}

export function runSurveyReminders(deps: Deps, now: Date, opts: JobRunOptions = {}) {
  return runForPrograms(deps, 'survey-reminders', surveyRemindersWork, now, opts);
}
