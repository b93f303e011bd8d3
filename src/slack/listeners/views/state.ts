import type { Logger } from '../../../log';
import type { ViewArgs } from '.';

/** A submitted modal: reading its `state.values` (every input's action_id equals its block_id) and storing it. */
type StateValue = {
  type?: string;
  value?: string | null;
  selected_option?: { value?: string } | null;
  selected_options?: { value?: string }[] | null;
  selected_conversation?: string | null;
  selected_channel?: string | null;
  selected_users?: string[] | null;
  selected_date?: string | null;
};

export type StateValues = Record<string, Record<string, StateValue>>;

function field(values: StateValues, blockId: string): StateValue | undefined {
  const block = values?.[blockId];
  if (!block || typeof block !== 'object') return undefined;
  return block[blockId] ?? Object.values(block)[0];
}

export function readText(values: StateValues, blockId: string): string | null {
  const v = field(values, blockId)?.value;
  return typeof v === 'string' ? v : null;
}

export function readSelect(values: StateValues, blockId: string): string | null {
  const v = field(values, blockId)?.selected_option?.value;
  return typeof v === 'string' ? v : null;
}

export function readMultiSelect(values: StateValues, blockId: string): string[] {
  const opts = field(values, blockId)?.selected_options;
  return Array.isArray(opts)
    ? opts.map((o) => o?.value).filter((v): v is string => typeof v === 'string')
    : [];
}

export function readConversation(values: StateValues, blockId: string): string | null {
  const f = field(values, blockId);
  const v = f?.selected_conversation ?? f?.selected_channel;
  return typeof v === 'string' ? v : null;
}

export function readUsers(values: StateValues, blockId: string): string[] {
  const v = field(values, blockId)?.selected_users;
  return Array.isArray(v) ? v.filter((u): u is string => typeof u === 'string') : [];
}

export function readDate(values: StateValues, blockId: string): string | null {
  const v = field(values, blockId)?.selected_date;
  return typeof v === 'string' ? v : null;
}

export function readCheckboxes(values: StateValues, blockId: string): string[] {
  return readMultiSelect(values, blockId);
}

/**
 * Stores what a submission asks for before its modal closes, so a crash after the person sees it close can't lose
 * it. When storing fails, the modal stays open with a kind message on `blockId` and the result is undefined.
 */
export async function storeBeforeClosing<T>(
  args: Pick<ViewArgs, 'ack'>,
  log: Logger,
  target: { blockId: string; what: string },
  store: () => T,
): Promise<{ stored: T } | undefined> {
  let stored: T;
  try {
    stored = store();
  } catch (error) {
    log.error(`could not store ${target.what}`, { error: error as Error });
    await args.ack({
      response_action: 'errors',
      errors: {
        [target.blockId]: `Sorry, I couldn't save ${target.what} just now. Please try again in a moment.`,
      },
    });
    return undefined;
  }
  await args.ack();
  return { stored };
}
