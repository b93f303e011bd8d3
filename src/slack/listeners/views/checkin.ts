import { writeTx } from '../../../db/client';
import type { Deps } from '../../../deps';
import { answerCheckin, checkinFor, STORY_RATING } from '../../../flows/checkins';
import { enqueueDm } from '../../../outbox/enqueue';
import { ids } from '../../ids';
import { buildCheckinThanks } from '../../views/checkin';
import type { ViewArgs } from '.';
import { readCheckboxes, readSelect, readText, type StateValues } from './state';

const c = ids.checkin.blocks;

export function checkinCallback(deps: Deps) {
  return async ({ ack, body, view }: ViewArgs): Promise<void> => {
    const userId = body.user.id;
    const checkinId = Number(view.private_metadata);
    const access = checkinFor(deps.db, checkinId, userId);
    if (!access.ok) {
      await ack({ response_action: 'errors', errors: { [c.progress]: access.message } });
      return;
    }
    const values = view.state.values as StateValues;
    const progress = readSelect(values, c.progress);
    const highlight = readText(values, c.highlight)?.trim() || null;
    const note = readText(values, c.privateNote)?.trim() || null;
    const shareValues = readCheckboxes(values, c.share);
    const errors: Record<string, string> = {};
    if (!progress) errors[c.progress] = 'Choose how far you have come.';
    else if (!/^[1-5]$/.test(progress)) errors[c.progress] = 'Choose one of the listed options.';
    if (highlight && Array.from(highlight).length > 500)
      errors[c.highlight] = 'Keep the highlight under 500 characters.';
    if (note && Array.from(note).length > 2000)
      errors[c.privateNote] = 'Keep the note under 2,000 characters.';
    if (shareValues.some((v) => v !== ids.checkin.shareOption))
      errors[c.share] = 'Choose the listed option, or none.';
    if (Object.keys(errors).length > 0) {
      await ack({ response_action: 'errors', errors });
      return;
    }
    await ack();
    const now = deps.clock.now();
    const result = answerCheckin(
      deps,
      userId,
      checkinId,
      {
        progress: Number(progress),
        highlight,
        share: shareValues.length > 0 && highlight !== null,
        privateNote: note,
      },
      now,
    );
    if (!result.ok) return;
    const thanks = buildCheckinThanks({
      isFinal: result.checkin.isFinal,
      invitedToShare: result.checkin.isFinal && Number(progress) >= STORY_RATING,
      relationshipId: result.relationshipId,
      programName: result.program.name,
    });
    writeTx(deps.db, (tx) =>
      enqueueDm(tx, { key: `checkin-thanks:${checkinId}`, userId, message: thanks }, now),
    );
    deps.deliverer.poke();
  };
}
