import type { AddressInfo } from 'node:net';
import { App, LogLevel } from '@slack/bolt';
import { ErrorCode, WebClient } from '@slack/web-api';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  makeWorkspace,
  type SimUser,
  SLACKBOT_ID,
  type SlackSim,
  startSlackSim,
} from '../../src/demo/slack-sim';
import { createSlackRequester, sign, stateValues } from './slack-requests';

let sim: SlackSim;
let client: WebClient;

function humans(): SimUser[] {
  return sim.workspace.users.filter(
    (u) =>
      !u.deleted && !u.is_bot && u.id !== SLACKBOT_ID && !u.is_restricted && u.id !== sim.workspace.botUserId,
  );
}
function human(i = 0): SimUser {
  const u = humans()[i];
  if (!u) throw new Error('no such human');
  return u;
}
function channel(name: string) {
  const c = sim.workspace.channels.find((x) => x.name === name);
  if (!c) throw new Error(`no #${name}`);
  return c;
}
// The client logs Slack's response_metadata errors; the tests assert on them instead.
const silent = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  setLevel() {},
  getLevel: () => LogLevel.ERROR,
  setName() {},
};
function newClient(opts: { token?: string; timeout?: number } = {}): WebClient {
  return new WebClient(opts.token ?? sim.token, {
    slackApiUrl: sim.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: opts.timeout ?? 0,
    logger: silent,
  });
}
async function slackError(
  p: Promise<unknown>,
): Promise<{ code?: string; data?: Record<string, unknown> } & Error> {
  try {
    await p;
  } catch (err) {
    return err as { code?: string; data?: Record<string, unknown> } & Error;
  }
  throw new Error('expected the call to fail');
}

beforeAll(async () => {
  sim = await startSlackSim({ workspace: makeWorkspace(12, 7) });
  client = newClient();
});
afterEach(() => sim.reset());
afterAll(async () => {
  await sim.close();
});

describe('workspace', () => {
  it('is deterministic per seed and realistic', () => {
    const a = makeWorkspace(20, 3);
    const b = makeWorkspace(20, 3);
    expect(a.users.map((u) => [u.id, u.real_name, u.tz])).toEqual(
      b.users.map((u) => [u.id, u.real_name, u.tz]),
    );
    expect(a.users).toHaveLength(20 + 5);
    const slackbot = a.users.find((u) => u.id === SLACKBOT_ID);
    expect(slackbot?.is_bot).toBe(false);
    expect(a.users.filter((u) => u.deleted)).toHaveLength(1);
    expect(a.users.filter((u) => u.is_restricted)).toHaveLength(1);
    expect(a.users.filter((u) => u.is_bot).map((u) => u.id)).toContain(a.botUserId);
    expect(new Set(a.users.map((u) => u.tz)).size).toBeGreaterThanOrEqual(4);
    expect(new Set(a.users.map((u) => u.name)).size).toBe(a.users.length);
    for (const u of a.users) expect(u.id).toMatch(/^[UW][A-Z0-9]{2,}$/);
    const kolkata = a.users.find((u) => u.tz === 'Asia/Kolkata');
    if (kolkata) expect(kolkata.tz_offset).toBe(19800);
  });
});

describe('auth', () => {
  it('auth.test answers with the bot identity', async () => {
    const res = await client.auth.test();
    expect(res).toMatchObject({ ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: sim.workspace.teamId });
    expect(res.url).toMatch(/^https:\/\/.+\.slack\.com\/$/);
  });

  it('refuses a wrong token and a missing one', async () => {
    const wrong = await slackError(newClient({ token: 'xoxb-nope' }).auth.test());
    expect(wrong.data?.error).toBe('invalid_auth');
    const none = await slackError(new WebClient(undefined, { slackApiUrl: sim.apiUrl }).auth.test());
    expect(none.data?.error).toBe('not_authed');
  });
});

