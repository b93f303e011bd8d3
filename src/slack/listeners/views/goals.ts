import type { Deps } from '../../../deps';
import { saveGoals, validateGoals } from '../../../flows/goals';
import { relationshipFor } from '../../../flows/sessions';
import { goalsModal } from '../../ids';
import type { ViewArgs } from '.';
import { readCheckboxes, readText, type StateValues } from './state';

export function goalsCallback(deps: Deps) {
  return async ({ ack, body, view }: ViewArgs): Promise<void> => {
    const userId = body.user.id;
    const rel = relationshipFor(deps.db, Number(view.private_metadata), userId);
    if (!rel || rel.status === 'ended') {
      await ack({
        response_action: 'errors',
        errors: { [goalsModal.goalBlock(1)]: "This relationship isn't open for you." },
      });
      return;
    }
    const values = view.state.values as StateValues;
    const texts = Array.from({ length: goalsModal.max }, (_, i) =>
      readText(values, goalsModal.goalBlock(i + 1)),
    );
    const result = validateGoals(texts, readCheckboxes(values, goalsModal.doneBlock));
    if (!result.ok) {
      await ack({ response_action: 'errors', errors: result.errors });
      return;
    }
    await ack();
    saveGoals(deps, userId, rel.id, result.goals, deps.clock.now(), view.id);
    deps.deliverer.poke();
  };
}
