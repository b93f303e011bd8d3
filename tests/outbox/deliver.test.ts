import { WebClient } from '@slack/web-api';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock';
import { members, outbox } from '../../src/db/schema';
import { type SlackSim, startSlackSim } from '../../src/demo/slack-sim';
import { createLogger } from '../../src/log';
import { createDeliverer, type DelivererOptions } from '../../src/outbox/deliver';
import { enqueueDm } from '../../src/outbox/enqueue';
import { slackClientOptions } from '../../src/slack/client';
import { testDb } from '../helpers/harness';

const NOW = new Date('2027-01-04T10:00:00Z');
let sim: SlackSim;
let t: ReturnType<typeof testDb>;
let logs: string[];

beforeEach(async () => {
  sim = await startSlackSim();
  for (let i = 1; i <= 20; i++)
    sim.addUser({ id: `UPERSON${i}`, real_name: `Person ${i}`, tz: 'Europe/Berlin' });
  t = testDb();
  logs = [];
});
afterEach(async () => {
  await sim.close();
  t.cleanup();
});

function deliverer(opts: DelivererOptions & { max?: number } = {}) {
  const slack = new WebClient('xoxb-test-token', slackClientOptions({ slackApiUrl: sim.apiUrl }));
  const log = createLogger({ level: 'debug', sink: (l) => logs.push(l) });
  return createDeliverer(
    { db: t.db, slack, clock: fixedClock(NOW), log, maxPostsPerMinute: opts.max ?? 6000 },
    opts,
  );
}

function queue(n: number, notBefore?: Date) {
  for (let i = 1; i <= n; i++) {
    enqueueDm(t.db, { key: `k${i}`, userId: `UPERSON${i}`, message: { text: `hello ${i}` }, notBefore }, NOW);
  }
}

const rows = () => t.db.select().from(outbox).all();