describe('chat', () => {
  it('posts to a user id as a DM with a stable D channel', async () => {
    const u = human();
    const res = await client.chat.postMessage({ channel: u.id, text: 'Welcome!' });
    expect(res.ok).toBe(true);
    expect(res.channel).toMatch(/^D/);
    expect(res.channel).toBe(sim.dmChannelOf(u.id));
    expect(res.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(res.message).toMatchObject({ type: 'message', text: 'Welcome!', user: 'UBOT', bot_id: 'BBOT' });
    const again = await client.chat.postMessage({ channel: res.channel as string, text: 'Second' });
    expect(again.channel).toBe(res.channel);
    expect(Number(again.ts)).toBeGreaterThan(Number(res.ts));
    expect(sim.messagesTo(u.id).map((m) => m.text)).toEqual(['Welcome!', 'Second']);
  });

  it('posts to a channel the bot is in, and reports not_in_channel / channel_not_found otherwise', async () => {
    const general = channel('general');
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*Hi* all' } }];
    const res = await client.chat.postMessage({ channel: general.id, text: 'Hi all', blocks });
    expect(sim.messagesIn(general.id)[0]).toMatchObject({ ts: res.ts, text: 'Hi all', blocks });

    expect(
      (await slackError(client.chat.postMessage({ channel: channel('random').id, text: 'x' }))).data?.error,
    ).toBe('not_in_channel');
    expect(
      (await slackError(client.chat.postMessage({ channel: channel('leadership').id, text: 'x' }))).data
        ?.error,
    ).toBe('channel_not_found');
    expect((await slackError(client.chat.postMessage({ channel: 'C0NOPE', text: 'x' }))).data?.error).toBe(
      'channel_not_found',
    );
  });

  it('refuses deleted, unknown and bot recipients, and empty messages', async () => {
    const deleted = sim.workspace.users.find((u) => u.deleted) as SimUser;
    const err = await slackError(client.chat.postMessage({ channel: deleted.id, text: 'hello' }));
    expect(err.code).toBe(ErrorCode.PlatformError);
    expect(err.data?.error).toBe('account_inactive');
    expect((await slackError(client.chat.postMessage({ channel: 'U0GHOST', text: 'x' }))).data?.error).toBe(
      'user_not_found',
    );
    const jira = sim.workspace.users.find((u) => u.is_bot && u.id !== 'UBOT') as SimUser;
    expect((await slackError(client.chat.postMessage({ channel: jira.id, text: 'x' }))).data?.error).toBe(
      'cannot_dm_bot',
    );
    expect((await slackError(client.chat.postMessage({ channel: human().id, text: '' }))).data?.error).toBe(
      'no_text',
    );
    expect(sim.messages).toHaveLength(0);
    expect(sim.callsTo('chat.postMessage')).toHaveLength(4);
  });

  it('enforces Block Kit limits the way Slack reports them', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3001) } }];
    const err = await slackError(client.chat.postMessage({ channel: human().id, text: 'long', blocks }));
    expect(err.data?.error).toBe('invalid_blocks');
    expect(JSON.stringify(err.data?.response_metadata)).toContain('json-pointer:/blocks/0/text/text');
  });

  it('updates a message and keeps its versions', async () => {
    const u = human(1);
    const posted = await client.chat.postMessage({ channel: u.id, text: 'v1' });
    const updated = await client.chat.update({
      channel: posted.channel as string,
      ts: posted.ts as string,
      text: 'v2',
    });
    expect(updated).toMatchObject({ ok: true, channel: posted.channel, ts: posted.ts, text: 'v2' });
    const stored = sim.message(posted.channel as string, posted.ts as string);
    expect(stored?.text).toBe('v2');
    expect(stored?.versions.map((v) => v.text)).toEqual(['v1', 'v2']);
    const missing = await slackError(
      client.chat.update({ channel: posted.channel as string, ts: '1.000001', text: 'x' }),
    );
    expect(missing.data?.error).toBe('message_not_found');
  });

  it('posts ephemeral messages to a member of the channel', async () => {
    const u = human();
    const res = await client.chat.postEphemeral({
      channel: channel('general').id,
      user: u.id,
      text: 'only you',
    });
    expect(res.message_ts).toMatch(/^\d+\.\d{6}$/);
    expect(sim.ephemerals).toEqual([
      expect.objectContaining({ channel: channel('general').id, user: u.id, text: 'only you' }),
    ]);
  });
});

