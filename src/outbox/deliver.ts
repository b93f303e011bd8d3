import { hostname } from 'node:os';
import type { WebClient } from '@slack/web-api';
import { and, asc, eq, lte, sql } from 'drizzle-orm';
import type { Clock } from '../clock';
import type { Db } from '../db/client';
import { members, outbox } from '../db/schema';
import type { Logger } from '../log';
import { enqueueDm } from './enqueue';
import { type Bucket, haltReason, halt as haltSending, limitsFor, pauseAll, takeToken } from './rate-limit';
import { backoffMs, classifySlackError } from './slack-errors';

type OutboxRow = typeof outbox.$inferSelect;

export interface DelivererDeps {
  db: Db;
  /** null when no token is configured (a job run by hand): messages wait in the outbox for the server. */
  slack: WebClient | null;
  clock: Clock;
  log: Logger;
  maxPostsPerMinute: number;
}

export interface DelivererOptions {
  /** Real time, for rate windows and retry backoff (the injected clock decides only what is due). */
  realNow?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Attempts before a row that keeps failing transiently is given up (about a day of backoff). */
  maxAttempts?: number;
  /** A 'sending' row older than this is treated as abandoned even if its process looks alive. */
  staleMs?: number;
  /** Identity written on claimed rows: host:pid. */
  owner?: string;
}

export interface DeliveryReport {
  sent: number;
  failed: number;
  /** Due rows left for later (a retry scheduled beyond the wait limit, or sending halted). */
  waiting: number;
  halted: string | null;
}

export const OUTBOX_METADATA_EVENT = 'mentor_bot_message';
const channelErrors = new Set(['not_in_channel', 'channel_not_found', 'is_archived']);
const BATCH = 100;

export interface Deliverer {
  /**
   * Delivers every row due now. With `waitUpToMs`, waits (rate window, retries) for rows that become sendable
   * within that time, then returns; rows due later stay in the outbox.
   */
  deliverDue(opts?: { waitUpToMs?: number }): Promise<DeliveryReport>;
  /** Background loop for the server. */
  start(intervalMs?: number): void;
  /** Wakes the loop now (after a listener enqueued something). */
  poke(): void;
  /** Finishes the call in flight, then stops. */
  stop(): Promise<void>;
}

