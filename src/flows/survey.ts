import { and, desc, eq, inArray, isNull, ne } from 'drizzle-orm';
import { type DbOrTx, writeTx } from '../db/client';
import { audit } from '../db/repositories/events';
import { getMember, upsertMember } from '../db/repositories/members';
import { getProgram, type Program } from '../db/repositories/programs';
import {
  offerMembers,
  offers,
  participants,
  programs,
  relationshipMembers,
  relationships,
  surveyAnswers,
} from '../db/schema';
import type { Deps } from '../deps';
import { isActiveHuman, type SurveyAnswer } from '../domain/program-rules';
import { defaultSkills, type Skill } from '../domain/skills';
import { formatLocal, nextWorkingTime, safeZone } from '../domain/time';
import { enqueueDm } from '../outbox/enqueue';
import { buildDeclineConfirmation } from '../slack/views/invitation';
import { buildSurveyThanks } from '../slack/views/survey';
import { memberFromSlack } from './launch';

export type Participant = typeof participants.$inferSelect;

export function catalogueOf(program: Pick<Program, 'skills'>): readonly Skill[] {
  return program.skills && program.skills.length > 0 ? program.skills : defaultSkills;
}

export function getParticipant(db: DbOrTx, programId: number, userId: string): Participant | undefined {
  return db
    .select()
    .from(participants)
    .where(and(eq(participants.programId, programId), eq(participants.userId, userId)))
    .get();
}

export function getAnswer(db: DbOrTx, participantId: number): SurveyAnswer | null {
  const row = db.select().from(surveyAnswers).where(eq(surveyAnswers.participantId, participantId)).get();
  if (!row) return null;
  const { participantId: _p, updatedAt: _u, ...answer } = row;
  return answer;
}

/** True once matching has proposed or started a relationship for the person: their answers are then fixed. */
export function isMatched(db: DbOrTx, programId: number, userId: string): boolean {
  const offered = db
    .select({ id: offers.id })
    .from(offerMembers)
    .innerJoin(offers, eq(offers.id, offerMembers.offerId))
    .where(
      and(
        eq(offerMembers.userId, userId),
        eq(offers.programId, programId),
        inArray(offers.status, ['pending', 'accepted']),
      ),
    )
    .get();
  if (offered) return true;
  const related = db
    .select({ id: relationships.id })
    .from(relationshipMembers)
    .innerJoin(relationships, eq(relationships.id, relationshipMembers.relationshipId))
    .where(
      and(
        eq(relationshipMembers.userId, userId),
        eq(relationships.programId, programId),
        ne(relationships.status, 'ended'),
      ),
    )
    .get();
  return related !== undefined;
}

/**
 * The program `/mentor join` opens: the newest open one the person was invited to; failing that, the newest open
 * program whose audience is the whole workspace (people who joined Slack after the launch), which adds them.
 */
export function programForJoin(deps: Deps, userId: string, now: Date): Program | null {
  const mine = deps.db
    .select({ program: programs })
    .from(participants)
    .innerJoin(programs, eq(programs.id, participants.programId))
    .where(
      and(
        eq(participants.userId, userId),
        inArray(programs.status, ['launching', 'open']),
        ne(participants.status, 'left'),
      ),
    )
    .orderBy(desc(programs.id))
    .get();
  if (mine) return mine.program;
  const open = newestWorkspaceProgram(deps.db);
  // Only someone known to be an active human (a member row) is added; `findProgramToJoin` asks Slack first.
  if (!open || !getMember(deps.db, userId)) return null;
  deps.db
    .insert(participants)
    .values({ programId: open.id, userId, invitedAt: now.getTime() })
    .onConflictDoNothing()
    .run();
  return open;
}

function newestWorkspaceProgram(db: DbOrTx): Program | undefined {
  return db
    .select()
    .from(programs)
    .where(and(eq(programs.status, 'open'), isNull(programs.audienceChannel)))
    .orderBy(desc(programs.id))
    .get();
}

/**
 * `programForJoin` for someone asking to join: a person who joined Slack after a workspace-wide launch is not a
 * member the bot knows yet, so Slack is asked who they are, and only an active human is added.
 */
