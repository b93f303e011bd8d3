import {
  GOALS_MAX,
  type Level,
  levelLabels,
  levels,
  type ProgramKind,
  type Role,
  roleLabels,
  roles,
  type SurveyAnswer,
} from '../../domain/program-rules';
import type { Skill } from '../../domain/skills';
import { escapeMrkdwn } from '../../domain/text';
import type { BlockMessage } from '../../outbox/enqueue';
import { ids } from '../ids';
import { context, option, plainText, section } from './blocks';

const b = ids.survey.blocks;

export interface SurveyModalInput {
  programId: number;
  programName: string;
  kind: ProgramKind;
  catalogue: readonly Skill[];
  existing?: SurveyAnswer | null;
}

/** The interest survey; pre-filled with the earlier answer when someone edits it. */
export function buildSurveyModal(input: SurveyModalInput) {
  const e = input.existing ?? null;
  const skillOptions = input.catalogue.map((s) => option(s.slug, s.label));
  const initialSkills = (slugs: string[] | undefined) => {
    const chosen = skillOptions.filter((o) => slugs?.includes(o.value));
    return chosen.length > 0 ? { initial_options: chosen } : {};
  };
  const select = <T extends string>(
    value: T | undefined,
    values: readonly T[],
    labels: Record<T, string>,
  ) => ({
    options: values.map((v) => option(v, labels[v])),
    ...(value ? { initial_option: option(value, labels[value]) } : {}),
  });
  const blocks: unknown[] = [
    section(
      `*${escapeMrkdwn(input.programName)}*\nA few questions so I can find you a good match. You can change your answers until you're matched.`,
    ),
    {
      type: 'input',
      block_id: b.role,
      label: plainText('How would you like to take part?'),
      element: { type: 'static_select', action_id: b.role, ...select<Role>(e?.role, roles, roleLabels) },
    },
    {
      type: 'input',
      block_id: b.level,
      label: plainText('Your career stage'),
      element: { type: 'static_select', action_id: b.level, ...select<Level>(e?.level, levels, levelLabels) },
    },
    {
      type: 'input',
      block_id: b.department,
      label: plainText('Your team or department'),
      element: {
        type: 'plain_text_input',
        action_id: b.department,
        max_length: 80,
        ...(e ? { initial_value: e.department } : {}),
      },
    },
    {
      type: 'input',
      block_id: b.teach,
      label: plainText('What could you share?'),
      element: {
        type: 'multi_static_select',
        action_id: b.teach,
        max_selected_items: 6,
        options: skillOptions,
        ...initialSkills(e?.teach),
      },
    },
    {
      type: 'input',
      block_id: b.learn,
      label: plainText('What would you like to learn?'),
      element: {
        type: 'multi_static_select',
        action_id: b.learn,
        max_selected_items: 6,
        options: skillOptions,
        ...initialSkills(e?.learn),
      },
    },
    {
      type: 'input',
      block_id: b.goals,
      label: plainText('What do you hope to get from the program?'),
      element: {
        type: 'plain_text_input',
        action_id: b.goals,
        multiline: true,
        max_length: GOALS_MAX,
        ...(e ? { initial_value: e.goals } : {}),
      },
    },
  ];
  if (input.kind === 'group') {
    blocks.push({
      type: 'input',
      block_id: b.capacity,
      optional: true,
      label: plainText('Mentors: how many people could you mentor at once?'),
      hint: plainText('1 to 7 (a group DM holds up to 8 people). Leave empty if you are a mentee.'),
      element: {
        type: 'number_input',
        action_id: b.capacity,
        is_decimal_allowed: false,
        min_value: '1',
        max_value: '7',
        ...(e?.capacity ? { initial_value: String(e.capacity) } : {}),
      },
    });
  }
  blocks.push(
    {
      type: 'input',
      block_id: b.avoid,
      optional: true,
      label: plainText('Anyone you would rather not be matched with?'),
      hint: plainText('Confidential: only used for matching, never shown to anyone.'),
      element: {
        type: 'multi_users_select',
        action_id: b.avoid,
        ...(e && e.avoid.length > 0 ? { initial_users: e.avoid } : {}),
      },
    },
    context('Your answers are only used for matching. Owners see totals, never your answers.'),
  );
  return {
    type: 'modal' as const,
    callback_id: ids.survey.callbackId,
    private_metadata: String(input.programId),
    title: plainText('Mentoring survey'),
    submit: plainText(e ? 'Update' : 'Send'),
    close: plainText('Cancel'),
    blocks,
  };
}

export function buildSurveyThanks(opts: {
  programName: string;
  matchingOn: string;
  updated: boolean;
}): BlockMessage {
  const name = escapeMrkdwn(opts.programName);
  const first = opts.updated
    ? `Thanks, your answers for *${name}* are updated.`
    : `Thank you for joining *${name}*! :tada:`;
  return {
    // The fallback text is mrkdwn too (notifications): the name is escaped there as well.
    text: opts.updated ? `Your answers for ${name} are updated` : `Thanks for joining ${name}`,
    blocks: [
      section(
        `${first}\n*What happens next:* matching runs on *${opts.matchingOn}*. I'll send you a match with the reasons I chose it, and it starts only when you both accept.`,
      ),
      context('Want to change something? Type `/mentor join` to edit your answers until you are matched.'),
    ],
  };
}
