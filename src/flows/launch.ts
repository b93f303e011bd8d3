import type { WebClient } from '@slack/web-api';
import { and, eq } from 'drizzle-orm';
import { type DbOrTx, writeTx } from '../db/client';
import { audit } from '../db/repositories/events';
import { upsertMember } from '../db/repositories/members';
import {
  getProgram,
  insertProgram,
  listOpenPrograms,
  type Program,
  updateProgram,
} from '../db/repositories/programs';
import { participants, programs } from '../db/schema';
import type { Deps } from '../deps';
import { isActiveHuman, type ProgramSetup, type SlackUserFacts } from '../domain/program-rules';
import { escapeMrkdwn, plural } from '../domain/text';
import { formatLocal, nextWorkingTime, safeZone } from '../domain/time';
import { enqueueDm } from '../outbox/enqueue';
import { classifySlackError } from '../outbox/slack-errors';
import { section } from '../slack/views/blocks';
import { buildInvitation } from '../slack/views/invitation';

const DAY = 86_400_000;
const PAGE_SIZE = 200;

interface LaunchCursor {
  /** Slack's pagination cursor for the next page; '' before the first page. */
  cursor: string;
  pages: number;
}

/** Creates the program from the setup modal. Invitations are queued in the background by `continueLaunch`. */
export function createProgram(
  deps: Deps,
  ownerId: string,
  setup: ProgramSetup,
  now: Date,
  sourceViewId: string | null = null,
): { program: Program; created: boolean } {
  return writeTx(deps.db, (tx) => {
    if (sourceViewId) {
      const existing = tx.select().from(programs).where(eq(programs.sourceViewId, sourceViewId)).get();
      if (existing) return { program: existing, created: false };
    }
    const launchedAt = now.getTime();
    const surveyClosesAt = launchedAt + setup.surveyDays * DAY;
    const program = insertProgram(tx, {
      name: setup.name,
      kind: setup.kind,
      weeks: setup.weeks,
      cadenceDays: setup.cadenceDays,
      checkinDays: setup.checkinDays,
      audienceChannel: setup.audienceChannel,
      digestChannel: setup.digestChannel,
      skills: setup.skills,
      timeZone: 'UTC',
      ownerId,
      status: 'launching',
      launchCursor: null,
      launchedAt,
      surveyClosesAt,
      endsAt: surveyClosesAt + setup.weeks * 7 * DAY,
      createdAt: launchedAt,
      sourceViewId,
    });
    audit(tx, { actor: ownerId, action: 'program.launch', programId: program.id, detail: { ...setup } }, now);
    return { program, created: true };
  });
}

const inFlight = new WeakMap<Deps, Set<number>>();

/** Picks up launches a restart interrupted, where they left off. */
export function resumeLaunches(deps: Deps): void {
  for (const p of listOpenPrograms(deps.db)) {
    if (p.status === 'launching') void continueLaunch(deps, p.id);
  }
}

/**
 * Lists the audience page by page (users.list is Tier 2, so a large workspace takes minutes) and queues one
 * invitation per active human. Each page commits with the cursor that follows it, so a restart resumes there and
 * the invitation keys make a repeated page harmless.
 */
export async function continueLaunch(deps: Deps, programId: number): Promise<void> {
  const running = inFlight.get(deps) ?? new Set<number>();
  inFlight.set(deps, running);
  if (running.has(programId)) return;
  running.add(programId);
  try {
    await launchLoop(deps, programId);
  } catch (err) {
    deps.log.error('launch failed; it resumes at the next start', { programId, error: err as Error });
  } finally {
    running.delete(programId);
  }
}

async function launchLoop(deps: Deps, programId: number): Promise<void> {
  const { slack, log } = deps;
  if (!slack) return;
  let program = getProgram(deps.db, programId);
  if (program?.status !== 'launching') return;
  if (program.launchCursor === null) {
    await adoptOwnerTimeZone(deps, slack, program);
    program = getProgram(deps.db, programId)!;
  }
  let state: LaunchCursor = program.launchCursor
    ? JSON.parse(program.launchCursor)
    : { cursor: '', pages: 0 };
  let failures = 0;
  for (;;) {
    let page: { users: SlackUserFacts[]; next: string };
    try {
      page = await fetchAudiencePage(slack, program, state.cursor);
      failures = 0;
    } catch (err) {
      const f = classifySlackError(err);
      if (f.kind === 'rate_limited' || f.kind === 'transient') {
        failures++;
        if (failures > 8) throw err;
        await sleep(f.kind === 'rate_limited' ? f.retryAfterMs : 1000 * 2 ** failures);
        continue;
      }
      abandonLaunch(deps, program, f.detail);
      return;
    }
    state = { cursor: page.next, pages: state.pages + 1 };
    const done = page.next === '';
    const now = deps.clock.now();
    writeTx(deps.db, (tx) => {
      queueInvitations(tx, program!, page.users, now);
      updateProgram(tx, program!.id, { launchCursor: JSON.stringify(state) });
      if (done) finishLaunch(tx, program!, now);
    });
    deps.deliverer.poke();
    if (done) {
      log.info('launch complete: every invitation is queued', { programId, pages: state.pages });
      return;
    }
  }
}

async function adoptOwnerTimeZone(deps: Deps, slack: WebClient, program: Program): Promise<void> {
  try {
    const res = await slack.users.info({ user: program.ownerId });
    const user = res.user as SlackUser | undefined;
    if (!user) return;
    upsertMember(deps.db, memberFromSlack(user, deps.clock.now()));
    updateProgram(deps.db, program.id, { timeZone: safeZone(user.tz) });
  } catch (err) {
    deps.log.warn("could not read the owner's time zone; the program uses UTC", { error: err as Error });
  }
}

