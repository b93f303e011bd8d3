/**
 * Sends requests to the real app the way Slack does: same content types, same payload shapes, signed
 * with the v0 scheme, so Bolt's own verification and parsing run in the tests.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { request } from 'node:http';
import type { SlackSim } from './slack-sim';

type Json = Record<string, unknown>;

export interface SlackReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON when the app answered JSON, the raw text otherwise ('' for a bare ack). */
  body: unknown;
}

/** Slack's v0 signature: 'v0=' + hex HMAC-SHA256 of 'v0:<timestamp>:<raw body>'. */
export function sign(signingSecret: string, body: string, ts: number | string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${ts}:${body}`).digest('hex')}`;
}

function post(url: string, body: string, headers: Record<string, string>): Promise<SlackReply> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        // No pooled keep-alive sockets: nothing left open to hold the test process.
        agent: false,
        headers: { 'content-length': String(Buffer.byteLength(body)), ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          if ((res.headers['content-type'] ?? '').includes('application/json') && text !== '') {
            try {
              parsed = JSON.parse(text);
            } catch {
              parsed = text;
            }
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

// ---------------------------------------------------------------------------------------------------------
// view state builders
// ---------------------------------------------------------------------------------------------------------

type OptionInput = string | { value: string; text?: string };

export type StateInput =
  | { type: 'plain_text_input'; value: string | null }
  | { type: 'number_input'; value: string | number | null }
  | { type: 'static_select'; selected: OptionInput | null }
  | { type: 'radio_buttons'; selected: OptionInput | null }
  | { type: 'multi_static_select'; selected: OptionInput[] }
  | { type: 'checkboxes'; selected: OptionInput[] }
  | { type: 'conversations_select'; selected_conversation: string | null }
  | { type: 'channels_select'; selected_channel: string | null }
  | { type: 'users_select'; selected_user: string | null }
  | { type: 'multi_users_select'; selected_users: string[] }
  | { type: 'datepicker'; selected_date: string | null }
  | { type: 'timepicker'; selected_time: string | null };

function option(o: OptionInput): Json {
  const { value, text } =
    typeof o === 'string' ? { value: o, text: o } : { value: o.value, text: o.text ?? o.value };
  return { text: { type: 'plain_text', text, emoji: true }, value };
}

function stateValue(input: StateInput): Json {
  switch (input.type) {
    case 'plain_text_input':
      return { type: input.type, value: input.value };
    case 'number_input':
      // Slack sends number inputs as strings.
      return { type: input.type, value: input.value === null ? null : String(input.value) };
    case 'static_select':
    case 'radio_buttons':
      return { type: input.type, selected_option: input.selected === null ? null : option(input.selected) };
    case 'multi_static_select':
    case 'checkboxes':
      return { type: input.type, selected_options: input.selected.map(option) };
    default:
      return { ...input };
  }
}

/**
 * Slack's `view.state.values`: `{ [block_id]: { [action_id]: value } }`. Our inputs use the block id as
 * the action id, so each block holds one entry under its own name.
 */
export function stateValues(inputs: Record<string, StateInput>): Record<string, Record<string, Json>> {
  const values: Record<string, Record<string, Json>> = {};
  for (const [blockId, input] of Object.entries(inputs)) values[blockId] = { [blockId]: stateValue(input) };
  return values;
}

// ---------------------------------------------------------------------------------------------------------
// the requester
// ---------------------------------------------------------------------------------------------------------

export interface SlackRequesterOptions {
  /** The app's events URL, e.g. http://127.0.0.1:3000/slack/events. */
  url: string;
  signingSecret: string;
  /** When given: trigger ids, response URLs, user names and channels come from it. */
  sim?: SlackSim;
  teamId?: string;
  teamDomain?: string;
  apiAppId?: string;
  /** The slash command (default '/mentor'). */
  command?: string;
  /** Seconds since the epoch for X-Slack-Request-Timestamp (default now). */
  now?: () => number;
}

export interface CommandOptions {
  channelId?: string;
  channelName?: string;
  command?: string;
  triggerId?: string;
  responseUrl?: string;
  ts?: number;
}

export interface CommandReply extends SlackReply {
  triggerId: string;
  responseUrl: string;
  /** The sim's response-url id, so `sim.responsesTo(responseId)` finds what the app sent back. */
  responseId: string;
}

export interface ActionOptions {
  blockId?: string;
  message?: { ts: string; channel: string };
  container?: Json;
  /** The view the button sits in (a modal or the home tab), as Slack returned it. */
  view?: Json;
  /** Button by default; pass e.g. 'static_select' with `selectedOption`. */
  type?: string;
  selectedOption?: OptionInput;
  triggerId?: string;
  ts?: number;
}

export interface ViewSubmissionInput {
  callback_id: string;
  private_metadata?: string;
  state: { values: Record<string, Record<string, Json>> };
  id?: string;
  hash?: string;
  blocks?: unknown[];
  title?: Json;
}

export interface EventOptions {
  eventId?: string;
  retryNum?: number;
  retryReason?: string;
  ts?: number;
}

let counter = 0;
function uid(prefix: string): string {
  counter += 1;
  return `${prefix}${Date.now().toString(36).toUpperCase()}${counter}`;
}

/** Finds the block that holds an element with this action_id, and the element itself. */
function findAction(blocks: unknown, actionId: string): { blockId?: string; element?: Json } {
  if (!Array.isArray(blocks)) return {};
  for (const b of blocks as Json[]) {
    const elements = [...(Array.isArray(b.elements) ? (b.elements as Json[]) : [])];
    if (b.accessory) elements.push(b.accessory as Json);
    if (b.element) elements.push(b.element as Json);
    const element = elements.find((e) => e.action_id === actionId);
    if (element) return { blockId: typeof b.block_id === 'string' ? b.block_id : undefined, element };
  }
  return {};
}

export function createSlackRequester(opts: SlackRequesterOptions) {
  const { sim } = opts;
  const teamId = opts.teamId ?? sim?.workspace.teamId ?? 'T0SIM0001';
  const teamDomain = opts.teamDomain ?? sim?.workspace.teamDomain ?? 'acme';
  const apiAppId = opts.apiAppId ?? sim?.workspace.appId ?? 'A0MENTOR';
  // The deprecated verification token still rides along in every payload.
  const token = 'legacy-verification-token';
  const nowSec = opts.now ?? (() => Math.floor(Date.now() / 1000));

  const userJson = (userId: string): Json => {
    const name = sim?.user(userId)?.name ?? userId.toLowerCase();
    return { id: userId, username: name, name, team_id: teamId };
  };

  const newTrigger = (userId: string): string =>
    sim ? sim.issueTrigger(userId) : `${Date.now()}.${counter}.${randomBytes(16).toString('hex')}`;

  const newResponseUrl = (): { id: string; url: string } => {
    const id = uid('R');
    return { id, url: sim ? sim.responseUrl(id) : `https://hooks.slack.com/commands/${teamId}/${id}/x` };
  };

  const signedHeaders = (body: string, ts?: number): Record<string, string> => {
    const stamp = String(ts ?? nowSec());
    return {
      'x-slack-request-timestamp': stamp,
      'x-slack-signature': sign(opts.signingSecret, body, stamp),
    };
  };

  const send = (body: string, contentType: string, ts?: number, extra: Record<string, string> = {}) =>
    post(opts.url, body, { 'content-type': contentType, ...signedHeaders(body, ts), ...extra });

  const sendPayload = (payload: Json, ts?: number) =>
    send(
      new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
      'application/x-www-form-urlencoded',
      ts,
    );

  const channelName = (channelId: string): string => {
    if (channelId.startsWith('D')) return 'directmessage';
    const channel = sim?.workspace.channels.find((c) => c.id === channelId);
    if (channel?.isPrivate) return 'privategroup';
    return channel?.name ?? 'directmessage';
  };

  return {
    /** Headers for `body` signed at `ts` (default now). */
    sign: signedHeaders,

    /** POSTs exactly this body and these headers, unsigned unless the headers say otherwise. */
    raw(body: string, headers: Record<string, string>): Promise<SlackReply> {
      return post(opts.url, body, headers);
    },

    /** A slash command, by default typed in the user's DM with the bot. */
    async command(userId: string, text: string, o: CommandOptions = {}): Promise<CommandReply> {
      const channelId = o.channelId ?? (sim ? sim.dmChannelOf(userId) : `D${userId.slice(1)}`);
      const triggerId = o.triggerId ?? newTrigger(userId);
      const response = o.responseUrl ? { id: '', url: o.responseUrl } : newResponseUrl();
      const body = new URLSearchParams({
        token,
        team_id: teamId,
        team_domain: teamDomain,
        channel_id: channelId,
        channel_name: o.channelName ?? channelName(channelId),
        user_id: userId,
        user_name: String(userJson(userId).name),
        command: o.command ?? opts.command ?? '/mentor',
        text,
        api_app_id: apiAppId,
        is_enterprise_install: 'false',
        response_url: response.url,
        trigger_id: triggerId,
      }).toString();
      const reply = await send(body, 'application/x-www-form-urlencoded', o.ts);
      return { ...reply, triggerId, responseUrl: response.url, responseId: response.id };
    },

    /** A block_actions click; with a sim and `message`, the message (and the button's block) come from it. */
    action(userId: string, actionId: string, value?: string, o: ActionOptions = {}): Promise<SlackReply> {
      const stored = o.message && sim ? sim.message(o.message.channel, o.message.ts) : undefined;
      const found = findAction(stored?.blocks ?? o.view?.blocks, actionId);
      const type = o.type ?? (typeof found.element?.type === 'string' ? found.element.type : 'button');
      const action: Json = {
        action_id: actionId,
        block_id: o.blockId ?? found.blockId ?? actionId,
        type,
        action_ts: `${nowSec()}.${String(counter++).padStart(6, '0')}`,
      };
      if (type === 'button') {
        action.text = found.element?.text ?? { type: 'plain_text', text: actionId, emoji: true };
        action.value = value ?? found.element?.value;
      } else if (o.selectedOption !== undefined) {
        action.selected_option = option(o.selectedOption);
      } else if (value !== undefined) {
        action.selected_option = option(value);
      }
      const payload: Json = {
        type: 'block_actions',
        user: userJson(userId),
        api_app_id: apiAppId,
        token,
        trigger_id: o.triggerId ?? newTrigger(userId),
        team: { id: teamId, domain: teamDomain },
        enterprise: null,
        is_enterprise_install: false,
        state: { values: {} },
        actions: [action],
      };
      if (o.message) {
        const message = stored
          ? { ...stored, channel: undefined, deleted: undefined, versions: undefined, metadata: undefined }
          : { type: 'message', ts: o.message.ts, text: '' };
        payload.container = o.container ?? {
          type: 'message',
          message_ts: o.message.ts,
          channel_id: o.message.channel,
          is_ephemeral: false,
        };
        payload.channel = { id: o.message.channel, name: channelName(o.message.channel) };
        payload.message = JSON.parse(JSON.stringify(message));
        payload.response_url = newResponseUrl().url;
      } else if (o.view) {
        payload.container = o.container ?? { type: 'view', view_id: o.view.id };
        payload.view = o.view;
      } else if (o.container) {
        payload.container = o.container;
      }
      return sendPayload(payload, o.ts);
    },

    /** A modal submission; with a sim, the modal's id and blocks come from the last one opened with that callback_id. */
    viewSubmission(
      userId: string,
      view: ViewSubmissionInput,
      o: { triggerId?: string; ts?: number } = {},
    ): Promise<SlackReply> {
      const opened = sim?.views
        .filter((v) => v.kind === 'modal' && v.view.callback_id === view.callback_id)
        .filter((v) => v.userId === undefined || v.userId === userId)
        .at(-1)?.view;
      const payload: Json = {
        type: 'view_submission',
        team: { id: teamId, domain: teamDomain },
        user: userJson(userId),
        api_app_id: apiAppId,
        token,
        trigger_id: o.triggerId ?? newTrigger(userId),
        view: {
          ...opened,
          id: view.id ?? opened?.id ?? uid('V'),
          team_id: teamId,
          type: 'modal',
          blocks: view.blocks ?? opened?.blocks ?? [],
          private_metadata: view.private_metadata ?? opened?.private_metadata ?? '',
          callback_id: view.callback_id,
          state: view.state,
          hash: view.hash ?? opened?.hash ?? uid('h'),
          title: view.title ?? opened?.title ?? { type: 'plain_text', text: 'Modal', emoji: true },
          app_id: apiAppId,
        },
        response_urls: [],
        is_enterprise_install: false,
        enterprise: null,
      };
      return sendPayload(payload, o.ts);
    },

    /** An Events API delivery; Slack's retries carry X-Slack-Retry-Num / X-Slack-Retry-Reason. */
    event(event: Json, o: EventOptions = {}): Promise<SlackReply> {
      const eventTime = nowSec();
      const body = JSON.stringify({
        token,
        team_id: teamId,
        api_app_id: apiAppId,
        event: { event_ts: `${eventTime}.000100`, ...event },
        type: 'event_callback',
        event_id: o.eventId ?? uid('Ev'),
        event_time: eventTime,
        authorizations: [
          {
            enterprise_id: null,
            team_id: teamId,
            user_id: sim?.workspace.botUserId ?? 'UBOT',
            is_bot: true,
            is_enterprise_install: false,
          },
        ],
        is_ext_shared_channel: false,
      });
      const extra: Record<string, string> = {};
      if (o.retryNum !== undefined) extra['x-slack-retry-num'] = String(o.retryNum);
      if (o.retryReason !== undefined) extra['x-slack-retry-reason'] = o.retryReason;
      return send(body, 'application/json', o.ts, extra);
    },

    /** The handshake Slack makes when the request URL is saved. */
    urlVerification(challenge: string): Promise<SlackReply> {
      return send(JSON.stringify({ token, challenge, type: 'url_verification' }), 'application/json');
    },
  };
}

export type SlackRequester = ReturnType<typeof createSlackRequester>;
