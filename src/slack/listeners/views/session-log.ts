import { DateTime } from 'luxon';
import { getMember } from '../../../db/repositories/members';
import type { Deps } from '../../../deps';
import { localDate, safeZone } from '../../../domain/time';
import { logSession, relationshipFor, todayFor } from '../../../flows/sessions';
import { ids } from '../../ids';
import type { ViewArgs } from '.';
import { readDate, readText, type StateValues } from './state';

const b = ids.sessionLog.blocks;

export function sessionLogCallback(deps: Deps) {
  return async ({ ack, body, view }: ViewArgs): Promise<void> => {
    const userId = body.user.id;
    const now = deps.clock.now();
    const rel = relationshipFor(deps.db, Number(view.private_metadata), userId);
    if (!rel) {
      await ack({ response_action: 'errors', errors: { [b.date]: "This relationship isn't one of yours." } });
      return;
    }
    const values = view.state.values as StateValues;
    const date = readDate(values, b.date);
    const note = readText(values, b.note)?.trim() || null;
    const today = todayFor(deps, userId, now);
    const started = localDate(new Date(rel.startedAt), safeZone(getMember(deps.db, userId)?.tz));
    let error: Record<string, string> | null = null;
    // A tampered value can have the shape of a date without being one (2027-01-32): it would sort between real
    // days and pass the range checks below, then break every rule that counts days from it.
    if (!date || !/^\d{4}-\d{2}-\d{2}$/.test(date) || !DateTime.fromFormat(date, 'yyyy-MM-dd').isValid)
      error = { [b.date]: 'Pick the day you met.' };
    else if (date > today) error = { [b.date]: "That's in the future: log a session once it has happened." };
    else if (date < started)
      error = { [b.date]: `Your relationship started on ${started}: pick a day since then.` };
    else if (note && Array.from(note).length > 500)
      error = { [b.note]: 'Keep the note under 500 characters.' };
    if (error) {
      await ack({ response_action: 'errors', errors: error });
      return;
    }
    const result = logSession(deps, userId, rel.id, date!, note, now);
    if (!result.ok) {
      await ack({ response_action: 'errors', errors: { [b.date]: result.message } });
      return;
    }
    await ack();
  };
}
