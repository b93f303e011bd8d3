import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { outbox } from '../../src/db/schema';
import { type SlackSim, startSlackSim } from '../../src/demo/slack-sim';
import { enqueueDm } from '../../src/outbox/enqueue';
import { testDb } from '../helpers/harness';
import { spawnBot } from '../helpers/processes';

const N = 120;
let sim: SlackSim;
let t: ReturnType<typeof testDb>;

beforeEach(async () => {
  sim = await startSlackSim();
  for (let i = 1; i <= N; i++)
    sim.addUser({ id: `UCRASH${i}`, real_name: `Person ${i}`, tz: 'Europe/Berlin' });
  t = testDb();
});
afterEach(async () => {
  await sim.close();
  t.cleanup();
});

const env = () => ({
  DATABASE_PATH: t.path,
  SLACK_BOT_TOKEN: 'xoxb-test-token',
  SLACK_API_URL: sim.apiUrl,
  SLACK_MAX_POSTS_PER_MINUTE: '6000',
});

describe('a delivering process killed mid-batch', () => {
  // Kill points: early, middle, late; each after Slack has stored a message but before the process hears back,
  // the case where a naive outbox either loses the message or sends it twice.
  for (const killAt of [3, 41, 97]) {
    it(`delivers every message exactly once after kill -9 at message ${killAt}`, async () => {
      const now = new Date('2027-01-04T10:00:00Z');
      for (let i = 1; i <= N; i++) {
        enqueueDm(t.db, { key: `crash:${i}`, userId: `UCRASH${i}`, message: { text: `message ${i}` } }, now);
      }
      sim.setLatency(5);
      const first = spawnBot('src/jobs/cli.ts', ['nudges', '--now', now.toISOString()], env());
      sim.events.on('message', () => {
        if (sim.messages.length === killAt) first.child.kill('SIGKILL');
      });
      const killed = await first.done;
      expect(killed.signal).toBe('SIGKILL');
      expect(sim.messages.length).toBeLessThan(N);

      sim.events.removeAllListeners('message');
      const second = spawnBot('src/jobs/cli.ts', ['nudges', '--now', now.toISOString()], env());
      const finished = await second.done;
      expect(finished.code, finished.stderr).toBe(0);
      // Slack had the message the killed process was waiting on: the restart found it by its metadata.
      expect(finished.stdout).toContain('message found already delivered after an interruption');

      const keys = sim.messages.map(
        (m) => (m.metadata?.event_payload as { outbox_key?: string } | undefined)?.outbox_key,
      );
      expect(keys).toHaveLength(N);
      expect(new Set(keys).size).toBe(N);
      for (let i = 1; i <= N; i++) expect(sim.messagesTo(`UCRASH${i}`)).toHaveLength(1);
      const rows = t.db.select().from(outbox).all();
      expect(rows.filter((r) => r.status === 'sent')).toHaveLength(N);
    }, 60_000);
  }
});