describe('conversations and users', () => {
  it('paginates users.list over several pages', async () => {
    const seen: string[] = [];
    const cursors: string[] = [];
    for await (const page of client.paginate('users.list', { limit: 4 })) {
      const members = (page as { members?: Array<{ id: string }> }).members ?? [];
      expect(members.length).toBeLessThanOrEqual(4);
      seen.push(...members.map((m) => m.id));
      cursors.push(String((page.response_metadata as { next_cursor?: string }).next_cursor));
    }
    expect(seen).toEqual(sim.workspace.users.map((u) => u.id));
    expect(cursors.length).toBe(Math.ceil(sim.workspace.users.length / 4));
    expect(cursors.at(-1)).toBe('');
    const bad = await slackError(client.users.list({ cursor: 'bm9wZQ==' }));
    expect(bad.data?.error).toBe('invalid_cursor');
  });

  it('returns Slack user objects, without time zone for deactivated accounts', async () => {
    const u = human();
    const res = await client.users.info({ user: u.id });
    expect(res.user).toMatchObject({
      id: u.id,
      name: u.name,
      real_name: u.real_name,
      tz: u.tz,
      profile: { real_name: u.real_name, title: u.profile.title },
    });
    const deleted = sim.workspace.users.find((x) => x.deleted) as SimUser;
    const gone = await client.users.info({ user: deleted.id });
    expect(gone.user?.deleted).toBe(true);
    expect(gone.user?.tz).toBeUndefined();
    expect((await slackError(client.users.info({ user: 'U0GHOST' }))).data?.error).toBe('user_not_found');
  });

  it('paginates conversations.members, the bot included', async () => {
    const general = channel('general');
    const pages: string[][] = [];
    for await (const page of client.paginate('conversations.members', { channel: general.id, limit: 5 })) {
      pages.push((page as { members?: string[] }).members ?? []);
    }
    expect(pages.length).toBe(Math.ceil((general.members.length + 1) / 5));
    expect(pages.flat()).toEqual([...general.members, 'UBOT']);
    const info = await client.conversations.info({ channel: general.id, include_num_members: true });
    expect(info.channel).toMatchObject({
      id: general.id,
      name: 'general',
      is_member: true,
      is_private: false,
    });
    expect(info.channel?.num_members).toBe(general.members.length + 1);
  });

  it('opens the same conversation for the same users', async () => {
    const [a, b, c] = [human(0), human(1), human(2)];
    const dm1 = await client.conversations.open({ users: a.id });
    const dm2 = await client.conversations.open({ users: a.id });
    expect(dm1.channel?.id).toBe(sim.dmChannelOf(a.id));
    expect(dm2.channel?.id).toBe(dm1.channel?.id);
    const full = await client.conversations.open({ users: a.id, return_im: true });
    expect(full.channel).toMatchObject({ id: dm1.channel?.id, is_im: true, user: a.id });

    const g1 = await client.conversations.open({ users: `${a.id},${b.id},${c.id}` });
    const g2 = await client.conversations.open({ users: `${c.id},${a.id},${b.id}` });
    expect(g1.channel?.id).toMatch(/^[GC]/);
    expect(g2.channel?.id).toBe(g1.channel?.id);
    expect(g2.already_open).toBe(true);
    const posted = await client.chat.postMessage({ channel: g1.channel?.id as string, text: 'trio' });
    expect(posted.channel).toBe(g1.channel?.id);
    const members = await client.conversations.members({ channel: g1.channel?.id as string });
    expect(members.members).toEqual([a.id, b.id, c.id, 'UBOT']);
  });

  it('returns history newest first, paginated, with metadata', async () => {
    const u = human(3);
    const metadata = { event_type: 'pairing_proposed', event_payload: { pairing_id: 42 } };
    const first = await client.chat.postMessage({ channel: u.id, text: 'one', metadata });
    await client.chat.postMessage({ channel: u.id, text: 'two' });
    await client.chat.postMessage({ channel: u.id, text: 'three' });
    const dm = sim.dmChannelOf(u.id);

    const page1 = await client.conversations.history({ channel: dm, limit: 2, include_all_metadata: true });
    expect(page1.messages?.map((m) => m.text)).toEqual(['three', 'two']);
    expect(page1.has_more).toBe(true);
    const page2 = await client.conversations.history({
      channel: dm,
      limit: 2,
      include_all_metadata: true,
      cursor: page1.response_metadata?.next_cursor as string,
    });
    expect(page2.messages?.map((m) => m.text)).toEqual(['one']);
    expect(page2.has_more).toBe(false);
    expect(page2.messages?.[0]?.metadata).toEqual(metadata);

    const after = await client.conversations.history({ channel: dm, oldest: first.ts as string });
    expect(after.messages?.map((m) => m.text)).toEqual(['three', 'two']);
    const notMember = await slackError(client.conversations.history({ channel: channel('random').id }));
    expect(notMember.data?.error).toBe('not_in_channel');
  });
});

