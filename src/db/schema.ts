// Table definitions only. Times are epoch milliseconds (UTC); calendar dates are 'YYYY-MM-DD' text.
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** Slack people the bot knows, with the profile data later rules need (names, time zone, away status). */
export const members = sqliteTable(
  'members',
  {
    userId: text('user_id').primaryKey(),
    name: text('name').notNull(),
    realName: text('real_name'),
    title: text('title'),
    tz: text('tz').notNull().default('UTC'),
    isActive: integer('is_active', { mode: 'boolean' }).notNull().default(true),
    statusText: text('status_text'),
    statusEmoji: text('status_emoji'),
    statusExpiration: integer('status_expiration'),
    /** A permanent Slack error for DMs to this person (account_inactive, user_not_found, cannot_dm_bot). */
    deliveryError: text('delivery_error'),
    dmChannelId: text('dm_channel_id'),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    index('members_active_idx').on(t.isActive),
    /** The few people a DM can't reach: the daily scan for relationships to end starts here. */
    index('members_unreachable_idx')
      .on(t.userId)
      .where(sql`${t.isActive} = 0 or ${t.deliveryError} is not null`),
  ],
);

export const programs = sqliteTable(
  'programs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    kind: text('kind', { enum: ['reverse', 'traditional', 'peer', 'group'] }).notNull(),
    weeks: integer('weeks').notNull(),
    cadenceDays: integer('cadence_days').notNull(),
    checkinDays: integer('checkin_days').notNull(),
    audienceChannel: text('audience_channel'),
    digestChannel: text('digest_channel'),
    timeZone: text('time_zone').notNull().default('UTC'),
    ownerId: text('owner_id').notNull(),
    /** JSON array of { slug, label }; null means the default catalogue. */
    skills: text('skills', { mode: 'json' }).$type<{ slug: string; label: string }[] | null>(),
    status: text('status', { enum: ['launching', 'open', 'ended'] })
      .notNull()
      .default('launching'),
    /** The setup modal's view id: the same submission arriving twice launches one program. */
    sourceViewId: text('source_view_id'),
    /** Where the audience listing got to, so a launch resumes after a restart. */
    launchCursor: text('launch_cursor'),
    launchedAt: integer('launched_at').notNull(),
    audienceQueuedAt: integer('audience_queued_at'),
    surveyClosesAt: integer('survey_closes_at').notNull(),
    /** When the last matching round ran; scheduled rounds follow weekly after the survey window closes. */
    lastRoundAt: integer('last_round_at'),
    /** The round the pool was last told about the day before ("skip this round"). */
    headsUpForRound: integer('heads_up_for_round'),
    endsAt: integer('ends_at').notNull(),
    endedAt: integer('ended_at'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    index('programs_status_idx').on(t.status),
    uniqueIndex('programs_source_view_uq').on(t.sourceViewId),
  ],
);

/** A person in a program: invitation, reminders, decline, survey answer and pool state. */
export const participants = sqliteTable(
  'participants',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    programId: integer('program_id')
      .notNull()
      .references(() => programs.id),
    userId: text('user_id')
      .notNull()
      .references(() => members.userId),
    status: text('status', { enum: ['invited', 'declined', 'answered', 'left'] })
      .notNull()
      .default('invited'),
    invitedAt: integer('invited_at').notNull(),
    /** When the invitation was delivered (reminders count working days from here). */
    invitationDeliveredAt: integer('invitation_delivered_at'),
    remindersSent: integer('reminders_sent').notNull().default(0),
    lastReminderAt: integer('last_reminder_at'),
    declinedAt: integer('declined_at'),
    answeredAt: integer('answered_at'),
    /** Skip the matching round(s) until this time (the "skip this round" button). */
    skipUntil: integer('skip_until'),
  },
  (t) => [
    uniqueIndex('participants_program_user_uq').on(t.programId, t.userId),
    index('participants_user_idx').on(t.userId),
    index('participants_program_status_idx').on(t.programId, t.status),
  ],
);

export const surveyAnswers = sqliteTable('survey_answers', {
  participantId: integer('participant_id')
    .primaryKey()
    .references(() => participants.id),
  role: text('role', { enum: ['mentor', 'mentee', 'either'] }).notNull(),
  level: text('level', { enum: ['early', 'mid', 'senior', 'executive'] }).notNull(),
  department: text('department').notNull(),
  teach: text('teach', { mode: 'json' }).$type<string[]>().notNull(),
  learn: text('learn', { mode: 'json' }).$type<string[]>().notNull(),
  goals: text('goals').notNull(),
  capacity: integer('capacity'),
  /** Confidential: used by matching only, never shown. */
  avoid: text('avoid', { mode: 'json' }).$type<string[]>().notNull(),
  updatedAt: integer('updated_at').notNull(),
});