export function createDeliverer(deps: DelivererDeps, options: DelivererOptions = {}): Deliverer {
  const { db, slack, clock, log } = deps;
  const realNow = options.realNow ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const maxAttempts = options.maxAttempts ?? 20;
  const staleMs = options.staleMs ?? 10 * 60_000;
  const owner = options.owner ?? `${hostname()}:${process.pid}`;
  const limits = limitsFor(deps.maxPostsPerMinute);

  let running: Promise<DeliveryReport> | null = null;
  let stopping = false;
  let timer: NodeJS.Timeout | null = null;
  let wake: (() => void) | null = null;
  let loop: Promise<void> | null = null;
  let haltLogged = false;

  const dueRows = (limit: number): OutboxRow[] =>
    db
      .select()
      .from(outbox)
      .where(
        and(
          eq(outbox.status, 'pending'),
          lte(outbox.notBefore, clock.now().getTime()),
          lte(outbox.nextAttemptAt, realNow()),
        ),
      )
      .orderBy(asc(outbox.notBefore), asc(outbox.id))
      .limit(limit)
      .all();

  const nextRetryAt = (): number | null =>
    db
      .select({ at: sql<number | null>`min(${outbox.nextAttemptAt})` })
      .from(outbox)
      .where(and(eq(outbox.status, 'pending'), lte(outbox.notBefore, clock.now().getTime())))
      .get()?.at ?? null;

  const markSent = (row: OutboxRow, result: Record<string, unknown>) => {
    db.update(outbox)
      // The injected clock: rules such as "reminders 3 working days after delivery" read this time.
      .set({ status: 'sent', result, sentAt: clock.now().getTime(), lastError: null })
      .where(eq(outbox.id, row.id))
      .run();
  };

  /**
   * Back to pending, remembering when the last unclear attempt was made: the next attempt looks for its message in
   * Slack from then on (the injected clock may be far from real time, so the row's creation time would not do).
   */
  const release = (row: OutboxRow, at: number, error: string, countAttempt: boolean, attemptAt?: number) => {
    db.update(outbox)
      .set({
        status: 'pending',
        nextAttemptAt: at,
        lastError: error,
        attempts: countAttempt ? row.attempts + 1 : row.attempts,
        claimedAt: countAttempt ? (attemptAt ?? null) : row.claimedAt,
        claimedBy: null,
      })
      .where(eq(outbox.id, row.id))
      .run();
  };

  const fail = (row: OutboxRow, error: string) => {
    db.transaction((tx) => {
      tx.update(outbox)
        .set({
          status: 'failed',
          lastError: error,
          attempts: row.attempts + 1,
          claimedAt: null,
          claimedBy: null,
        })
        .where(eq(outbox.id, row.id))
        .run();
      if (row.recipient && ['account_inactive', 'user_not_found', 'cannot_dm_bot'].includes(error)) {
        tx.update(members)
          .set({ deliveryError: error, updatedAt: realNow() })
          .where(eq(members.userId, row.recipient))
          .run();
      }
      // A channel post that cannot land (the bot is not in the channel) tells the people who rely on it instead.
      const fallback = row.payload.fallback_dm as { users?: string[]; text?: string } | undefined;
      if (fallback?.users && fallback.text && channelErrors.has(error)) {
        for (const user of fallback.users) {
          enqueueDm(
            tx,
            { key: `${row.key}:fallback:${user}`, userId: user, message: { text: fallback.text } },
            clock.now(),
          );
        }
      }
    });
  };

  /** Claims the row for this process; false when another process took it first. */
  const claim = (row: OutboxRow): boolean =>
    db
      .update(outbox)
      .set({ status: 'sending', claimedAt: realNow(), claimedBy: owner })
      .where(and(eq(outbox.id, row.id), eq(outbox.status, 'pending')))
      .run().changes === 1;

  const resolvePayload = (row: OutboxRow): Record<string, unknown> | 'wait' | 'dependency_failed' => {
    const payload: Record<string, unknown> = { ...row.payload };
    if (row.dependsOn) {
      const dep = db
        .select({ status: outbox.status, result: outbox.result })
        .from(outbox)
        .where(eq(outbox.key, row.dependsOn))
        .get();
      if (!dep || dep.status === 'pending' || dep.status === 'sending') return 'wait';
      if (dep.status === 'failed') return 'dependency_failed';
      const result = dep.result ?? {};
      if (payload.channel === undefined) payload.channel = channelOf(result);
      if (payload.thread_from_dependency) payload.thread_ts = result.ts;
    }
    delete payload.thread_from_dependency;
    delete payload.fallback_dm;
    if (row.method === 'chat.postMessage') {
      payload.metadata = { event_type: OUTBOX_METADATA_EVENT, event_payload: { outbox_key: row.key } };
    }
    return payload;
  };

  const call = async (row: OutboxRow, payload: Record<string, unknown>): Promise<Record<string, unknown>> => {
    if (!slack) throw new Error('no Slack client');
    switch (row.method) {
      case 'chat.postMessage': {
        // biome-ignore lint/suspicious/noExplicitAny: the payload was built by our own Block Kit builders.
        const res = await slack.chat.postMessage(payload as any);
        return { channel: res.channel, ts: res.ts };
      }
      case 'chat.update': {
        // biome-ignore lint/suspicious/noExplicitAny: as above.
        const res = await slack.chat.update(payload as any);
        return { channel: res.channel, ts: res.ts };
      }
      case 'conversations.open': {
        const res = await slack.conversations.open({ users: String(payload.users), return_im: false });
        return { channel: { id: res.channel?.id } };
      }
      case 'views.publish': {
        // biome-ignore lint/suspicious/noExplicitAny: as above.
        const res = await slack.views.publish(payload as any);
        return { view_id: res.view?.id };
      }
      case 'files.upload': {
        const res = await slack.filesUploadV2({
          channel_id: String(payload.channel ?? payload.channel_id),
          file: Buffer.from(String(payload.content_base64), 'base64'),
          filename: String(payload.filename),
          title: String(payload.title ?? payload.filename),
          initial_comment: payload.initial_comment ? String(payload.initial_comment) : undefined,
        });
        // biome-ignore lint/suspicious/noExplicitAny: filesUploadV2 returns a list of completions.
        const files = (res as any).files?.[0]?.files ?? [];
        return { files: files.map((f: { id: string }) => f.id) };
      }
      default:
        throw Object.assign(new Error(`unsupported outbox method ${row.method}`), { permanent: true });
    }
  };

  /**
   * A row left 'sending' by a process that died may or may not have reached Slack. Messages carry their outbox key
   * in Slack message metadata, and a file its own name, so the channel's recent history says which: found means
   * sent, absent means retry. Opening a conversation, updating a message and publishing a view are safe to repeat.
   */
  const recoverAbandoned = async () => {
    const rows = db.select().from(outbox).where(eq(outbox.status, 'sending')).all();
    for (const row of rows) {
      if (row.claimedBy === owner) continue;
      if (!isAbandoned(row, staleMs, realNow())) continue;
      // A post into a group DM takes its channel from the conversations.open row it depends on.
      const payload = resolvePayload(row);
      if (
        (row.method !== 'chat.postMessage' && row.method !== 'files.upload') ||
        !slack ||
        typeof payload !== 'object'
      ) {
        release(row, 0, 'recovered after interruption', false);
        continue;
      }
      try {
        const found = await findDelivered(slack, row, payload);
        if (found) {
          markSent(row, found);
          log.info('outbox: message found already delivered after an interruption', { key: row.key });
        } else {
          release(row, 0, 'recovered after interruption', false);
        }
      } catch (err) {
        const f = classifySlackError(err);
        if (f.kind === 'recipient' || f.kind === 'permanent')
          release(row, 0, 'recovered after interruption', false);
        else
          log.warn('outbox: could not check an interrupted message yet', { key: row.key, error: f.detail });
      }
    }
  };

  const deliverOne = async (row: OutboxRow, report: DeliveryReport): Promise<'next' | 'stop'> => {
    const payload = resolvePayload(row);
    if (payload === 'wait') return 'next';
    if (payload === 'dependency_failed') {
      fail(row, 'dependency_failed');
      report.failed++;
      return 'next';
    }
    const bucket: Bucket | null =
      row.method === 'chat.postMessage' ? 'post' : row.method === 'conversations.open' ? 'open' : null;
    if (bucket) {
      for (;;) {
        const wait = takeToken(db, bucket, limits[bucket], realNow());
        if (wait === 0) break;
        if (stopping) return 'stop';
        await sleep(Math.min(wait, 1000));
      }
    }
    const attemptAt = realNow();
    if (!claim(row)) return 'next';
    try {
      // An earlier attempt that got no clear answer (a timeout, a dropped connection, a 5xx) may have posted anyway:
      // look before posting again. Only those failures count as attempts; a 429 is Slack saying it did nothing.
      const earlier =
        row.attempts > 0 && slack && (row.method === 'chat.postMessage' || row.method === 'files.upload')
          ? await findDelivered(slack, row, payload)
          : null;
      if (earlier)
        log.info('outbox: message found already delivered after a failed attempt', { key: row.key });
      const result = earlier ?? (await call(row, payload));
      markSent(row, result);
      report.sent++;
    } catch (err) {
      if ((err as { permanent?: boolean }).permanent) {
        fail(row, (err as Error).message);
        report.failed++;
        return 'next';
      }
      const f = classifySlackError(err);
      switch (f.kind) {
        case 'rate_limited': {
          const until = realNow() + f.retryAfterMs;
          pauseAll(db, until);
          release(row, until, f.detail, false);
          log.warn('Slack asked us to slow down; pausing delivery', {
            seconds: Math.round(f.retryAfterMs / 1000),
          });
          break;
        }
        case 'transient': {
          if (row.attempts + 1 >= maxAttempts) {
            fail(row, f.detail);
            report.failed++;
            log.error('outbox: giving up on a message after repeated Slack errors', {
              key: row.key,
              error: f.detail,
            });
          } else {
            release(row, realNow() + backoffMs(row.attempts + 1), f.detail, true, attemptAt);
          }
          break;
        }
        case 'halt': {
          release(row, 0, f.detail, false);
          haltSending(db, f.detail, realNow());
          report.halted = f.detail;
          return 'stop';
        }
        case 'recipient':
        case 'permanent': {
          fail(row, f.detail);
          report.failed++;
          if (f.kind === 'permanent')
            log.error('outbox: Slack refused a message', { key: row.key, error: f.detail });
          else
            log.info('outbox: recipient cannot receive messages', {
              recipient: row.recipient,
              error: f.detail,
            });
          break;
        }
      }
    }
    return 'next';
  };

  const pass = async (waitUpToMs: number): Promise<DeliveryReport> => {
    const report: DeliveryReport = { sent: 0, failed: 0, waiting: 0, halted: null };
    const halted = haltReason(db);
    if (halted || !slack) {
      report.halted = halted ?? 'no_token';
      report.waiting = dueRows(1_000_000).length;
      if (halted && !haltLogged) {
        haltLogged = true;
        log.error(
          `Slack refused the bot token (${halted}). Nothing more is sent until SLACK_BOT_TOKEN is fixed and the bot restarted; messages wait in the outbox.`,
        );
      }
      return report;
    }
    await recoverAbandoned();
    const deadline = realNow() + waitUpToMs;
    for (;;) {
      if (stopping) break;
      const rows = dueRows(BATCH);
      let progressed = false;
      for (const row of rows) {
        if (stopping) break;
        const before = report.sent + report.failed;
        const outcome = await deliverOne(row, report);
        if (report.sent + report.failed > before) progressed = true;
        if (outcome === 'stop') return finish(report);
      }
      if (progressed) continue;
      // Nothing sendable right now: wait for a retry or a rate window if it falls within the limit.
      const next = nextRetryAt();
      if (next === null || next > deadline || stopping) break;
      if (rows.length > 0 && next <= realNow()) {
        // Due rows all wait on a dependency that is itself still waiting.
        await sleep(50);
        if (realNow() > deadline) break;
        continue;
      }
      await sleep(Math.max(10, Math.min(1000, next - realNow())));
    }
    return finish(report);
  };

  const finish = (report: DeliveryReport): DeliveryReport => {
    report.waiting = dueRows(1_000_000).length;
    return report;
  };

  const deliverDue = async (opts: { waitUpToMs?: number } = {}): Promise<DeliveryReport> => {
    // One pass at a time in this process: a second caller waits for the one running, then runs its own.
    while (running) await running.catch(() => undefined);
    running = pass(opts.waitUpToMs ?? 0);
    try {
      return await running;
    } finally {
      running = null;
    }
  };

  return {
    deliverDue,
    start(intervalMs = 1000) {
      stopping = false;
      loop = (async () => {
        while (!stopping) {
          try {
            await deliverDue({ waitUpToMs: 0 });
          } catch (err) {
            log.error('outbox: delivery pass failed', { error: err as Error });
          }
          if (stopping) break;
          await new Promise<void>((resolve) => {
            wake = resolve;
            timer = setTimeout(resolve, intervalMs);
          });
          wake = null;
        }
      })();
    },
    poke() {
      wake?.();
    },
    async stop() {
      stopping = true;
      if (timer) clearTimeout(timer);
      wake?.();
      await loop;
      if (running) await running.catch(() => undefined);
    },
  };
}

