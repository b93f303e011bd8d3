import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../src/clock';
import { testConfig } from '../../src/config';
import { type SlackSim, startSlackSim } from '../../src/demo/slack-sim';
import type { Deps } from '../../src/deps';
import { silentLogger } from '../../src/log';
import { createDeliverer } from '../../src/outbox/deliver';
import { createApp } from '../../src/slack/app';
import { testDb } from '../helpers/harness';

let sim: SlackSim;
beforeAll(async () => {
  sim = await startSlackSim();
});
afterAll(async () => {
  await sim.close();
});

describe('createApp', () => {
  const deps = (socketMode: boolean): { deps: Deps; cleanup(): void } => {
    const t = testDb();
    const clock = manualClock(new Date('2027-01-04T10:00:00Z'));
    // Bolt checks the bot token with auth.test as it is built: the fake Slack answers.
    const base = { slackApiUrl: sim.apiUrl };
    const config = testConfig(
      socketMode
        ? { ...base, socketMode: true, slackAppToken: 'xapp-1-test', slackSigningSecret: undefined }
        : base,
    );
    const deliverer = createDeliverer({
      db: t.db,
      slack: null,
      clock,
      log: silentLogger,
      maxPostsPerMinute: 300,
    });
    return {
      deps: { db: t.db, config, clock, log: silentLogger, slack: null, deliverer },
      cleanup: t.cleanup,
    };
  };

  it('uses Socket Mode, with no HTTP receiver, when an app token is set', () => {
    const { deps: d, cleanup } = deps(true);
    const { app, receiver } = createApp(d);
    expect(receiver).toBeNull();
    expect(app).toBeDefined();
    cleanup();
  });

  it('uses the HTTP receiver (signature checks, /healthz) otherwise', () => {
    const { deps: d, cleanup } = deps(false);
    const { receiver } = createApp(d);
    expect(receiver).not.toBeNull();
    cleanup();
  });
});