/** One proposed relationship; everyone in it shares the offer id. */
export const offers = sqliteTable(
  'offers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    programId: integer('program_id')
      .notNull()
      .references(() => programs.id),
    status: text('status', { enum: ['pending', 'accepted', 'declined', 'expired', 'withdrawn'] })
      .notNull()
      .default('pending'),
    score: integer('score').notNull(),
    reasons: text('reasons', { mode: 'json' }).$type<string[]>().notNull(),
    createdAt: integer('created_at').notNull(),
    deliveredAt: integer('delivered_at'),
    expiresAt: integer('expires_at'),
    remindedAt: integer('reminded_at'),
    closedAt: integer('closed_at'),
  },
  (t) => [index('offers_program_status_idx').on(t.programId, t.status)],
);

export const offerMembers = sqliteTable(
  'offer_members',
  {
    offerId: integer('offer_id')
      .notNull()
      .references(() => offers.id),
    userId: text('user_id').notNull(),
    role: text('role', { enum: ['mentor', 'mentee', 'peer'] }).notNull(),
    response: text('response', { enum: ['pending', 'accepted', 'declined'] })
      .notNull()
      .default('pending'),
    respondedAt: integer('responded_at'),
    /** Where the offer DM landed, so it can be updated after a click. */
    messageChannel: text('message_channel'),
    messageTs: text('message_ts'),
  },
  (t) => [primaryKey({ columns: [t.offerId, t.userId] }), index('offer_members_user_idx').on(t.userId)],
);

/** Pairs who must never be proposed again (declined, or matched before). */
export const blockedPairs = sqliteTable(
  'blocked_pairs',
  {
    programId: integer('program_id')
      .notNull()
      .references(() => programs.id),
    userA: text('user_a').notNull(),
    userB: text('user_b').notNull(),
    reason: text('reason', { enum: ['declined', 'expired', 'matched'] }).notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.programId, t.userA, t.userB] })],
);

/** A pair or a cohort (group programs: one mentor, several mentees). */
export const relationships = sqliteTable(
  'relationships',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    programId: integer('program_id')
      .notNull()
      .references(() => programs.id),
    offerId: integer('offer_id').references(() => offers.id),
    status: text('status', { enum: ['active', 'paused', 'ended'] })
      .notNull()
      .default('active'),
    startedAt: integer('started_at').notNull(),
    pausedUntil: integer('paused_until'),
    endedAt: integer('ended_at'),
    endReason: text('end_reason'),
    groupChannelId: text('group_channel_id'),
    lastSessionOn: text('last_session_on'),
    nudgeStep: integer('nudge_step').notNull().default(0),
    nudgeStepAt: integer('nudge_step_at'),
    atRisk: integer('at_risk', { mode: 'boolean' }).notNull().default(false),
    goalsSetAt: integer('goals_set_at'),
    storyOptIn: integer('story_opt_in', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [
    index('relationships_program_status_idx').on(t.programId, t.status),
    index('relationships_status_idx').on(t.status),
  ],
);

export const relationshipMembers = sqliteTable(
  'relationship_members',
  {
    relationshipId: integer('relationship_id')
      .notNull()
      .references(() => relationships.id),
    userId: text('user_id').notNull(),
    role: text('role', { enum: ['mentor', 'mentee', 'peer'] }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.relationshipId, t.userId] }),
    index('relationship_members_user_idx').on(t.userId),
  ],
);

/** A session held; the same relationship and day counts once. */
export const sessions = sqliteTable(
  'sessions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    relationshipId: integer('relationship_id')
      .notNull()
      .references(() => relationships.id),
    heldOn: text('held_on').notNull(),
    loggedBy: text('logged_by').notNull(),
    note: text('note'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('sessions_relationship_day_uq').on(t.relationshipId, t.heldOn),
    index('sessions_held_on_idx').on(t.heldOn),
  ],
);

/** One row per nudge step taken; the cycle is the due date it answers, so a step is taken once per cadence. */
export const nudges = sqliteTable(
  'nudges',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    relationshipId: integer('relationship_id')
      .notNull()
      .references(() => relationships.id),
    cycle: text('cycle').notNull(),
    step: integer('step').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [uniqueIndex('nudges_relationship_cycle_step_uq').on(t.relationshipId, t.cycle, t.step)],
);