describe('faults', () => {
  it('surfaces a 429 with Retry-After as a rate-limited error, once', async () => {
    sim.fail('chat.postMessage', { status: 429, retryAfter: 7 });
    const err = (await slackError(client.chat.postMessage({ channel: human().id, text: 'x' }))) as Error & {
      code: string;
      retryAfter: number;
    };
    expect(err.code).toBe(ErrorCode.RateLimitedError);
    expect(err.retryAfter).toBe(7);
    expect(sim.messages).toHaveLength(0);
    expect(sim.callsTo('chat.postMessage')[0]).toMatchObject({
      status: 429,
      response: { error: 'ratelimited' },
    });
    await expect(client.chat.postMessage({ channel: human().id, text: 'x' })).resolves.toMatchObject({
      ok: true,
    });
  });

  it('surfaces a 500 as an HTTP error', async () => {
    sim.fail('users.list', { status: 500 }, 2);
    for (let i = 0; i < 2; i++) {
      const err = (await slackError(client.users.list({}))) as Error & { code: string; statusCode: number };
      expect(err.code).toBe(ErrorCode.HTTPError);
      expect(err.statusCode).toBe(500);
    }
    await expect(client.users.list({})).resolves.toMatchObject({ ok: true });
  });

  it('answers queued platform errors and per-user permanent ones', async () => {
    const [a, b] = [human(0), human(1)];
    sim.fail('*', { error: 'invalid_auth' });
    expect((await slackError(client.auth.test())).data?.error).toBe('invalid_auth');
    const remove = sim.failWhen('chat.postMessage', (args) => args.channel === a.id, {
      error: 'account_inactive',
    });
    for (let i = 0; i < 3; i++) {
      expect((await slackError(client.chat.postMessage({ channel: a.id, text: 'x' }))).data?.error).toBe(
        'account_inactive',
      );
    }
    await expect(client.chat.postMessage({ channel: b.id, text: 'x' })).resolves.toMatchObject({ ok: true });
    remove();
    await expect(client.chat.postMessage({ channel: a.id, text: 'x' })).resolves.toMatchObject({ ok: true });
  });

  it('answers late, so client timeouts happen while the message is still posted', async () => {
    sim.fail('chat.postMessage', { delayMs: 300 });
    const impatient = newClient({ timeout: 50 });
    const err = await slackError(impatient.chat.postMessage({ channel: human().id, text: 'late' }));
    expect(err.code).toBe(ErrorCode.RequestError);
    await new Promise((r) => setTimeout(r, 400));
    expect(sim.messagesTo(human().id).map((m) => m.text)).toEqual(['late']);
  });

  it('adds latency to every call', async () => {
    sim.setLatency(60);
    const started = Date.now();
    await client.auth.test();
    expect(Date.now() - started).toBeGreaterThanOrEqual(50);
  });

  it('records unknown methods', async () => {
    const err = await slackError(client.apiCall('reactions.add', { channel: 'C1', name: 'tada' }));
    expect(err.data?.error).toBe('unknown_method');
    expect(sim.callsTo('reactions.add')).toEqual([
      expect.objectContaining({
        args: { channel: 'C1', name: 'tada' },
        response: expect.objectContaining({ ok: false }),
      }),
    ]);
  });
});

