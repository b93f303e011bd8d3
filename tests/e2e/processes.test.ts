import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { programs } from '../../src/db/schema';
import { type SlackSim, startSlackSim } from '../../src/demo/slack-sim';
import { testDb } from '../helpers/harness';
import { spawnBot } from '../helpers/processes';
import { createSlackRequester } from '../helpers/slack-requests';

let sim: SlackSim;
let t: ReturnType<typeof testDb>;
beforeEach(async () => {
  sim = await startSlackSim();
  t = testDb();
});
afterEach(async () => {
  await sim.close();
  t.cleanup();
});

const SECRET = 'processsigningsecret1';

describe('npm start', () => {
  it('exits 1 naming each missing or malformed setting, before touching Slack', async () => {
    const { done } = spawnBot('src/main.ts', [], {
      SLACK_API_URL: sim.apiUrl,
      PORT: 'eighty',
      PROGRAM_OWNERS: 'UOK123,not-a-user',
      DATABASE_PATH: t.path,
    });
    const r = await done;
    expect(r.code).toBe(1);
    for (const name of ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'PORT', 'PROGRAM_OWNERS']) {
      expect(r.stderr).toContain(name);
    }
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(sim.calls).toHaveLength(0);
  });

  it('exits 1 with a clear message when Slack refuses the bot token', async () => {
    const r = await spawnBot('src/main.ts', [], {
      SLACK_BOT_TOKEN: 'xoxb-not-the-right-one',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: sim.apiUrl,
      PORT: String(30_000 + Math.floor(Math.random() * 20_000)),
      DATABASE_PATH: t.path,
    }).done;
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Slack refused SLACK_BOT_TOKEN (invalid_auth)');
    expect(r.stderr + r.stdout).not.toContain('xoxb-not-the-right-one');
  });

  it('serves /healthz, refuses unsigned requests, answers a signed /mentor help, and stops on SIGTERM', async () => {
    const port = 30_000 + Math.floor(Math.random() * 20_000);
    const bot = spawnBot('src/main.ts', [], {
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: sim.apiUrl,
      PORT: String(port),
      DATABASE_PATH: t.path,
      PROGRAM_OWNERS: 'UOWNER1',
    });
    const base = `http://127.0.0.1:${port}`;
    let health: Response | undefined;
    for (let i = 0; i < 100 && !health; i++) {
      health = await fetch(`${base}/healthz`).catch(() => undefined);
      if (!health) await new Promise((r) => setTimeout(r, 100));
    }
    expect(health?.status).toBe(200);
    expect(await health?.json()).toMatchObject({ ok: true });

    const unsigned = await fetch(`${base}/slack/events`, {
      method: 'POST',
      body: 'command=%2Fmentor&text=help',
    });
    expect(unsigned.status).toBe(401);

    sim.addUser({ id: 'UALICE01', real_name: 'Alice Example' });
    const slack = createSlackRequester({ url: `${base}/slack/events`, signingSecret: SECRET, sim });
    const reply = await slack.command('UALICE01', 'help');
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ response_type: 'ephemeral' });

    bot.child.kill('SIGTERM');
    const r = await bot.done;
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('SIGTERM received');
  }, 30_000);
});

describe('npm run job', () => {
  const env = () => ({
    DATABASE_PATH: t.path,
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_API_URL: sim.apiUrl,
  });

  it('exits 2 with the valid names for an unknown job, and for a malformed --now', async () => {
    const unknown = await spawnBot('src/jobs/cli.ts', ['tidy-up'], env()).done;
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('survey-reminders, match, nudges, checkins, digest');
    const badNow = await spawnBot('src/jobs/cli.ts', ['digest', '--now', 'tuesday'], env()).done;
    expect(badNow.code).toBe(2);
    expect(badNow.stderr).toContain('--now');
  });

  it('runs a period once: the same job at the same instant twice exits 0 and posts nothing new', async () => {
    sim.addChannel({ id: 'CDIGEST9', name: 'mentoring-owners', botIsMember: true });
    t.db
      .insert(programs)
      .values({
        name: 'Spring reverse mentoring',
        kind: 'reverse',
        weeks: 12,
        cadenceDays: 14,
        checkinDays: 28,
        digestChannel: 'CDIGEST9',
        ownerId: 'UOWNER1',
        status: 'open',
        launchedAt: 0,
        surveyClosesAt: 0,
        endsAt: Date.parse('2027-06-01T00:00:00Z'),
        createdAt: 0,
      })
      .run();
    const args = ['digest', '--now', '2027-01-04T10:00:00Z'];
    const first = await spawnBot('src/jobs/cli.ts', args, env()).done;
    expect(first.code, first.stderr).toBe(0);
    const second = await spawnBot('src/jobs/cli.ts', args, env()).done;
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain('already ran');
    expect(sim.messagesIn('CDIGEST9')).toHaveLength(1);
  }, 30_000);

  it('exits 0 with no program at all, and keeps messages when no token is set', async () => {
    const r = await spawnBot('src/jobs/cli.ts', ['digest', '--now', '2027-01-04T10:00:00Z'], {
      DATABASE_PATH: t.path,
    }).done;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('no open program');
  });
});

describe('npm run backup', () => {
  it('writes a consistent copy of the live database that opens with the same data', async () => {
    t.db
      .insert(programs)
      .values({
        name: 'Backed up',
        kind: 'peer',
        weeks: 8,
        cadenceDays: 7,
        checkinDays: 14,
        ownerId: 'UOWNER1',
        launchedAt: 0,
        surveyClosesAt: 0,
        endsAt: 0,
        createdAt: 0,
      })
      .run();
    const target = join(t.path, '..', 'copy.db');
    const r = await spawnBot('src/db/backup-cli.ts', [target], { DATABASE_PATH: t.path }).done;
    expect(r.code, r.stderr).toBe(0);
    const copy = new Database(target, { readonly: true });
    expect(copy.prepare('select name from programs').all()).toEqual([{ name: 'Backed up' }]);
    copy.close();
    const again = await spawnBot('src/db/backup-cli.ts', [target], { DATABASE_PATH: t.path }).done;
    expect(again.code).toBe(1);
  });
});