function channelOf(result: Record<string, unknown>): unknown {
  const ch = result.channel;
  if (ch && typeof ch === 'object') return (ch as { id?: unknown }).id;
  return ch;
}

function isAbandoned(row: OutboxRow, staleMs: number, nowMs: number): boolean {
  if (row.claimedAt !== null && nowMs - row.claimedAt > staleMs) return true;
  const [host, pidText] = (row.claimedBy ?? '').split(':');
  if (host !== hostname()) return false;
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0) return true;
  try {
    process.kill(pid, 0);
    return pid === process.pid;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Looks for the row's message (by its key in the metadata) or file (by its name) in the channel's recent history. */
async function findDelivered(
  slack: WebClient,
  row: OutboxRow,
  payload: Record<string, unknown>,
): Promise<Record<string, unknown> | null> {
  let channel = String(payload.channel ?? payload.channel_id ?? '');
  if (!channel) return null;
  if (/^[UW]/.test(channel)) {
    const opened = await slack.conversations.open({ users: channel });
    channel = opened.channel?.id ?? channel;
  }
  const oldest = ((row.claimedAt ?? row.createdAt) - 120_000) / 1000;
  let cursor: string | undefined;
  for (let page = 0; page < 5; page++) {
    // A reply in a thread is not in the channel's history, only in the thread's.
    const query = { channel, oldest: oldest.toFixed(6), include_all_metadata: true, limit: 200, cursor };
    const res =
      typeof payload.thread_ts === 'string'
        ? await slack.conversations.replies({ ...query, ts: payload.thread_ts })
        : await slack.conversations.history(query);
    for (const m of res.messages ?? []) {
      const message = m as {
        ts?: string;
        metadata?: { event_type?: string; event_payload?: { outbox_key?: string } };
        files?: { id?: string; name?: string }[];
      };
      if (row.method === 'files.upload') {
        const file = message.files?.find((f) => f.name === payload.filename);
        if (file) return { files: [file.id] };
        continue;
      }
      const meta = message.metadata;
      if (meta?.event_type === OUTBOX_METADATA_EVENT && meta.event_payload?.outbox_key === row.key) {
        return { channel, ts: message.ts };
      }
    }
    cursor = res.response_metadata?.next_cursor || undefined;
    if (!res.has_more || !cursor) break;
  }
  return null;
}
