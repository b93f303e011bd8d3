import type { Deps } from '../../../deps';
import { catalogueOf, declineInvitation, surveyAccess } from '../../../flows/survey';
import { buildSurveyModal } from '../../views/survey';
import type { ActionCallback } from '.';

/** "I'm interested": opens the survey (pre-filled when answered before). */
export function surveyOpenCallback(deps: Deps): ActionCallback {
  return async ({ ack, body, action, client, respond }) => {
    await ack();
    const access = surveyAccess(deps, body.user.id, Number(action.value));
    if (!access.ok) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: access.message });
      return;
    }
    await client.views.open({
      trigger_id: body.trigger_id,
      view: buildSurveyModal({
        programId: access.program.id,
        programName: access.program.name,
        kind: access.program.kind,
        catalogue: catalogueOf(access.program),
        existing: access.existing,
      }) as never,
    });
  };
}

/** "Not this time": recorded, no reminders after it, and the invitation shows the choice. */
export function surveyDeclineCallback(deps: Deps): ActionCallback {
  return async ({ ack, body, action, respond }) => {
    await ack();
    const result = declineInvitation(deps, body.user.id, Number(action.value), deps.clock.now());
    if (!result.ok) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: result.message });
      return;
    }
    await respond({
      replace_original: true,
      text: result.message.text,
      blocks: result.message.blocks as never,
    });
  };
}