export async function findProgramToJoin(deps: Deps, userId: string, now: Date): Promise<Program | null> {
  const program = programForJoin(deps, userId, now);
  if (program || !deps.slack || getMember(deps.db, userId) || !newestWorkspaceProgram(deps.db))
    return program;
  try {
    const res = await deps.slack.users.info({ user: userId });
    const user = res.user as Parameters<typeof memberFromSlack>[0] | undefined;
    if (!user || !isActiveHuman(user)) return null;
    upsertMember(deps.db, memberFromSlack(user, now));
  } catch (err) {
    deps.log.warn('could not look up a person asking to join', { userId, error: err as Error });
    return null;
  }
  return programForJoin(deps, userId, now);
}

export type SurveyAccess =
  | { ok: true; program: Program; participant: Participant; existing: SurveyAnswer | null }
  | { ok: false; message: string };

/** Whether this person may open (or submit) the survey of this program, and what they answered before. */
export function surveyAccess(deps: Deps, userId: string, programId: number): SurveyAccess {
  const program = Number.isSafeInteger(programId) ? getProgram(deps.db, programId) : undefined;
  if (!program || program.status === 'ended') {
    return { ok: false, message: 'This program has ended, so its survey is closed.' };
  }
  const participant = getParticipant(deps.db, program.id, userId);
  if (!participant || participant.status === 'left') {
    return {
      ok: false,
      message: "This survey is for the people invited to the program. Ask its owner if you'd like to join.",
    };
  }
  if (isMatched(deps.db, program.id, userId)) {
    return {
      ok: false,
      message:
        "You've already been matched in this program, so your answers are set. `/mentor status` shows your match.",
    };
  }
  return { ok: true, program, participant, existing: getAnswer(deps.db, participant.id) };
}

/** "Not this time": no reminders after this. Returns the message that confirms it. */
export function declineInvitation(deps: Deps, userId: string, programId: number, now: Date) {
  return writeTx(deps.db, (tx) => {
    const program = getProgram(tx, programId);
    const participant = program ? getParticipant(tx, programId, userId) : undefined;
    if (!program || !participant) {
      return {
        ok: false as const,
        message: "I couldn't find that invitation. It may belong to a program that has ended.",
      };
    }
    if (isMatched(tx, programId, userId)) {
      return {
        ok: false as const,
        message:
          "You're already matched in this program. To step back, use `/mentor end` and I'll let your partner know kindly.",
      };
    }
    if (participant.status !== 'declined') {
      tx.update(participants)
        .set({ status: 'declined', declinedAt: now.getTime() })
        .where(eq(participants.id, participant.id))
        .run();
      audit(tx, { actor: userId, action: 'survey.decline', programId }, now);
    }
    return { ok: true as const, message: buildDeclineConfirmation(program.name) };
  });
}

/**
 * Stores the answer (first time or edit) and queues the thank-you DM in the same transaction. `submissionId` (the
 * submitted modal's view id) makes each save's thank-you its own message: two saves at the same clock reading (a
 * manual clock, or the same millisecond) would otherwise share a key and the second would be dropped.
 */
export function saveSurveyAnswer(
  deps: Deps,
  userId: string,
  program: Program,
  answer: SurveyAnswer,
  now: Date,
  submissionId?: string,
) {
  return writeTx(deps.db, (tx) => {
    const participant = getParticipant(tx, program.id, userId);
    if (!participant) throw new Error('participant vanished');
    const updated = getAnswer(tx, participant.id) !== null;
    tx.insert(surveyAnswers)
      .values({ participantId: participant.id, ...answer, updatedAt: now.getTime() })
      .onConflictDoUpdate({
        target: surveyAnswers.participantId,
        set: { ...answer, updatedAt: now.getTime() },
      })
      .run();
    tx.update(participants)
      .set({ status: 'answered', answeredAt: now.getTime(), declinedAt: null })
      .where(eq(participants.id, participant.id))
      .run();
    audit(
      tx,
      { actor: userId, action: updated ? 'survey.update' : 'survey.answer', programId: program.id },
      now,
    );
    const tz = safeZone(getMember(tx, userId)?.tz);
    const matchingOn = formatLocal(
      nextWorkingTime(new Date(Math.max(program.surveyClosesAt, now.getTime())), tz),
      tz,
    );
    enqueueDm(
      tx,
      {
        key: `survey-thanks:${participant.id}:${submissionId ?? now.getTime()}`,
        userId,
        message: buildSurveyThanks({ programName: program.name, matchingOn, updated }),
      },
      now,
    );
    return { updated };
  });
}
