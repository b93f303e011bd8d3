/**
 * SIGTERM while a batch is going out: the process finishes the call in flight, leaves every other message in the
 * outbox (none half-sent), exits promptly, and the next start delivers the rest, each message exactly once.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { outbox } from '../../src/db/schema';
import { type SimMessage, type SlackSim, startSlackSim } from '../../src/demo/slack-sim';
import { enqueueDm } from '../../src/outbox/enqueue';
import { testDb } from '../helpers/harness';
import { spawnBot } from '../helpers/processes';

const N = 150;
let sim: SlackSim;
let t: ReturnType<typeof testDb>;

beforeEach(async () => {
  sim = await startSlackSim();
  for (let i = 1; i <= N; i++)
    sim.addUser({ id: `USTOP${i}`, real_name: `Person ${i}`, tz: 'Europe/Berlin' });
  t = testDb();
  // Due already by the real clock the server reads.
  const now = new Date(Date.now() - 60_000);
  for (let i = 1; i <= N; i++)
    enqueueDm(t.db, { key: `stop:${i}`, userId: `USTOP${i}`, message: { text: `message ${i}` } }, now);
  // Slow enough that SIGTERM lands mid-batch.
  sim.setLatency(15);
});
afterEach(async () => {
  await sim.close();
  t.cleanup();
});

const keyOf = (m: SimMessage) =>
  String((m.metadata?.event_payload as { outbox_key?: string } | undefined)?.outbox_key ?? '');

function expectDeliveredOnce(): void {
  const keys = sim.messages.map(keyOf);
  expect(keys).toHaveLength(N);
  expect(new Set(keys).size).toBe(N);
  expect(
    t.db
      .select()
      .from(outbox)
      .all()
      .every((r) => r.status === 'sent'),
  ).toBe(true);
}

/** Sends SIGTERM once `after` messages are out; resolves with how the process ended and how long it took. */
async function terminateMidBatch(bot: ReturnType<typeof spawnBot>, after: number) {
  let signalledAt = 0;
  sim.events.on('message', () => {
    if (sim.messages.length === after && !signalledAt) {
      signalledAt = Date.now();
      bot.child.kill('SIGTERM');
    }
  });
  const finished = await bot.done;
  sim.events.removeAllListeners('message');
  return { ...finished, tookMs: Date.now() - signalledAt };
}

describe('SIGTERM mid-batch', () => {
  it('npm start finishes the message in flight, exits 0 within seconds, and the next start sends the rest once', async () => {
    const port = 30_000 + Math.floor(Math.random() * 20_000);
    const env = {
      DATABASE_PATH: t.path,
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_SIGNING_SECRET: 'shutdownsigningsecret',
      SLACK_API_URL: sim.apiUrl,
      SLACK_MAX_POSTS_PER_MINUTE: '6000',
      PORT: String(port),
    };
    const first = await terminateMidBatch(spawnBot('src/main.ts', [], env), 20);
    expect(first.code, first.stderr).toBe(0);
    expect(first.signal).toBeNull();
    expect(first.tookMs).toBeLessThan(5000);
    expect(first.stdout).toContain('SIGTERM received');
    const rows = t.db.select().from(outbox).all();
    // Stopped mid-batch: the rest wait, and nothing was left claimed but unconfirmed.
    expect(sim.messages.length).toBeLessThan(N);
    expect(rows.filter((r) => r.status === 'sending')).toEqual([]);
    expect(rows.filter((r) => r.status === 'sent')).toHaveLength(sim.messages.length);

    sim.setLatency(0);
    const second = spawnBot('src/main.ts', [], { ...env, PORT: String(port + 1) });
    const deadline = Date.now() + 20_000;
    while (sim.messages.length < N && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    second.child.kill('SIGTERM');
    expect((await second.done).code).toBe(0);
    expectDeliveredOnce();
  }, 45_000);

  it('npm run job stops too (exit 130), and a second run delivers the rest once', async () => {
    const env = {
      DATABASE_PATH: t.path,
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_API_URL: sim.apiUrl,
      SLACK_MAX_POSTS_PER_MINUTE: '6000',
    };
    const args = ['nudges', '--now', new Date().toISOString()];
    const first = await terminateMidBatch(spawnBot('src/jobs/cli.ts', args, env), 20);
    expect(first.code, first.stderr).toBe(130);
    expect(first.tookMs).toBeLessThan(5000);
    expect(
      t.db
        .select()
        .from(outbox)
        .all()
        .filter((r) => r.status === 'sending'),
    ).toEqual([]);
    expect(sim.messages.length).toBeLessThan(N);

    sim.setLatency(0);
    const second = await spawnBot('src/jobs/cli.ts', args, env).done;
    expect(second.code, second.stderr).toBe(0);
    expectDeliveredOnce();
  }, 45_000);
});
