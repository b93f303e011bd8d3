import type { Deps } from '../../../deps';
import { validateSurvey } from '../../../domain/program-rules';
import { catalogueOf, saveSurveyAnswer, surveyAccess } from '../../../flows/survey';
import { ids } from '../../ids';
import type { ViewArgs } from '.';
import {
  readMultiSelect,
  readSelect,
  readText,
  readUsers,
  type StateValues,
  storeBeforeClosing,
} from './state';

const b = ids.survey.blocks;

export function surveyCallback(deps: Deps) {
  return async ({ ack, body, view }: ViewArgs): Promise<void> => {
    const userId = body.user.id;
    const access = surveyAccess(deps, userId, Number(view.private_metadata));
    if (!access.ok) {
      await ack({ response_action: 'errors', errors: { [b.role]: access.message } });
      return;
    }
    const values = view.state.values as StateValues;
    const result = validateSurvey(
      {
        role: readSelect(values, b.role),
        level: readSelect(values, b.level),
        department: readText(values, b.department),
        teach: readMultiSelect(values, b.teach),
        learn: readMultiSelect(values, b.learn),
        goals: readText(values, b.goals),
        capacity: readText(values, b.capacity),
        avoid: readUsers(values, b.avoid),
      },
      { kind: access.program.kind, catalogue: catalogueOf(access.program), selfId: userId },
    );
    if (!result.ok) {
      await ack({ response_action: 'errors', errors: result.errors });
      return;
    }
    const saved = await storeBeforeClosing({ ack }, deps.log, { blockId: b.role, what: 'your answers' }, () =>
      saveSurveyAnswer(deps, userId, access.program, result.value, deps.clock.now(), view.id),
    );
    if (!saved) return;
    deps.deliverer.poke();
  };
}