describe('files, views, response urls, events', () => {
  it('runs the external upload flow and keeps the bytes', async () => {
    const general = channel('general');
    const csv = 'name,score\nAnna,3\n';
    const res = await client.filesUploadV2({
      channel_id: general.id,
      filename: 'report.csv',
      title: 'Monthly report',
      content: csv,
      initial_comment: 'Here is the report',
    });
    expect(res.ok).toBe(true);
    expect(sim.callsTo('files.getUploadURLExternal')[0]?.args).toMatchObject({
      filename: 'report.csv',
      length: '18',
    });
    expect(sim.files).toHaveLength(1);
    const file = sim.files[0];
    expect(file?.bytes?.toString('utf8')).toBe(csv);
    expect(file).toMatchObject({ completed: true, title: 'Monthly report', channelId: general.id });
    expect(sim.messagesIn(general.id)[0]).toMatchObject({
      text: 'Here is the report',
      files: [{ id: file?.id }],
    });
  });

  it('records views opened, published and updated', async () => {
    const u = human();
    const trigger = sim.issueTrigger(u.id);
    const modal = {
      type: 'modal' as const,
      callback_id: 'signup',
      title: { type: 'plain_text' as const, text: 'Sign up' },
      submit: { type: 'plain_text' as const, text: 'Save' },
      blocks: [
        {
          type: 'input',
          block_id: 'skills',
          label: { type: 'plain_text', text: 'Skills' },
          element: { type: 'plain_text_input', action_id: 'skills' },
        },
      ],
    };
    const opened = await client.views.open({ trigger_id: trigger, view: modal });
    expect(opened.view?.id).toMatch(/^V/);
    expect(opened.view).toMatchObject({ callback_id: 'signup', state: { values: {} } });
    expect(sim.views[0]).toMatchObject({ kind: 'modal', userId: u.id, method: 'views.open' });
    expect((await slackError(client.views.open({ trigger_id: trigger, view: modal }))).data?.error).toBe(
      'exchanged_trigger_id',
    );

    const updated = await client.views.update({
      view_id: opened.view?.id as string,
      hash: opened.view?.hash as string,
      view: { ...modal, title: { type: 'plain_text', text: 'Signed up' } },
    });
    expect(updated.view?.hash).not.toBe(opened.view?.hash);
    expect(sim.views[0]?.versions).toHaveLength(2);
    const stale = await slackError(
      client.views.update({
        view_id: opened.view?.id as string,
        hash: opened.view?.hash as string,
        view: modal,
      }),
    );
    expect(stale.data?.error).toBe('hash_conflict');

    const tooLong = await slackError(
      client.views.open({
        trigger_id: sim.issueTrigger(u.id),
        view: { ...modal, title: { type: 'plain_text', text: 'A title far too long for Slack' } },
      }),
    );
    expect(tooLong.data?.error).toBe('invalid_arguments');

    const home = {
      type: 'home' as const,
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Hi' } }],
    };
    await client.views.publish({ user_id: u.id, view: home });
    await client.views.publish({ user_id: u.id, view: home });
    expect(sim.homeView(u.id)?.versions).toHaveLength(2);
    expect(sim.views.filter((v) => v.kind === 'home')).toHaveLength(1);
  });

  it('expires trigger ids after the configured time', async () => {
    const quick = await startSlackSim({ triggerTtlMs: 20 });
    try {
      const c = new WebClient(quick.token, { slackApiUrl: quick.apiUrl, retryConfig: { retries: 0 } });
      const trigger = quick.issueTrigger();
      await new Promise((r) => setTimeout(r, 40));
      const err = await slackError(
        c.views.open({
          trigger_id: trigger,
          view: { type: 'modal', title: { type: 'plain_text', text: 'x' }, blocks: [] },
        }),
      );
      expect(err.data?.error).toBe('expired_trigger_id');
    } finally {
      await quick.close();
    }
  });

  it('records response_url posts and emits every call', async () => {
    const seen: string[] = [];
    sim.events.on('call', (call) => seen.push(call.method));
    const url = sim.responseUrl('cmd-1');
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ response_type: 'ephemeral', text: 'Done', replace_original: false }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    await client.auth.test();
    expect(sim.responsesTo('cmd-1')[0]?.body).toEqual({
      response_type: 'ephemeral',
      text: 'Done',
      replace_original: false,
    });
    expect(seen).toEqual(['response_url', 'auth.test']);
    sim.events.removeAllListeners('call');
  });
});

