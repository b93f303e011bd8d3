/**
 * Slack faults that tests/outbox/deliver.test.ts does not cover: a call that times out on our side although Slack
 * did post the message (so a blind retry would post it twice), `ratelimited` answered in the body of an HTTP 200,
 * and a burst of 429s across a batch. Each ends with every message delivered exactly once.
 */
import { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock';
import { outbox } from '../../src/db/schema';
import { type SimMessage, type SlackSim, startSlackSim } from '../../src/demo/slack-sim';
import { createLogger } from '../../src/log';
import { createDeliverer } from '../../src/outbox/deliver';
import { enqueueDm } from '../../src/outbox/enqueue';
import { slackClientOptions } from '../../src/slack/client';
import { testDb } from '../helpers/harness';

const NOW = new Date('2027-01-04T10:00:00Z');
let sim: SlackSim;
let t: ReturnType<typeof testDb>;
let logs: string[];

beforeEach(async () => {
  sim = await startSlackSim();
  t = testDb();
  logs = [];
  waited = 0;
  for (let i = 1; i <= 20; i++)
    sim.addUser({ id: `UFAULT${i}`, real_name: `Person ${i}`, tz: 'Europe/Berlin' });
});
afterEach(async () => {
  await sim.close();
  t.cleanup();
});

/** Waits (Retry-After, backoff, rate windows) pass on a virtual clock, so the test need not sit through them. */
let waited = 0;

/** The product's client settings, with a short timeout so a slow Slack is quick to test. */
function deliverer(timeoutMs = 20_000) {
  const slack = new WebClient('xoxb-test-token', {
    ...slackClientOptions({ slackApiUrl: sim.apiUrl }),
    timeout: timeoutMs,
  });
  return createDeliverer(
    {
      db: t.db,
      slack,
      clock: fixedClock(NOW),
      log: createLogger({ level: 'debug', sink: (l) => logs.push(l) }),
      maxPostsPerMinute: 6000,
    },
    {
      realNow: () => Date.now() + waited,
      sleep: async (ms) => {
        waited += ms;
        await new Promise((r) => setImmediate(r));
      },
    },
  );
}

const keyOf = (m: SimMessage) =>
  String((m.metadata?.event_payload as { outbox_key?: string } | undefined)?.outbox_key ?? '');

function queue(n: number): void {
  for (let i = 1; i <= n; i++)
    enqueueDm(t.db, { key: `fault:${i}`, userId: `UFAULT${i}`, message: { text: `message ${i}` } }, NOW);
}

function expectEachOnce(n: number): void {
  const keys = sim.messages.map(keyOf);
  expect(keys.sort()).toEqual(Array.from({ length: n }, (_, i) => `fault:${i + 1}`).sort());
  expect(
    t.db
      .select()
      .from(outbox)
      .all()
      .every((r) => r.status === 'sent'),
  ).toBe(true);
}

describe('Slack faults', () => {
  it('a timeout after Slack posted the message: the retry finds it instead of posting it again', async () => {
    queue(3);
    // Slack holds the second post past our timeout, then posts it anyway.
    let calls = 0;
    sim.failWhen('chat.postMessage', () => ++calls === 2, { delayMs: 400 });
    const d = deliverer(150);
    const first = await d.deliverDue({ waitUpToMs: 0 });
    expect(first.sent).toBe(2);
    await new Promise((r) => setTimeout(r, 500));
    expect(sim.messages).toHaveLength(3);
    // The retry, after its backoff, must not post a second copy.
    const row = t.db
      .select()
      .from(outbox)
      .all()
      .find((r) => r.status === 'pending')!;
    expect(row.attempts).toBe(1);
    const retry = await d.deliverDue({ waitUpToMs: 5000 });
    expect(retry.sent).toBe(1);
    expectEachOnce(3);
  });

  it('`ratelimited` in the body of a 200 waits and retries; each message once', async () => {
    queue(5);
    sim.fail('chat.postMessage', { error: 'ratelimited' }, 2);
    const report = await deliverer().deliverDue({ waitUpToMs: 30_000 });
    expect(report.sent).toBe(5);
    expectEachOnce(5);
    expect(logs.some((l) => l.includes('slow down'))).toBe(true);
    expect(waited).toBeGreaterThanOrEqual(5000);
  });

  it('a burst of 429s with Retry-After across a batch: each message once, and the pause is honoured', async () => {
    queue(20);
    sim.fail('chat.postMessage', { status: 429, retryAfter: 1 }, 3);
    const report = await deliverer().deliverDue({ waitUpToMs: 30_000 });
    expect(report.sent).toBe(20);
    // Three Retry-After pauses of a second each.
    expect(waited).toBeGreaterThanOrEqual(2900);
    expectEachOnce(20);
  });
});
