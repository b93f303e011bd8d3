import { cadenceChoices, checkinChoices, kindLabels, kinds } from '../../domain/program-rules';
import { ids } from '../ids';
import { option, plainText } from './blocks';

const b = ids.programSetup.blocks;

/** The `/mentor admin` modal: everything a program needs, with sensible defaults. */
export function buildProgramSetupModal() {
  return {
    type: 'modal' as const,
    callback_id: ids.programSetup.callbackId,
    title: plainText('Launch a program'),
    submit: plainText('Launch'),
    close: plainText('Cancel'),
    blocks: [
      {
        type: 'input',
        block_id: b.name,
        label: plainText('Program name'),
        element: {
          type: 'plain_text_input',
          action_id: b.name,
          max_length: 80,
          placeholder: plainText('e.g. Reverse mentoring, spring cohort'),
        },
      },
      {
        type: 'input',
        block_id: b.kind,
        label: plainText('Kind'),
        element: {
          type: 'static_select',
          action_id: b.kind,
          initial_option: option('reverse', kindLabels.reverse),
          options: kinds.map((k) => option(k, kindLabels[k])),
        },
      },
      {
        type: 'input',
        block_id: b.audience,
        optional: true,
        label: plainText('Who to invite'),
        hint: plainText(
          'Members of this channel get the survey by DM. Leave empty to invite everyone in the workspace.',
        ),
        element: {
          type: 'conversations_select',
          action_id: b.audience,
          filter: {
            include: ['public', 'private'],
            exclude_bot_users: true,
            exclude_external_shared_channels: true,
          },
        },
      },
      {
        type: 'input',
        block_id: b.weeks,
        label: plainText('Length in weeks'),
        element: {
          type: 'number_input',
          action_id: b.weeks,
          is_decimal_allowed: false,
          min_value: '4',
          max_value: '52',
          initial_value: '12',
        },
      },
      {
        type: 'input',
        block_id: b.cadenceDays,
        label: plainText('How often pairs should meet'),
        element: {
          type: 'static_select',
          action_id: b.cadenceDays,
          initial_option: option('14', 'Every 2 weeks'),
          options: cadenceChoices.map((d) => option(String(d), everyLabel(d))),
        },
      },
      {
        type: 'input',
        block_id: b.checkinDays,
        label: plainText('Reflection check-ins'),
        element: {
          type: 'static_select',
          action_id: b.checkinDays,
          initial_option: option('28', 'Every 4 weeks'),
          options: checkinChoices.map((d) => option(String(d), everyLabel(d))),
        },
      },
      {
        type: 'input',
        block_id: b.digestChannel,
        optional: true,
        label: plainText('Weekly digest channel'),
        hint: plainText(
          'Where program owners get the weekly summary. Empty uses the default digest channel.',
        ),
        element: {
          type: 'conversations_select',
          action_id: b.digestChannel,
          filter: { include: ['public', 'private'] },
        },
      },
      {
        type: 'input',
        block_id: b.surveyDays,
        optional: true,
        label: plainText('Days the survey stays open'),
        hint: plainText(
          'The first matching round runs when it closes; then weekly for late joiners. Default 7.',
        ),
        element: {
          type: 'number_input',
          action_id: b.surveyDays,
          is_decimal_allowed: false,
          min_value: '1',
          max_value: '30',
        },
      },
      {
        type: 'input',
        block_id: b.skills,
        optional: true,
        label: plainText('Skills to offer in the survey'),
        hint: plainText(
          'One per line. Leave empty for the default list (AI tools, strategy, public speaking…).',
        ),
        element: { type: 'plain_text_input', action_id: b.skills, multiline: true, max_length: 1500 },
      },
    ],
  };
}

export function everyLabel(days: number): string {
  return days === 7 ? 'Every week' : `Every ${days / 7} weeks`;
}