describe('signed requests', () => {
  it("computes the signature of Slack's documented example", () => {
    const body =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    expect(sign('8f742231b10e8888abcd99yyyzzz85a5', body, 1531420618)).toBe(
      'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
    );
  });

  it("builds Slack's state.values shapes", () => {
    expect(
      stateValues({
        bio: { type: 'plain_text_input', value: 'hi' },
        hours: { type: 'number_input', value: 2 },
        level: { type: 'static_select', selected: { value: 'senior', text: 'Senior' } },
        topics: { type: 'multi_static_select', selected: ['ai'] },
        when: { type: 'datepicker', selected_date: '2025-03-01' },
        people: { type: 'multi_users_select', selected_users: ['U1'] },
      }),
    ).toEqual({
      bio: { bio: { type: 'plain_text_input', value: 'hi' } },
      hours: { hours: { type: 'number_input', value: '2' } },
      level: {
        level: {
          type: 'static_select',
          selected_option: { text: { type: 'plain_text', text: 'Senior', emoji: true }, value: 'senior' },
        },
      },
      topics: {
        topics: {
          type: 'multi_static_select',
          selected_options: [{ text: { type: 'plain_text', text: 'ai', emoji: true }, value: 'ai' }],
        },
      },
      when: { when: { type: 'datepicker', selected_date: '2025-03-01' } },
      people: { people: { type: 'multi_users_select', selected_users: ['U1'] } },
    });
  });

  describe('against a real Bolt app', () => {
    const secret = 'simsigningsecret123';
    let app: App;
    let requester: ReturnType<typeof createSlackRequester>;
    const seen: Array<{ kind: string; body: unknown; retryNum?: number }> = [];

    beforeAll(async () => {
      app = new App({
        token: sim.token,
        signingSecret: secret,
        logLevel: LogLevel.ERROR,
        clientOptions: { slackApiUrl: sim.apiUrl, retryConfig: { retries: 0 } },
      });
      app.command('/mentor', async ({ ack, body, client: c, respond }) => {
        await ack();
        seen.push({ kind: 'command', body });
        await c.views.open({
          trigger_id: body.trigger_id,
          view: {
            type: 'modal',
            callback_id: 'signup',
            title: { type: 'plain_text', text: 'Sign up' },
            submit: { type: 'plain_text', text: 'Save' },
            blocks: [
              {
                type: 'input',
                block_id: 'bio',
                label: { type: 'plain_text', text: 'Bio' },
                element: { type: 'plain_text_input', action_id: 'bio' },
              },
            ],
          },
        });
        await respond({ response_type: 'ephemeral', text: `got ${body.text}` });
      });
      app.action('join', async ({ ack, body }) => {
        await ack();
        seen.push({ kind: 'action', body });
      });
      app.view('signup', async ({ ack, view }) => {
        const bio = view.state.values.bio?.bio?.value ?? '';
        if (bio.length < 3) await ack({ response_action: 'errors', errors: { bio: 'Too short' } });
        else await ack();
      });
      app.event('app_home_opened', async ({ event, context }) => {
        seen.push({ kind: 'event', body: event, retryNum: context.retryNum });
      });
      const server = (await app.start(0)) as unknown as { address(): AddressInfo };
      requester = createSlackRequester({
        url: `http://127.0.0.1:${server.address().port}/slack/events`,
        signingSecret: secret,
        sim,
      });
    });
    afterAll(async () => {
      await app.stop();
    });

    it('delivers a slash command Bolt accepts, with a live trigger and response_url', async () => {
      const u = human();
      const reply = await requester.command(u.id, 'signup please');
      expect(reply.status).toBe(200);
      await expect.poll(() => sim.responsesTo(reply.responseId).length).toBe(1);
      expect(sim.responsesTo(reply.responseId)[0]?.body).toMatchObject({ text: 'got signup please' });
      expect(sim.views[0]).toMatchObject({ kind: 'modal', userId: u.id, triggerId: reply.triggerId });
      const command = seen.find((s) => s.kind === 'command')?.body as Record<string, string>;
      expect(command).toMatchObject({ user_id: u.id, user_name: u.name, channel_id: sim.dmChannelOf(u.id) });

      const err = await requester.viewSubmission(u.id, {
        callback_id: 'signup',
        state: { values: stateValues({ bio: { type: 'plain_text_input', value: 'x' } }) },
      });
      expect(err.body).toEqual({ response_action: 'errors', errors: { bio: 'Too short' } });
      const ok = await requester.viewSubmission(u.id, {
        callback_id: 'signup',
        state: { values: stateValues({ bio: { type: 'plain_text_input', value: 'Loves mentoring' } }) },
      });
      expect(ok.status).toBe(200);
      expect(ok.body).toBe('');
    });

    it('delivers button clicks carrying the stored message', async () => {
      const u = human(1);
      const blocks = [
        {
          type: 'actions',
          block_id: 'join_block',
          elements: [
            { type: 'button', action_id: 'join', text: { type: 'plain_text', text: 'Join' }, value: 'p1' },
          ],
        },
      ];
      const posted = await client.chat.postMessage({ channel: u.id, text: 'Join?', blocks });
      const reply = await requester.action(u.id, 'join', undefined, {
        message: { ts: posted.ts as string, channel: posted.channel as string },
      });
      expect(reply.status).toBe(200);
      const body = seen.find((s) => s.kind === 'action')?.body as {
        actions: Array<{ block_id: string; value: string }>;
        message: { ts: string; blocks: unknown[] };
        container: { type: string };
      };
      expect(body.actions[0]).toMatchObject({ block_id: 'join_block', value: 'p1' });
      expect(body.message).toMatchObject({ ts: posted.ts, blocks });
      expect(body.container.type).toBe('message');
    });

    it('delivers events with retry headers', async () => {
      const u = human(2);
      const reply = await requester.event(
        { type: 'app_home_opened', user: u.id, tab: 'home' },
        { retryNum: 1, retryReason: 'http_timeout' },
      );
      expect(reply.status).toBe(200);
      await expect.poll(() => seen.filter((s) => s.kind === 'event').length).toBe(1);
      expect(seen.find((s) => s.kind === 'event')).toMatchObject({ body: { user: u.id }, retryNum: 1 });
    });

    it('is refused by Bolt when the signature or timestamp is wrong', async () => {
      const body = 'command=%2Fmentor&text=hi';
      const headers = requester.sign(body);
      const forged = await requester.raw(body, {
        'content-type': 'application/x-www-form-urlencoded',
        ...headers,
        'x-slack-signature': `v0=${'0'.repeat(64)}`,
      });
      expect(forged.status).toBe(401);
      const stale = await requester.raw(body, {
        'content-type': 'application/x-www-form-urlencoded',
        ...requester.sign(body, Math.floor(Date.now() / 1000) - 600),
      });
      expect(stale.status).toBe(401);
    });
  });
});
