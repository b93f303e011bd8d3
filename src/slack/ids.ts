/**
 * Every callback_id, block_id and action_id of CONTRACT.md section 4. Buttons already sent to people carry these,
 * so they are a public API: add, never rename. Inputs use the block id as their action id too.
 */
export const ids = {
  programSetup: {
    callbackId: 'program_setup',
    blocks: {
      name: 'name',
      kind: 'kind',
      audience: 'audience',
      weeks: 'weeks',
      cadenceDays: 'cadence_days',
      checkinDays: 'checkin_days',
      digestChannel: 'digest_channel',
      // Optional additions beside the contract's blocks.
      surveyDays: 'survey_days',
      skills: 'skills',
    },
  },
  survey: {
    callbackId: 'survey',
    blocks: {
      role: 'role',
      level: 'level',
      department: 'department',
      teach: 'teach',
      learn: 'learn',
      goals: 'goals',
      capacity: 'capacity',
      avoid: 'avoid',
    },
  },
  sessionLog: { callbackId: 'session_log', blocks: { date: 'date', note: 'note' } },
  checkin: {
    callbackId: 'checkin',
    blocks: { progress: 'progress', highlight: 'highlight', share: 'share', privateNote: 'private_note' },
    shareOption: 'share',
  },
  actions: {
    surveyOpen: 'survey_open',
    surveyDecline: 'survey_decline',
    offerAccept: 'offer_accept',
    offerDecline: 'offer_decline',
    sessionMet: 'session_met',
    checkinOpen: 'checkin_open',
  },
} as const;

/** IDs the product adds beside the contract's; the same rule holds: add, never rename. */
export const extraActions = {
  offerAlternatives: 'offer_alternatives',
  /** Followed by `:<user id>` so several "Choose" buttons in one message stay unique. */
  offerPick: 'offer_pick',
  matchSkip: 'match_skip',
  nudgeCommit: 'nudge_commit',
  nudgePause: 'nudge_pause',
  nudgeLeave: 'nudge_leave',
  relationshipEnd: 'relationship_end',
  relationshipKeep: 'relationship_keep',
  adminMatch: 'admin_match',
  adminDigest: 'admin_digest',
  adminExport: 'admin_export',
  /** The digest's buttons beside each pair at risk, owners only; value = relationship id. */
  ownerDmPair: 'owner_dm_pair',
  ownerPausePair: 'owner_pause_pair',
  ownerEndPair: 'owner_end_pair',
  storyOptIn: 'story_opt_in',
} as const;

/** The goals modal (not in the contract; its inputs are optional per goal). */
export const goalsModal = {
  callbackId: 'goals',
  goalBlock: (position: number) => `goal_${position}`,
  doneBlock: 'goals_done',
  max: 5,
  maxLength: 200,
} as const;

export const contractOptions = {
  kind: ['reverse', 'traditional', 'peer', 'group'],
  cadenceDays: ['7', '14', '28'],
  checkinDays: ['14', '28', '42'],
  role: ['mentor', 'mentee', 'either'],
  level: ['early', 'mid', 'senior', 'executive'],
  progress: ['1', '2', '3', '4', '5'],
} as const;

export const MENTOR_COMMAND = '/mentor';