describe('outbox delivery', () => {
  it('delivers each message once, with its key in Slack message metadata', async () => {
    queue(5);
    enqueueDm(t.db, { key: 'k1', userId: 'UPERSON1', message: { text: 'a duplicate key' } }, NOW);
    const report = await deliverer().deliverDue();
    expect(report).toMatchObject({ sent: 5, failed: 0, waiting: 0 });
    expect(sim.callsTo('chat.postMessage')).toHaveLength(5);
    expect(sim.messagesTo('UPERSON1')[0]?.metadata?.event_payload).toEqual({ outbox_key: 'k1' });
    expect(rows().every((r) => r.status === 'sent')).toBe(true);
    const again = await deliverer().deliverDue();
    expect(again.sent).toBe(0);
    expect(sim.callsTo('chat.postMessage')).toHaveLength(5);
  });

  it('keeps a message until its time (working hours), then sends it', async () => {
    queue(1, new Date('2027-01-05T09:00:00Z'));
    const early = await deliverer().deliverDue();
    expect(early.sent).toBe(0);
    expect(sim.callsTo('chat.postMessage')).toHaveLength(0);
    const slack = new WebClient('xoxb-test-token', slackClientOptions({ slackApiUrl: sim.apiUrl }));
    const later = createDeliverer({
      db: t.db,
      slack,
      clock: fixedClock(new Date('2027-01-05T09:00:00Z')),
      log: createLogger({ level: 'silent' }),
      maxPostsPerMinute: 6000,
    });
    expect((await later.deliverDue()).sent).toBe(1);
  });

  it('honours Retry-After on 429 and sends every message exactly once', async () => {
    queue(3);
    sim.fail('chat.postMessage', { status: 429, retryAfter: 1 }, 2);
    const started = Date.now();
    const report = await deliverer().deliverDue({ waitUpToMs: 10_000 });
    expect(report.sent).toBe(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    expect(sim.messages).toHaveLength(3);
    expect(new Set(sim.messages.map((m) => m.text)).size).toBe(3);
  });

  it('retries a 5xx with backoff, then delivers', async () => {
    queue(1);
    sim.fail('chat.postMessage', { status: 503 }, 2);
    const report = await deliverer().deliverDue({ waitUpToMs: 15_000 });
    expect(report.sent).toBe(1);
    expect(sim.callsTo('chat.postMessage').length).toBe(3);
    expect(rows()[0]).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('leaves a message that hit a 500 pending, with the error, for the next attempt', async () => {
    queue(1);
    sim.fail('chat.postMessage', { status: 500 }, 1);
    const report = await deliverer().deliverDue({ waitUpToMs: 0 });
    expect(report.sent).toBe(0);
    expect(rows()[0]).toMatchObject({ status: 'pending', attempts: 1, lastError: 'http_500' });
  });

  it('records per-person permanent errors on the row and the member, without retrying', async () => {
    t.db.insert(members).values({ userId: 'UGONE', name: 'gone', tz: 'UTC', updatedAt: 0 }).run();
    sim.addUser({ id: 'UGONE', real_name: 'Gone Person', deleted: true });
    enqueueDm(t.db, { key: 'gone', userId: 'UGONE', message: { text: 'hi' } }, NOW);
    queue(1);
    const report = await deliverer().deliverDue({ waitUpToMs: 5000 });
    expect(report).toMatchObject({ sent: 1, failed: 1 });
    const gone = t.db.select().from(outbox).where(eq(outbox.key, 'gone')).get();
    expect(gone).toMatchObject({ status: 'failed', lastError: 'account_inactive' });
    expect(t.db.select().from(members).where(eq(members.userId, 'UGONE')).get()?.deliveryError).toBe(
      'account_inactive',
    );
    expect(sim.callsTo('chat.postMessage').filter((c) => c.args.channel === 'UGONE')).toHaveLength(1);
  });

  it('stops sending on invalid_auth and says so once, keeping every message', async () => {
    queue(4);
    sim.fail('chat.postMessage', { error: 'invalid_auth' }, 1);
    const d = deliverer();
    const first = await d.deliverDue();
    expect(first.halted).toBe('invalid_auth');
    const second = await d.deliverDue();
    expect(second.halted).toBe('invalid_auth');
    expect(sim.callsTo('chat.postMessage')).toHaveLength(1);
    expect(rows().every((r) => r.status === 'pending')).toBe(true);
    expect(logs.filter((l) => l.includes('refused the bot token'))).toHaveLength(1);
  });

  it('keeps under the ceiling: at most a tenth of it in a burst, the rest paced by the minute', async () => {
    // Simulated time: sleeping advances it, so a minute of pacing takes no real minute.
    let fake = NOW.getTime();
    const sentAt: number[] = [];
    sim.events.on('message', () => sentAt.push(fake));
    queue(20);
    const report = await deliverer({
      max: 60,
      realNow: () => fake,
      sleep: async (ms) => {
        fake += ms;
      },
    }).deliverDue({ waitUpToMs: 120_000 });
    expect(report.sent).toBe(20);
    // 60 a minute: bursts of 6 per 6 s.
    const firstBurst = sentAt.filter((x) => x < NOW.getTime() + 6000).length;
    expect(firstBurst).toBe(6);
    for (const start of sentAt) {
      expect(sentAt.filter((x) => x >= start && x < start + 6000).length).toBeLessThanOrEqual(6);
    }
    expect(Math.max(...sentAt) - NOW.getTime()).toBeGreaterThanOrEqual(18_000);
  });

  it('sends a message that depends on another (a group DM) to the channel it opened', async () => {
    const { enqueue } = await import('../../src/outbox/enqueue');
    enqueue(
      t.db,
      { key: 'open', method: 'conversations.open', payload: { users: 'UPERSON1,UPERSON2' } },
      NOW,
    );
    enqueue(
      t.db,
      { key: 'kickoff', method: 'chat.postMessage', payload: { text: 'welcome both' }, dependsOn: 'open' },
      NOW,
    );
    const report = await deliverer().deliverDue({ waitUpToMs: 2000 });
    expect(report.sent).toBe(2);
    const opened = sim.callsTo('conversations.open')[0]?.response as { channel: { id: string } };
    expect(sim.messagesIn(opened.channel.id).map((m) => m.text)).toEqual(['welcome both']);
  });
});

describe('a channel post that cannot land', () => {
  it('DMs the people named in its fallback, once, instead of failing silently', async () => {
    const { enqueue } = await import('../../src/outbox/enqueue');
    sim.addChannel({ id: 'COWNERS', name: 'owners', botIsMember: false });
    enqueue(
      t.db,
      {
        key: 'digest:1:2027-W01',
        method: 'chat.postMessage',
        payload: {
          channel: 'COWNERS',
          text: 'digest',
          fallback_dm: {
            users: ['UPERSON1', 'UPERSON2'],
            text: 'I am not in #owners: invite me to post the digest.',
          },
        },
      },
      NOW,
    );
    const report = await deliverer().deliverDue({ waitUpToMs: 2000 });
    expect(report.failed).toBe(1);
    expect(t.db.select().from(outbox).where(eq(outbox.key, 'digest:1:2027-W01')).get()?.lastError).toBe(
      'not_in_channel',
    );
    expect(sim.messagesTo('UPERSON1').map((m) => m.text)).toEqual([
      'I am not in #owners: invite me to post the digest.',
    ]);
    expect(sim.messagesTo('UPERSON2')).toHaveLength(1);
    const posted = sim.callsTo('chat.postMessage').find((c) => c.args.channel === 'COWNERS');
    expect(posted?.args.fallback_dm).toBeUndefined();
    await deliverer().deliverDue();
    expect(sim.messagesTo('UPERSON1')).toHaveLength(1);
  });
});
