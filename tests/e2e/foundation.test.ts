import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { processedEvents } from '../../src/db/schema';
import { eventually, type Harness, OWNER, readable, startHarness } from '../helpers/harness';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
  h.sim.addUser({ id: 'UALICE01', real_name: 'Alice Example', tz: 'Europe/Berlin' });
});
afterEach(async () => {
  await h.close();
});

describe('the running app over HTTP', () => {
  it('answers /healthz once the database is migrated', async () => {
    const res = await fetch(`${h.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true });
  });

  it('answers /mentor help with a short ephemeral guide in the ack', async () => {
    const reply = await h.slack.command('UALICE01', 'help');
    expect(reply.status).toBe(200);
    const body = reply.body as { response_type: string; text: string; blocks: unknown[] };
    expect(body.response_type).toBe('ephemeral');
    const text = readable(body);
    for (const sub of ['join', 'status', 'log', 'goals', 'pause', 'resume', 'end'])
      expect(text).toContain(`/mentor ${sub}`);
    expect(text).not.toContain('admin');
  });

  it('shows owners the admin commands too, and treats empty and unknown text as help', async () => {
    const owner = readable((await h.slack.command(OWNER, '')).body as never);
    expect(owner).toContain('/mentor admin match');
    const unknown = readable((await h.slack.command('UALICE01', 'dance <!channel>')).body as never);
    expect(unknown).toContain("I don't know");
    expect(unknown).not.toContain('<!channel>');
    expect(unknown).toContain('&lt;!channel&gt;');
  });

  it('rejects a request with a bad or missing signature with 401 and changes nothing', async () => {
    const body = 'command=%2Fmentor&text=help&user_id=UALICE01';
    const ts = String(Math.floor(Date.now() / 1000));
    const bad = await h.slack.raw(body, {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': ts,
      'x-slack-signature': 'v0=deadbeef',
    });
    expect(bad.status).toBe(401);
    const missing = await h.slack.raw(body, { 'content-type': 'application/x-www-form-urlencoded' });
    expect(missing.status).toBe(401);
  });

  it('rejects a stale timestamp (replay) with 401', async () => {
    const body = 'command=%2Fmentor&text=help&user_id=UALICE01';
    const stale = Math.floor(Date.now() / 1000) - 10 * 60;
    const res = await h.slack.raw(body, {
      ...h.slack.sign(body, stale),
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(res.status).toBe(401);
    // The same body signed now is accepted, so it is the timestamp that was refused.
    const fresh = await h.slack.raw(body, {
      ...h.slack.sign(body),
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(fresh.status).toBe(200);
  });

  it('refuses an oversized body with 413', async () => {
    const body = `payload=${'x'.repeat(600 * 1024)}`;
    const res = await h.slack.raw(body, h.slack.sign(body));
    expect(res.status).toBe(413);
  });

  it('publishes a home view when the App Home opens', async () => {
    await h.slack.event({ type: 'app_home_opened', user: 'UALICE01', channel: 'D1', tab: 'home' });
    const view = await eventually(() => {
      const v = h.sim.homeView('UALICE01');
      if (!v) throw new Error('no home yet');
      return v;
    });
    expect(readable(view.view as never)).toContain("You're not in a mentoring program yet");
  });

  it('handles a retried event delivery once', async () => {
    const event = { type: 'app_home_opened', user: 'UALICE01', channel: 'D1', tab: 'home' };
    await h.slack.event(event, { eventId: 'Ev0001' });
    await h.slack.event(event, { eventId: 'Ev0001', retryNum: 1, retryReason: 'http_timeout' });
    await eventually(() => expect(h.sim.callsTo('views.publish')).toHaveLength(1));
    await new Promise((r) => setTimeout(r, 150));
    expect(h.sim.callsTo('views.publish')).toHaveLength(1);
    expect(h.db.select().from(processedEvents).all()).toHaveLength(1);
  });

  it('never prints the bot token or the signing secret in its logs', async () => {
    await h.slack.command('UALICE01', 'help');
    await h.slack.raw('x=1', { 'x-slack-signature': 'v0=00', 'x-slack-request-timestamp': '1' });
    const all = h.logs.join('\n');
    expect(all).not.toContain(h.deps.config.slackBotToken!);
    expect(all).not.toContain(h.deps.config.slackSigningSecret!);
  });
});