export const goals = sqliteTable(
  'goals',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    relationshipId: integer('relationship_id')
      .notNull()
      .references(() => relationships.id),
    position: integer('position').notNull(),
    text: text('text').notNull(),
    done: integer('done', { mode: 'boolean' }).notNull().default(false),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [uniqueIndex('goals_relationship_position_uq').on(t.relationshipId, t.position)],
);

/** One check-in per person per period; the private note is readable by its author only. */
export const checkins = sqliteTable(
  'checkins',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    relationshipId: integer('relationship_id')
      .notNull()
      .references(() => relationships.id),
    userId: text('user_id').notNull(),
    periodIndex: integer('period_index').notNull(),
    isFinal: integer('is_final', { mode: 'boolean' }).notNull().default(false),
    status: text('status', { enum: ['open', 'answered', 'expired', 'skipped'] })
      .notNull()
      .default('open'),
    dueAt: integer('due_at').notNull(),
    remindedAt: integer('reminded_at'),
    expiresAt: integer('expires_at').notNull(),
    answeredAt: integer('answered_at'),
    progress: integer('progress'),
    highlight: text('highlight'),
    share: integer('share', { mode: 'boolean' }).notNull().default(false),
    privateNote: text('private_note'),
  },
  (t) => [
    uniqueIndex('checkins_relationship_user_period_uq').on(t.relationshipId, t.userId, t.periodIndex),
    /** The digest reads the check-ins due since the last period, per relationship. */
    index('checkins_relationship_due_idx').on(t.relationshipId, t.dueAt),
    index('checkins_status_idx').on(t.status),
    index('checkins_user_idx').on(t.userId),
  ],
);

/**
 * Every outgoing Slack call that must happen once. The key is unique per logical message.
 * `dependsOn` names another row's key whose result (e.g. the channel from conversations.open) this one needs.
 */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    key: text('key').notNull(),
    method: text('method').notNull(),
    payload: text('payload', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    /** The person the message is for, when it is a DM: working hours and delivery errors apply to them. */
    recipient: text('recipient'),
    dependsOn: text('depends_on'),
    status: text('status', { enum: ['pending', 'sending', 'sent', 'failed'] })
      .notNull()
      .default('pending'),
    notBefore: integer('not_before').notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at').notNull(),
    lastError: text('last_error'),
    result: text('result', { mode: 'json' }).$type<Record<string, unknown> | null>(),
    createdAt: integer('created_at').notNull(),
    claimedAt: integer('claimed_at'),
    /** host:pid of the process sending it; a row left 'sending' by a dead process is checked, then retried. */
    claimedBy: text('claimed_by'),
    sentAt: integer('sent_at'),
  },
  (t) => [
    uniqueIndex('outbox_key_uq').on(t.key),
    index('outbox_due_idx').on(t.status, t.notBefore, t.nextAttemptAt),
  ],
);

/** Slack's verdicts that apply to every call: a Retry-After pause, or a halt when our credentials are refused. */
export const slackState = sqliteTable('slack_state', {
  id: integer('id').primaryKey(),
  blockedUntil: integer('blocked_until').notNull().default(0),
  haltReason: text('halt_reason'),
  haltedAt: integer('halted_at'),
});

/**
 * The posting budget, shared by the server and job processes: one row per call made in the last minute, per bucket
 * ('post' for chat.postMessage, 'open' for conversations.open), so any 60-second window stays under the ceiling.
 */
export const rateEvents = sqliteTable(
  'rate_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    bucket: text('bucket').notNull(),
    at: integer('at').notNull(),
  },
  (t) => [index('rate_events_bucket_at_idx').on(t.bucket, t.at)],
);

/** One run per job, program and period. */
export const jobRuns = sqliteTable(
  'job_runs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    job: text('job').notNull(),
    programId: integer('program_id').notNull(),
    period: text('period').notNull(),
    ranAt: integer('ran_at').notNull(),
    summary: text('summary', { mode: 'json' }).$type<Record<string, number>>(),
  },
  (t) => [uniqueIndex('job_runs_job_program_period_uq').on(t.job, t.programId, t.period)],
);

export const processedEvents = sqliteTable(
  'processed_events',
  {
    eventId: text('event_id').primaryKey(),
    receivedAt: integer('received_at').notNull(),
  },
  (t) => [index('processed_events_received_idx').on(t.receivedAt)],
);

export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at').notNull(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    programId: integer('program_id'),
    detail: text('detail', { mode: 'json' }).$type<Record<string, unknown>>(),
  },
  (t) => [index('audit_log_program_idx').on(t.programId, t.at)],
);