interface SlackUser extends SlackUserFacts {
  name?: string;
  real_name?: string;
  tz?: string;
  profile?: {
    real_name?: string;
    display_name?: string;
    title?: string;
    status_text?: string;
    status_emoji?: string;
    status_expiration?: number;
  };
}

export function memberFromSlack(u: SlackUser, now: Date) {
  const display = u.profile?.display_name || u.profile?.real_name || u.real_name || u.name || u.id;
  return {
    userId: u.id,
    name: display,
    realName: u.profile?.real_name || u.real_name || null,
    title: u.profile?.title || null,
    tz: safeZone(u.tz),
    isActive: !u.deleted,
    statusText: u.profile?.status_text || null,
    statusEmoji: u.profile?.status_emoji || null,
    statusExpiration: u.profile?.status_expiration || null,
    updatedAt: now.getTime(),
  };
}

async function fetchAudiencePage(
  slack: WebClient,
  program: Program,
  cursor: string,
): Promise<{ users: SlackUserFacts[]; next: string }> {
  if (!program.audienceChannel) {
    const res = await slack.users.list({ limit: PAGE_SIZE, cursor: cursor || undefined });
    return { users: (res.members ?? []) as SlackUser[], next: res.response_metadata?.next_cursor ?? '' };
  }
  const res = await slack.conversations.members({
    channel: program.audienceChannel,
    limit: PAGE_SIZE,
    cursor: cursor || undefined,
  });
  const users: SlackUser[] = [];
  for (const id of res.members ?? []) {
    const info = await withRetry(() => slack.users.info({ user: id }));
    if (info?.user) users.push(info.user as SlackUser);
  }
  return { users, next: res.response_metadata?.next_cursor ?? '' };
}

/** users.info for one person: waits out rate limits; a person Slack no longer knows is skipped. */
async function withRetry<T>(fn: () => Promise<T>): Promise<T | null> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      const f = classifySlackError(err);
      if (f.kind === 'recipient' || f.kind === 'permanent') return null;
      if (attempt >= 6 || f.kind === 'halt') throw err;
      await sleep(f.kind === 'rate_limited' ? f.retryAfterMs : 500 * 2 ** attempt);
    }
  }
}

/** Each active human of a page of Slack users: their profile stored, then invited once. Returns how many were. */
export function queueInvitations(db: DbOrTx, program: Program, users: SlackUserFacts[], now: Date): number {
  let queued = 0;
  for (const u of users) {
    if (!isActiveHuman(u)) continue;
    const member = memberFromSlack(u as SlackUser, now);
    upsertMember(db, member);
    if (invite(db, program, u.id, member.tz, now)) queued++;
  }
  return queued;
}

/** One person's participant row and invitation DM, in their working hours; false when they were invited already. */
export function invite(db: DbOrTx, program: Program, userId: string, tz: string, now: Date): boolean {
  const inserted = db
    .insert(participants)
    .values({ programId: program.id, userId, invitedAt: now.getTime() })
    .onConflictDoNothing()
    .run();
  if (inserted.changes === 0) return false;
  enqueueDm(
    db,
    {
      key: `invite:${program.id}:${userId}`,
      userId,
      message: buildInvitation(program),
      notBefore: nextWorkingTime(now, tz),
    },
    now,
  );
  return true;
}

function finishLaunch(db: DbOrTx, program: Program, now: Date): void {
  const invited = db
    .select({ id: participants.id })
    .from(participants)
    .where(and(eq(participants.programId, program.id)))
    .all().length;
  updateProgram(db, program.id, { status: 'open', audienceQueuedAt: now.getTime() });
  const tz = safeZone(program.timeZone);
  const text =
    invited === 0
      ? `I found nobody to invite for *${escapeMrkdwn(program.name)}* (program ${program.id}): the audience has no active members I can message.`
      : `All set: *${plural(invited, 'invitation')}* for *${escapeMrkdwn(program.name)}* (program ${program.id}) are queued. ` +
        `They go out in each person's working hours. The first matching round is on ${formatLocal(new Date(program.surveyClosesAt), tz)}.`;
  enqueueDm(
    db,
    {
      key: `launch-done:${program.id}`,
      userId: program.ownerId,
      message: { text: text.replace(/\*/g, ''), blocks: [section(text)] },
    },
    now,
  );
}

function abandonLaunch(deps: Deps, program: Program, error: string): void {
  const now = deps.clock.now();
  const where = program.audienceChannel ? `<#${program.audienceChannel}>` : 'the workspace';
  const hint =
    error === 'not_in_channel' || error === 'channel_not_found'
      ? `I can't see the members of ${where}. Add me to the channel (\`/invite @mentor-bot\`) and launch again.`
      : `Slack refused to list the members of ${where} (${error}).`;
  writeTx(deps.db, (tx) => {
    updateProgram(tx, program.id, { status: 'ended', endedAt: now.getTime() });
    audit(
      tx,
      { actor: 'bot', action: 'program.launch_failed', programId: program.id, detail: { error } },
      now,
    );
    const text = `I couldn't launch *${escapeMrkdwn(program.name)}*: ${hint}`;
    enqueueDm(
      tx,
      {
        key: `launch-failed:${program.id}`,
        userId: program.ownerId,
        message: { text, blocks: [section(text)] },
      },
      now,
    );
  });
  deps.deliverer.poke();
  deps.log.warn('launch stopped: the audience could not be listed', { programId: program.id, error });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
