import { eq } from 'drizzle-orm';
import { type DbOrTx, prepared } from '../db/client';
import { outbox } from '../db/schema';

export type OutboxMethod =
  | 'chat.postMessage'
  | 'chat.update'
  | 'conversations.open'
  | 'files.upload'
  | 'views.publish';

export interface OutboxMessage {
  /** Unique per logical message: enqueueing the same key twice keeps the first. */
  key: string;
  method: OutboxMethod;
  payload: Record<string, unknown>;
  /** The person a DM is for: their delivery errors are recorded on them. */
  recipient?: string | null;
  /**
   * Another row's key whose result this one needs: with `payload.channel` unset, the channel comes from that
   * row's result (a group DM opened by conversations.open); `payload.thread_from_dependency` threads under it.
   */
  dependsOn?: string | null;
  /** Not before this instant (working hours of the recipient); defaults to now. */
  notBefore?: Date;
}

/** Writes the message in the caller's transaction: it goes out only if the state change it belongs to commits. */
export function enqueue(tx: DbOrTx, msg: OutboxMessage, now: Date): boolean {
  const notBefore = (msg.notBefore ?? now).getTime();
  // A statement prepared once per connection: jobs enqueue thousands of rows in one run.
  const res = prepared(
    tx,
    `insert into outbox (key, method, payload, recipient, depends_on, not_before, next_attempt_at, created_at)
     values (?, ?, ?, ?, ?, ?, 0, ?) on conflict (key) do nothing`,
  ).run(
    msg.key,
    msg.method,
    JSON.stringify(msg.payload),
    msg.recipient ?? null,
    msg.dependsOn ?? null,
    notBefore,
    now.getTime(),
  );
  return res.changes > 0;
}

export interface BlockMessage {
  text: string;
  blocks?: unknown[];
}

/** A direct message to one person (Slack opens the DM when the channel is a user id). */
export function enqueueDm(
  tx: DbOrTx,
  opts: { key: string; userId: string; message: BlockMessage; notBefore?: Date },
  now: Date,
): boolean {
  return enqueue(
    tx,
    {
      key: opts.key,
      method: 'chat.postMessage',
      recipient: opts.userId,
      payload: {
        channel: opts.userId,
        text: opts.message.text,
        blocks: opts.message.blocks,
        unfurl_links: false,
      },
      notBefore: opts.notBefore,
    },
    now,
  );
}

/** What Slack answered for a delivered row (e.g. a message's channel and ts), or null while it is not sent. */
export function outboxResult(db: DbOrTx, key: string): Record<string, unknown> | null {
  const row = db
    .select({ status: outbox.status, result: outbox.result })
    .from(outbox)
    .where(eq(outbox.key, key))
    .get();
  return row?.status === 'sent' ? (row.result ?? {}) : null;
}
