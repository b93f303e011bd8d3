/**
 * A local stand-in for Slack's Web API, shared by the offline demo and the end-to-end tests.
 *
 * It answers the methods the bot uses with Slack's own response shapes and error codes, records every
 * call, and can be told to fail, so the app's real WebClient (pointed here through `slackApiUrl`) is
 * exercised end to end without a network or a workspace.
 */
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// ---------------------------------------------------------------------------------------------------------
// Workspace model
// ---------------------------------------------------------------------------------------------------------

export interface SimUserProfile {
  real_name: string;
  real_name_normalized: string;
  display_name: string;
  display_name_normalized: string;
  first_name: string;
  last_name: string;
  title: string;
  status_text: string;
  status_emoji: string;
  status_expiration: number;
  image_72: string;
  team: string;
  bot_id?: string;
  always_active?: boolean;
}

/** Slack's user object, as users.list and users.info return it. */
export interface SimUser {
  id: string;
  team_id: string;
  name: string;
  real_name: string;
  deleted: boolean;
  is_bot: boolean;
  is_app_user: boolean;
  is_restricted: boolean;
  is_ultra_restricted: boolean;
  is_admin: boolean;
  is_owner: boolean;
  tz: string;
  tz_label: string;
  tz_offset: number;
  updated: number;
  profile: SimUserProfile;
}

export type SimUserInput = Omit<Partial<SimUser>, 'profile'> & { profile?: Partial<SimUserProfile> };

export interface SimChannel {
  id: string;
  name: string;
  /** Everyone in the channel except the bot, whose membership is `botIsMember`. */
  members: string[];
  botIsMember: boolean;
  isPrivate: boolean;
  isArchived: boolean;
  created: number;
  topic: string;
  purpose: string;
}

export type SimChannelInput = Partial<SimChannel> & { name: string };

export interface Workspace {
  teamId: string;
  teamName: string;
  teamDomain: string;
  botUserId: string;
  botId: string;
  appId: string;
  botName: string;
  users: SimUser[];
  channels: SimChannel[];
}

export const SLACKBOT_ID = 'USLACKBOT';

const DEFAULT_TZ = 'America/Los_Angeles';

/** Offset in seconds and long label of a zone at a moment, as Slack reports them (DST included). */
function zoneInfo(tz: string, at: Date): { offset: number; label: string } {
  try {
    const offsetName =
      new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'longOffset' })
        .formatToParts(at)
        .find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
    const m = /GMT([+-])(\d{2}):(\d{2})/.exec(offsetName);
    const offset = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3]) * 60) : 0;
    const label =
      new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'long' })
        .formatToParts(at)
        .find((p) => p.type === 'timeZoneName')?.value ?? tz;
    return { offset, label };
  } catch {
    return { offset: 0, label: tz };
  }
}

function uniqueId(prefix: string, taken: (id: string) => boolean, start: number): string {
  for (let n = start; ; n++) {
    const id = `${prefix}0SIM${n.toString(36).toUpperCase().padStart(4, '0')}`;
    if (!taken(id)) return id;
  }
}

function normalize(s: string): string {
  return s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
}

/** Adds a user, filling every field Slack would send; returns the stored object (mutable). */
export function addUser(ws: Workspace, input: SimUserInput = {}, at: Date = new Date()): SimUser {
  const id = input.id ?? uniqueId('U', (x) => ws.users.some((u) => u.id === x), ws.users.length + 1);
  const realName = input.real_name ?? input.profile?.real_name ?? `User ${id}`;
  const [first = realName, ...rest] = realName.split(' ');
  const tz = input.tz ?? DEFAULT_TZ;
  const zone = zoneInfo(tz, at);
  const displayName = input.profile?.display_name ?? '';
  const user: SimUser = {
    id,
    team_id: input.team_id ?? ws.teamId,
    name:
      input.name ??
      normalize(realName)
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '.'),
    real_name: realName,
    deleted: input.deleted ?? false,
    is_bot: input.is_bot ?? false,
    is_app_user: input.is_app_user ?? false,
    is_restricted: input.is_restricted ?? input.is_ultra_restricted ?? false,
    is_ultra_restricted: input.is_ultra_restricted ?? false,
    is_admin: input.is_admin ?? false,
    is_owner: input.is_owner ?? false,
    tz,
    tz_label: input.tz_label ?? zone.label,
    tz_offset: input.tz_offset ?? zone.offset,
    updated: input.updated ?? Math.floor(at.getTime() / 1000),
    ...input,
    profile: {
      real_name: realName,
      real_name_normalized: normalize(realName),
      display_name: displayName,
      display_name_normalized: normalize(displayName),
      first_name: first,
      last_name: rest.join(' '),
      title: '',
      status_text: '',
      status_emoji: '',
      status_expiration: 0,
      image_72: `https://avatars.slack-edge.example/${id}_72.png`,
      team: input.team_id ?? ws.teamId,
      ...input.profile,
    },
  };
  ws.users.push(user);
  return user;
}

/** Adds a channel; `members` excludes the bot, whose membership is `botIsMember`. */
export function addChannel(ws: Workspace, input: SimChannelInput): SimChannel {
  const channel: SimChannel = {
    id:
      input.id ??
      uniqueId(
        input.isPrivate ? 'G' : 'C',
        (x) => ws.channels.some((c) => c.id === x),
        ws.channels.length + 1,
      ),
    members: [],
    botIsMember: false,
    isPrivate: false,
    isArchived: false,
    created: Math.floor(Date.now() / 1000),
    topic: '',
    purpose: '',
    ...input,
  };
  ws.channels.push(channel);
  return channel;
}

/** Fills the defaults and makes sure Slackbot and the bot's own user exist, as they do in every workspace. */
export function createWorkspace(partial: Partial<Workspace> = {}): Workspace {
  const ws: Workspace = {
    teamId: 'T0SIM0001',
    teamName: 'Acme Corp',
    teamDomain: 'acme',
    botUserId: 'UBOT',
    botId: 'BBOT',
    appId: 'A0MENTOR',
    botName: 'mentor-bot',
    users: [],
    channels: [],
    ...partial,
  };
  if (!ws.users.some((u) => u.id === SLACKBOT_ID)) {
    addUser(ws, {
      id: SLACKBOT_ID,
      name: 'slackbot',
      real_name: 'Slackbot',
      // Slack really reports Slackbot as not a bot; apps have to skip it by id.
      is_bot: false,
      tz: DEFAULT_TZ,
      profile: { display_name: 'Slackbot', always_active: true },
    });
  }
  if (!ws.users.some((u) => u.id === ws.botUserId)) {
    addUser(ws, {
      id: ws.botUserId,
      name: ws.botName,
      real_name: ws.botName,
      is_bot: true,
      profile: { bot_id: ws.botId, always_active: true, display_name: '' },
    });
  }
  return ws;
}

/**
 * mulberry32: a tiny seeded generator, so a seed gives the same workspace, bench pool or kill point on every run and
 * machine (the fake workspace, the bench seeds and the crash tests share it).
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Accents and apostrophes are there on purpose: names are where rendering bugs hide.
const pool = (s: string): string[] => s.split('|');
const FIRST_NAMES = pool(
  'Anna|Jonas|Priya|Marcus|Yuki|Olivia|Rahul|Sophie|Diego|Aisha|Liam|Mei|Jürgen|Chloé|Kwame|Ingrid|Hiroshi|Fatima|Noah|Zoë|Arjun|Emily|Mateo|Hannah|Kenji|Grace|Omar|Lena|Sipho|Isabella|Siobhán|Ravi',
);
const LAST_NAMES = pool(
  "Schmidt|Müller|Sharma|Johnson|Tanaka|Williams|Patel|Dubois|García|Okafor|Brown|Chen|Nakamura|O'Brien|Kowalski|Nguyen|Iyer|Rossi|Smith|Fischer|Mensah|Lindqvist|Suzuki|Khan|Martin|van der Berg",
);
// Blank titles are common in real workspaces.
const TITLES = pool(
  'Software Engineer|Senior Software Engineer|Staff Engineer|Engineering Manager|Product Manager|Senior Product Designer|Data Scientist|Marketing Lead|Head of People|VP Engineering|Customer Success Manager|Sales Director|Finance Analyst|Intern|CTO||',
);
const ZONES = pool(
  'Europe/Berlin|America/New_York|America/Los_Angeles|Asia/Kolkata|Europe/London|Asia/Tokyo|Australia/Sydney|America/Sao_Paulo',
);
const STATUSES: Array<[string, string]> = [
  ['', ''],
  ['', ''],
  ['', ''],
  ['In a meeting', ':calendar:'],
  ['Vacationing', ':palm_tree:'],
  ['Focusing', ':headphones:'],
  ['Out sick', ':face_with_thermometer:'],
];
const ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/**
 * A realistic workspace: `n` active humans with varied names, titles and zones (some without a display
 * name or title, as in real workspaces), plus Slackbot, the bot itself, another app's bot, one deactivated
 * user and one guest, and a few channels.
 */
export function makeWorkspace(n: number, seed = 1, at: Date = new Date()): Workspace {
  const rnd = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const ws = createWorkspace();
  const taken = new Set(ws.users.map((u) => u.id));
  const newId = (prefix: string): string => {
    for (;;) {
      let id = `${prefix}0`;
      for (let i = 0; i < 9; i++) id += ID_CHARS[Math.floor(rnd() * ID_CHARS.length)];
      if (!taken.has(id)) {
        taken.add(id);
        return id;
      }
    }
  };
  const handles = new Set<string>();
  const person = (extra: SimUserInput = {}): SimUser => {
    const first = pick(FIRST_NAMES);
    const last = pick(LAST_NAMES);
    const realName = `${first} ${last}`;
    let handle = normalize(`${first}.${last}`)
      .toLowerCase()
      .replace(/[^a-z0-9.]+/g, '');
    for (let i = 2; handles.has(handle); i++) handle = `${handle.replace(/\d+$/, '')}${i}`;
    handles.add(handle);
    const [statusText, statusEmoji] = pick(STATUSES);
    return addUser(
      ws,
      {
        id: newId('U'),
        name: handle,
        real_name: realName,
        tz: pick(ZONES),
        ...extra,
        profile: {
          display_name: rnd() < 0.3 ? '' : rnd() < 0.5 ? first : `${first} ${last.charAt(0)}.`,
          title: pick(TITLES),
          status_text: statusText,
          status_emoji: statusEmoji,
          ...extra.profile,
        },
      },
      at,
    );
  };

  const humans: SimUser[] = [];
  for (let i = 0; i < n; i++) humans.push(person(i === 0 ? { is_admin: true, is_owner: true } : {}));
  addUser(
    ws,
    {
      id: newId('U'),
      name: 'jira',
      real_name: 'Jira Cloud',
      is_bot: true,
      profile: { bot_id: newId('B'), always_active: true },
    },
    at,
  );
  person({ deleted: true });
  const guest = person({ is_restricted: true, profile: { title: 'Contractor' } });

  const ids = humans.map((u) => u.id);
  addChannel(ws, { id: newId('C'), name: 'general', members: ids, botIsMember: true, created: 1500000000 });
  addChannel(ws, { id: newId('C'), name: 'random', members: [...ids, guest.id], created: 1500000000 });
  addChannel(ws, {
    id: newId('C'),
    name: 'mentoring',
    members: ids.filter((_, i) => i % 2 === 0),
    botIsMember: true,
    purpose: 'Reverse mentoring program',
  });
  addChannel(ws, { id: newId('C'), name: 'leadership', members: ids.slice(0, 3), isPrivate: true });
  addChannel(ws, {
    id: newId('C'),
    name: 'mentor-admins',
    members: ids.slice(0, 2),
    isPrivate: true,
    botIsMember: true,
  });
  return ws;
}

/** The bot's DM channel with a user: stable, so tests can predict it. */
export function dmChannelId(userId: string): string {
  return `D${userId.slice(1)}`;
}

// ---------------------------------------------------------------------------------------------------------
// Records
// ---------------------------------------------------------------------------------------------------------

export type Json = Record<string, unknown>;

export interface MessageMetadata {
  event_type: string;
  event_payload: Json;
}

export interface SimMessageVersion {
  text: string;
  blocks?: unknown[];
  metadata?: MessageMetadata;
  at: number;
}

export interface SimMessage {
  type: 'message';
  ts: string;
  channel: string;
  text: string;
  blocks?: unknown[];
  attachments?: unknown[];
  thread_ts?: string;
  reply_broadcast?: boolean;
  metadata?: MessageMetadata;
  /** The author: the bot's user id for everything the app posts. */
  user: string;
  bot_id?: string;
  app_id?: string;
  team: string;
  files?: Array<{ id: string; title: string; name: string }>;
  edited?: { user: string; ts: string };
  deleted: boolean;
  /** Every version, oldest first; the last is the current one. */
  versions: SimMessageVersion[];
}

export interface SimEphemeral {
  channel: string;
  user: string;
  text: string;
  blocks?: unknown[];
  thread_ts?: string;
  message_ts: string;
}

export interface SimView {
  id: string;
  kind: 'modal' | 'home';
  method: string;
  /** The user it was opened for (from the trigger, when the sim issued it) or published to. */
  userId?: string;
  triggerId?: string;
  /** The view as Slack returns it now (id, hash, state...). */
  view: Json;
  /** Every view payload sent for this id, oldest first. */
  versions: Json[];
  at: number;
}

export interface SimFile {
  id: string;
  filename: string;
  title: string;
  /** The length the app declared in files.getUploadURLExternal. */
  length: number;
  altText?: string;
  bytes?: Buffer;
  completed: boolean;
  channelId?: string;
  initialComment?: string;
  threadTs?: string;
}

export interface SimResponse {
  id: string;
  body: Json;
  at: number;
}

export interface SimCall {
  method: string;
  args: Json;
  at: number;
  status: number;
  response: Json;
  fault?: FaultSpec;
}

export interface FaultSpec {
  /** HTTP status; 429 adds `Retry-After`, 5xx answers with a non-JSON body as Slack's edge does. */
  status?: 429 | 500 | 502 | 503 | 504;
  /** Seconds for Retry-After on a 429 (default 1). */
  retryAfter?: number;
  /** Answer HTTP 200 `{ ok: false, error }`. */
  error?: string;
  /** Wait this long first; on its own the call then succeeds (the side effect happens even if the client gave up). */
  delayMs?: number;
  /** Extra fields merged into an `error` body (e.g. `needed`, `provided`). */
  extra?: Json;
}

export interface SlackSimEvents {
  call: [SimCall];
  message: [SimMessage];
  ephemeral: [SimEphemeral];
  view: [SimView];
  response: [SimResponse];
  file: [SimFile];
}

export interface SlackSimOptions {
  workspace?: Partial<Workspace>;
  port?: number;
  /** The bot token the sim accepts (default 'xoxb-test-token'). */
  token?: string;
  /** Clock for message timestamps, in ms (default Date.now), so a demo on a manual clock gets matching ts. */
  now?: () => number;
  /** Reject views.open with trigger ids the sim did not issue, like Slack does. Off by default. */
  strictTriggers?: boolean;
  /** How long an issued trigger id stays valid (Slack: 3 s). */
  triggerTtlMs?: number;
}

export interface SlackSim {
  /** Ends with '/api/': pass as the WebClient's `slackApiUrl`. */
  readonly apiUrl: string;
  /** Ends with '/'. */
  readonly baseUrl: string;
  readonly port: number;
  readonly token: string;
  readonly workspace: Workspace;
  readonly events: EventEmitter<SlackSimEvents>;
  readonly calls: SimCall[];
  readonly messages: SimMessage[];
  readonly ephemerals: SimEphemeral[];
  readonly views: SimView[];
  readonly files: SimFile[];
  readonly responses: SimResponse[];
  messagesTo(userId: string): SimMessage[];
  messagesIn(channelId: string): SimMessage[];
  message(channel: string, ts: string): SimMessage | undefined;
  callsTo(method: string): SimCall[];
  homeView(userId: string): SimView | undefined;
  responsesTo(id: string): SimResponse[];
  dmChannelOf(userId: string): string;
  user(id: string): SimUser | undefined;
  addUser(input?: SimUserInput): SimUser;
  addChannel(input: SimChannelInput): SimChannel;
  /** Stores a message written by a person, e.g. a reply the bot should find in history. */
  addMessage(input: { channel: string; user: string; text: string; thread_ts?: string }): SimMessage;
  /** A URL that accepts what apps POST to a response_url; posts are recorded under `id`. */
  responseUrl(id?: string): string;
  /** A trigger id the sim will honour once within `triggerTtlMs`, remembered as `userId`'s. */
  issueTrigger(userId?: string): string;
  fail(method: string, spec: FaultSpec, times?: number): void;
  /** A permanent fault for calls whose args match; returns a function that removes it. */
  failWhen(method: string, when: (args: Json) => boolean, spec: FaultSpec): () => void;
  setLatency(ms: number): void;
  /** Clears records, faults and latency; keeps the workspace (and DM ids). */
  reset(): void;
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------------------
// Request parsing
// ---------------------------------------------------------------------------------------------------------

class SimError extends Error {
  constructor(
    readonly code: string,
    readonly extra: Json = {},
  ) {
    super(code);
  }
}

/** Arguments the client JSON-encodes inside form bodies. */
const NESTED_ARGS = new Set([
  'blocks',
  'attachments',
  'metadata',
  'view',
  'files',
  'unfurls',
  'user_auth_blocks',
]);

interface Part {
  name: string;
  filename?: string;
  data: Buffer;
}

function parseMultipart(raw: Buffer, boundary: string): Part[] {
  const delim = Buffer.from(`--${boundary}`);
  const parts: Part[] = [];
  let pos = raw.indexOf(delim);
  while (pos !== -1) {
    const start = pos + delim.length;
    if (raw.subarray(start, start + 2).toString() === '--') break;
    const next = raw.indexOf(delim, start);
    if (next === -1) break;
    // Each part sits between the CRLF after a delimiter and the CRLF before the next one.
    const chunk = raw.subarray(start + 2, next - 2);
    const headerEnd = chunk.indexOf('\r\n\r\n');
    if (headerEnd !== -1) {
      const headers = chunk.subarray(0, headerEnd).toString('utf8');
      parts.push({
        name: /(?:^|[;\s])name="([^"]*)"/i.exec(headers)?.[1] ?? '',
        filename: /filename="([^"]*)"/i.exec(headers)?.[1],
        data: Buffer.from(chunk.subarray(headerEnd + 4)),
      });
    }
    pos = next;
  }
  return parts;
}

function boundaryOf(contentType: string): string | undefined {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  return m?.[1] ?? m?.[2]?.trim();
}

function isRecord(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function parseArgs(raw: Buffer, contentType: string, query: URLSearchParams): Json {
  const args: Json = {};
  for (const [k, v] of query) args[k] = v;
  const ct = contentType.toLowerCase();
  if (ct.includes('application/json')) {
    if (raw.length === 0) return args;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new SimError('invalid_json');
    }
    if (!isRecord(parsed)) throw new SimError('invalid_json');
    return { ...args, ...parsed };
  }
  let pairs: Array<[string, string]>;
  if (ct.includes('multipart/form-data')) {
    const boundary = boundaryOf(contentType);
    pairs = boundary
      ? parseMultipart(raw, boundary)
          .filter((p) => p.filename === undefined)
          .map((p) => [p.name, p.data.toString('utf8')])
      : [];
  } else {
    pairs = [...new URLSearchParams(raw.toString('utf8'))];
  }
  for (const [k, v] of pairs) {
    if (NESTED_ARGS.has(k)) {
      try {
        args[k] = JSON.parse(v);
      } catch {
        // Left as a string so the method reports it the way Slack does (invalid_blocks, ...).
        args[k] = v;
      }
    } else {
      args[k] = v;
    }
  }
  return args;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function str(args: Json, key: string): string | undefined {
  const v = args[key];
  if (typeof v === 'string') return v === '' ? undefined : v;
  if (typeof v === 'number') return String(v);
  return undefined;
}

function bool(v: unknown): boolean {
  return v === true || v === 'true' || v === '1' || v === 1;
}

function int(v: unknown, fallback: number): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v !== '' ? Number(v) : Number.NaN;
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : fallback;
}

/** Timestamps as exact integers: 16 significant digits are too many for a double to order reliably. */
function tsMicros(ts: string | undefined, fallback: bigint): bigint {
  if (ts === undefined) return fallback;
  const m = /^(\d+)(?:\.(\d{0,6}))?/.exec(ts);
  if (!m) throw new SimError('invalid_ts_oldest');
  return BigInt(m[1] ?? '0') * 1_000_000n + BigInt((m[2] ?? '').padEnd(6, '0'));
}

function byTs(a: { ts: string }, b: { ts: string }): number {
  const d = tsMicros(a.ts, 0n) - tsMicros(b.ts, 0n);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

function encodeCursor(s: string): string {
  return Buffer.from(s, 'utf8').toString('base64');
}

function decodeCursor(cursor: string, kind: string): string {
  const decoded = Buffer.from(cursor, 'base64').toString('utf8');
  if (!decoded.startsWith(`${kind}:`)) throw new SimError('invalid_cursor');
  return decoded.slice(kind.length + 1);
}

/** One page of `items` after the cursor, Slack style: an empty next_cursor means the last page. */
function paginate<T>(items: T[], keyOf: (t: T) => string, args: Json, kind: string, defaultLimit: number) {
  const limit = Math.min(int(args.limit, defaultLimit), 1000);
  const cursor = str(args, 'cursor');
  let start = 0;
  if (cursor) {
    const key = decodeCursor(cursor, kind);
    start = items.findIndex((t) => keyOf(t) === key);
    if (start === -1) throw new SimError('invalid_cursor');
  }
  const page = items.slice(start, start + limit);
  const next = items[start + limit];
  return { page, nextCursor: next === undefined ? '' : encodeCursor(`${kind}:${keyOf(next)}`) };
}

// ---------------------------------------------------------------------------------------------------------
// Block Kit limits: the ones real apps trip over, with Slack's error format.
// ---------------------------------------------------------------------------------------------------------

type Problems = string[];

function checkText(obj: unknown, ptr: string, max: number, problems: Problems, plainOnly = false): void {
  if (!isRecord(obj)) {
    problems.push(`must provide an object [json-pointer:${ptr}]`);
    return;
  }
  if (obj.type !== 'plain_text' && obj.type !== 'mrkdwn') {
    problems.push(`must be a valid enum value [json-pointer:${ptr}/type]`);
  } else if (plainOnly && obj.type !== 'plain_text') {
    problems.push(`must be plain_text [json-pointer:${ptr}/type]`);
  }
  if (typeof obj.text !== 'string') {
    problems.push(`must provide a string [json-pointer:${ptr}/text]`);
  } else if (obj.text.length === 0) {
    problems.push(`must be more than 0 characters [json-pointer:${ptr}/text]`);
  } else if (obj.text.length > max) {
    problems.push(`must be less than ${max + 1} characters [json-pointer:${ptr}/text]`);
  }
}

function checkMax(v: unknown, max: number, ptr: string, problems: Problems): void {
  if (typeof v === 'string' && v.length > max)
    problems.push(`must be less than ${max + 1} characters [json-pointer:${ptr}]`);
}

function checkElement(el: unknown, ptr: string, problems: Problems, actionIds: Set<string>): void {
  if (!isRecord(el) || typeof el.type !== 'string') {
    problems.push(`must provide an object with a type [json-pointer:${ptr}]`);
    return;
  }
  if (typeof el.action_id === 'string') {
    checkMax(el.action_id, 255, `${ptr}/action_id`, problems);
    if (actionIds.has(el.action_id))
      problems.push(`action_id already exists [json-pointer:${ptr}/action_id]`);
    actionIds.add(el.action_id);
  }
  if (el.type === 'button') {
    checkText(el.text, `${ptr}/text`, 75, problems, true);
    checkMax(el.value, 2000, `${ptr}/value`, problems);
    checkMax(el.url, 3000, `${ptr}/url`, problems);
  }
  if (el.placeholder !== undefined) checkText(el.placeholder, `${ptr}/placeholder`, 150, problems, true);
  const options = Array.isArray(el.options) ? el.options : [];
  if (options.length > 100)
    problems.push(`must provide no more than 100 items [json-pointer:${ptr}/options]`);
  options.forEach((o, i) => {
    if (!isRecord(o)) return;
    checkText(
      o.text,
      `${ptr}/options/${i}/text`,
      75,
      problems,
      el.type !== 'checkboxes' && el.type !== 'radio_buttons',
    );
    checkMax(o.value, 150, `${ptr}/options/${i}/value`, problems);
  });
}

function checkBlocks(blocks: unknown, ptr: string, max: number): Problems {
  const problems: Problems = [];
  if (!Array.isArray(blocks)) return [`must provide an array [json-pointer:${ptr}]`];
  if (blocks.length > max) problems.push(`must provide no more than ${max} items [json-pointer:${ptr}]`);
  const blockIds = new Set<string>();
  blocks.forEach((b, i) => {
    const p = `${ptr}/${i}`;
    if (!isRecord(b) || typeof b.type !== 'string') {
      problems.push(`must provide an object with a type [json-pointer:${p}]`);
      return;
    }
    if (typeof b.block_id === 'string') {
      checkMax(b.block_id, 255, `${p}/block_id`, problems);
      if (blockIds.has(b.block_id)) problems.push(`block_id already exists [json-pointer:${p}/block_id]`);
      blockIds.add(b.block_id);
    }
    const actionIds = new Set<string>();
    switch (b.type) {
      case 'section': {
        if (b.text === undefined && b.fields === undefined) {
          problems.push(`must provide either text or fields [json-pointer:${p}]`);
        }
        if (b.text !== undefined) checkText(b.text, `${p}/text`, 3000, problems);
        if (Array.isArray(b.fields)) {
          if (b.fields.length > 10)
            problems.push(`must provide no more than 10 items [json-pointer:${p}/fields]`);
          b.fields.forEach((f, j) => {
            checkText(f, `${p}/fields/${j}`, 2000, problems);
          });
        }
        if (b.accessory !== undefined) checkElement(b.accessory, `${p}/accessory`, problems, actionIds);
        break;
      }
      case 'header':
        checkText(b.text, `${p}/text`, 150, problems, true);
        break;
      case 'context': {
        const els = Array.isArray(b.elements) ? b.elements : [];
        if (els.length === 0 || els.length > 10) {
          problems.push(`must provide between 1 and 10 items [json-pointer:${p}/elements]`);
        }
        break;
      }
      case 'actions': {
        const els = Array.isArray(b.elements) ? b.elements : [];
        if (els.length === 0 || els.length > 25) {
          problems.push(`must provide between 1 and 25 items [json-pointer:${p}/elements]`);
        }
        els.forEach((el, j) => {
          checkElement(el, `${p}/elements/${j}`, problems, actionIds);
        });
        break;
      }
      case 'input':
        checkText(b.label, `${p}/label`, 2000, problems, true);
        if (b.hint !== undefined) checkText(b.hint, `${p}/hint`, 2000, problems, true);
        if (b.element === undefined) problems.push(`must provide an element [json-pointer:${p}/element]`);
        else checkElement(b.element, `${p}/element`, problems, actionIds);
        break;
      case 'image':
        checkMax(b.image_url, 3000, `${p}/image_url`, problems);
        if (typeof b.alt_text !== 'string')
          problems.push(`must provide a string [json-pointer:${p}/alt_text]`);
        break;
      default:
        break;
    }
  });
  return problems;
}

function checkView(view: unknown): Problems {
  if (!isRecord(view)) return ['must provide an object [json-pointer:/view]'];
  const problems: Problems = [];
  if (view.type !== 'modal' && view.type !== 'home') {
    problems.push('must be a valid enum value [json-pointer:/view/type]');
  }
  if (view.type === 'modal' || view.title !== undefined)
    checkText(view.title, '/view/title', 24, problems, true);
  if (view.submit !== undefined) checkText(view.submit, '/view/submit', 24, problems, true);
  if (view.close !== undefined) checkText(view.close, '/view/close', 24, problems, true);
  checkMax(view.private_metadata, 3000, '/view/private_metadata', problems);
  checkMax(view.callback_id, 255, '/view/callback_id', problems);
  checkMax(view.external_id, 255, '/view/external_id', problems);
  problems.push(...checkBlocks(view.blocks, '/view/blocks', 100));
  const hasInput = Array.isArray(view.blocks) && view.blocks.some((b) => isRecord(b) && b.type === 'input');
  if (view.type === 'modal' && hasInput && view.submit === undefined) {
    problems.push(
      'must provide a submit property when an input block is present [json-pointer:/view/submit]',
    );
  }
  return problems;
}

function invalid(code: string, problems: Problems): SimError {
  return new SimError(code, {
    errors: problems,
    response_metadata: { messages: problems.map((p) => `[ERROR] ${p}`) },
  });
}

// ---------------------------------------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------------------------------------

type Target =
  | { kind: 'im'; id: string; user: SimUser }
  | { kind: 'mpim'; id: string; users: string[] }
  | { kind: 'channel'; id: string; channel: SimChannel };

interface Fault {
  method: string;
  spec: FaultSpec;
  remaining: number;
  when?: (args: Json) => boolean;
}

interface Trigger {
  userId?: string;
  issuedAt: number;
  used: boolean;
}

const HTTP_TEXT: Record<number, string> = {
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

class Sim implements SlackSim {
  apiUrl = '';
  baseUrl = '';
  port = 0;
  readonly token: string;
  readonly workspace: Workspace;
  readonly events = new EventEmitter<SlackSimEvents>();
  readonly calls: SimCall[] = [];
  readonly messages: SimMessage[] = [];
  readonly ephemerals: SimEphemeral[] = [];
  readonly views: SimView[] = [];
  readonly files: SimFile[] = [];
  readonly responses: SimResponse[] = [];

  private readonly server = createServer((req, res) => {
    this.handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(err));
      }
    });
  });
  private readonly now: () => number;
  private readonly strictTriggers: boolean;
  private readonly triggerTtlMs: number;
  private faults: Fault[] = [];
  private latencyMs = 0;
  private lastTsMicros = 0;
  private seq = 0;
  private readonly mpims = new Map<string, string[]>();
  private readonly triggers = new Map<string, Trigger>();
  private readonly timers = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  private closed = false;

  constructor(opts: SlackSimOptions) {
    this.token = opts.token ?? 'xoxb-test-token';
    this.workspace = opts.workspace === undefined ? makeWorkspace(6, 1) : createWorkspace(opts.workspace);
    this.now = opts.now ?? Date.now;
    this.strictTriggers = opts.strictTriggers ?? false;
    this.triggerTtlMs = opts.triggerTtlMs ?? 3000;
    // Demo and tests attach many listeners over a run; this is not a leak.
    this.events.setMaxListeners(0);
  }

  async listen(port: number): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.address() as AddressInfo).port;
    this.baseUrl = `http://127.0.0.1:${this.port}/`;
    this.apiUrl = `${this.baseUrl}api/`;
  }

  // ----- inspection -----

  messagesTo(userId: string): SimMessage[] {
    return this.messagesIn(dmChannelId(userId));
  }

  messagesIn(channelId: string): SimMessage[] {
    return this.messages.filter((m) => m.channel === channelId && !m.deleted);
  }

  message(channel: string, ts: string): SimMessage | undefined {
    return this.messages.find((m) => m.channel === channel && m.ts === ts);
  }

  callsTo(method: string): SimCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  homeView(userId: string): SimView | undefined {
    return this.views.find((v) => v.kind === 'home' && v.userId === userId);
  }

  responsesTo(id: string): SimResponse[] {
    return this.responses.filter((r) => r.id === id);
  }

  dmChannelOf(userId: string): string {
    return dmChannelId(userId);
  }

  user(id: string): SimUser | undefined {
    return this.workspace.users.find((u) => u.id === id);
  }

  addUser(input: SimUserInput = {}): SimUser {
    return addUser(this.workspace, input);
  }

  addChannel(input: SimChannelInput): SimChannel {
    return addChannel(this.workspace, input);
  }

  addMessage(input: { channel: string; user: string; text: string; thread_ts?: string }): SimMessage {
    const ts = this.nextTs();
    const msg: SimMessage = {
      type: 'message',
      ts,
      channel: input.channel,
      text: input.text,
      user: input.user,
      team: this.workspace.teamId,
      deleted: false,
      versions: [{ text: input.text, at: this.now() }],
    };
    if (input.thread_ts) msg.thread_ts = input.thread_ts;
    this.messages.push(msg);
    this.events.emit('message', msg);
    return msg;
  }

  responseUrl(id?: string): string {
    return `${this.baseUrl}response/${encodeURIComponent(id ?? `R${++this.seq}`)}`;
  }

  issueTrigger(userId?: string): string {
    const id = `${Math.floor(this.now() / 1000)}${++this.seq}.${this.workspace.teamId.length}${this.seq}.${Math.random().toString(16).slice(2, 18)}`;
    this.triggers.set(id, { userId, issuedAt: performance.now(), used: false });
    return id;
  }

  // ----- fault injection -----

  fail(method: string, spec: FaultSpec, times = 1): void {
    this.faults.push({ method, spec, remaining: times });
  }

  failWhen(method: string, when: (args: Json) => boolean, spec: FaultSpec): () => void {
    const fault: Fault = { method, spec, remaining: Number.POSITIVE_INFINITY, when };
    this.faults.push(fault);
    return () => {
      this.faults = this.faults.filter((f) => f !== fault);
    };
  }

  setLatency(ms: number): void {
    this.latencyMs = Math.max(0, ms);
  }

  reset(): void {
    this.calls.length = 0;
    this.messages.length = 0;
    this.ephemerals.length = 0;
    this.views.length = 0;
    this.files.length = 0;
    this.responses.length = 0;
    this.triggers.clear();
    this.faults = [];
    this.latencyMs = 0;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Pending delays would otherwise hold the event loop open after the test ends.
    for (const t of this.timers) {
      clearTimeout(t.timer);
      t.resolve();
    }
    this.timers.clear();
    const done = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await done;
    this.events.removeAllListeners();
  }

  // ----- plumbing -----

  private sleep(ms: number): Promise<void> {
    if (ms <= 0 || this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          this.timers.delete(entry);
          resolve();
        }, ms),
        resolve,
      };
      this.timers.add(entry);
    });
  }

  /** Unique and increasing, in Slack's 'seconds.micros' form. */
  private nextTs(): string {
    const micros = Math.max(this.now() * 1000, this.lastTsMicros + 1);
    this.lastTsMicros = micros;
    return `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, '0')}`;
  }

  private takeFault(method: string, args: Json): FaultSpec | undefined {
    const fault = this.faults.find(
      (f) =>
        (f.method === method || f.method === '*') &&
        f.remaining > 0 &&
        (f.when === undefined || f.when(args)),
    );
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
    return fault.spec;
  }

  private record(call: SimCall): void {
    this.calls.push(call);
    this.events.emit('call', call);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = this.now();
    const url = new URL(req.url ?? '/', this.baseUrl);
    const raw = await readBody(req);
    const contentType = req.headers['content-type'] ?? '';
    await this.sleep(this.latencyMs);

    let method: string;
    let run: (args: Json) => Json;
    let args: Json = {};
    const path = url.pathname;
    if (path.startsWith('/api/')) {
      method = decodeURIComponent(path.slice('/api/'.length));
      run = (a) => this.api(method, a, req);
    } else if (path.startsWith('/upload/')) {
      method = 'file_upload';
      const fileId = decodeURIComponent(path.slice('/upload/'.length));
      run = () => this.upload(fileId, raw, contentType);
    } else if (path.startsWith('/response/')) {
      method = 'response_url';
      const id = decodeURIComponent(path.slice('/response/'.length));
      run = (a) => this.respond(id, a, at);
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }

    let status = 200;
    let body: Json;
    let fault: FaultSpec | undefined;
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
    let textBody: string | undefined;
    try {
      if (method !== 'file_upload') args = parseArgs(raw, contentType, url.searchParams);
      else args = { file_id: path.slice('/upload/'.length), bytes: raw.length };
      fault = this.takeFault(method, args);
      if (fault?.delayMs) await this.sleep(fault.delayMs);
      if (fault?.status === 429) {
        status = 429;
        headers['retry-after'] = String(fault.retryAfter ?? 1);
        body = { ok: false, error: 'ratelimited' };
      } else if (fault?.status !== undefined) {
        status = fault.status;
        headers['content-type'] = 'text/html';
        textBody = `<html><body>${HTTP_TEXT[status] ?? 'Error'}</body></html>`;
        body = { ok: false, error: `http_${status}` };
      } else if (fault?.error !== undefined) {
        body = { ok: false, error: fault.error, ...fault.extra };
      } else {
        body = run(args);
      }
    } catch (err) {
      if (err instanceof SimError) body = { ok: false, error: err.code, ...err.extra };
      else body = { ok: false, error: 'internal_error', detail: String(err) };
    }

    if (method === 'file_upload' && body.ok === true) {
      headers['content-type'] = 'text/plain';
      textBody = `OK - ${raw.length}`;
    }
    const { token: _token, ...recordedArgs } = args;
    this.record({ method, args: recordedArgs, at, status, response: body, ...(fault ? { fault } : {}) });
    if (res.destroyed) return;
    res.writeHead(status, headers);
    res.end(textBody ?? JSON.stringify(body));
  }

  private checkAuth(req: IncomingMessage, args: Json): void {
    const header = req.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : str(args, 'token');
    if (!token) throw new SimError('not_authed');
    if (token !== this.token) throw new SimError('invalid_auth');
  }

  private api(method: string, args: Json, req: IncomingMessage): Json {
    this.checkAuth(req, args);
    const handler = this.methods[method];
    if (!handler) throw new SimError('unknown_method', { req_method: method });
    return { ok: true, ...handler(args) };
  }

  private respond(id: string, args: Json, at: number): Json {
    // Bolt's respond() posts JSON; some apps post a form with `payload`.
    let body = args;
    if (typeof args.payload === 'string') {
      try {
        const parsed: unknown = JSON.parse(args.payload);
        if (isRecord(parsed)) body = parsed;
      } catch {
        throw new SimError('invalid_payload');
      }
    }
    if (body.blocks !== undefined) {
      const problems = checkBlocks(body.blocks, '/blocks', 50);
      if (problems.length > 0) throw invalid('invalid_blocks', problems);
    }
    const response: SimResponse = { id, body, at };
    this.responses.push(response);
    this.events.emit('response', response);
    return { ok: true };
  }

  private upload(fileId: string, raw: Buffer, contentType: string): Json {
    const file = this.files.find((f) => f.id === fileId);
    if (!file) throw new SimError('file_not_found');
    let bytes = raw;
    const boundary = contentType.toLowerCase().includes('multipart/form-data')
      ? boundaryOf(contentType)
      : undefined;
    if (boundary) {
      const parts = parseMultipart(raw, boundary);
      const part =
        parts.find((p) => p.filename !== undefined) ??
        parts.find((p) => p.name === 'file' || p.name === 'body');
      bytes = part?.data ?? Buffer.alloc(0);
    }
    file.bytes = Buffer.from(bytes);
    return { ok: true };
  }

  // ----- conversations -----

  private findUser(id: string): SimUser | undefined {
    return this.workspace.users.find((u) => u.id === id);
  }

  /** Resolves what a method's `channel` names; `forPost` applies the checks posting makes. */
  private target(ref: string | undefined, forPost: boolean): Target {
    if (!ref) throw new SimError('channel_not_found');
    const ws = this.workspace;
    if (/^[UW]/.test(ref) && !ws.channels.some((c) => c.id === ref)) {
      const user = this.findUser(ref);
      if (!user) throw new SimError(forPost ? 'user_not_found' : 'channel_not_found');
      this.checkDmable(user, forPost);
      return { kind: 'im', id: dmChannelId(user.id), user };
    }
    if (ref.startsWith('D')) {
      const user = ws.users.find((u) => dmChannelId(u.id) === ref);
      if (!user || user.id === ws.botUserId) throw new SimError('channel_not_found');
      this.checkDmable(user, forPost);
      return { kind: 'im', id: ref, user };
    }
    const mpim = this.mpims.get(ref);
    if (mpim) return { kind: 'mpim', id: ref, users: mpim };
    const name = ref.replace(/^#/, '');
    const channel = ws.channels.find((c) => c.id === ref) ?? ws.channels.find((c) => c.name === name);
    if (!channel) throw new SimError('channel_not_found');
    // Private channels the bot is not in are invisible to it.
    if (channel.isPrivate && !channel.botIsMember) throw new SimError('channel_not_found');
    if (forPost && channel.isArchived) throw new SimError('is_archived');
    // Without the chat:write.public scope, which this bot does not request.
    if (forPost && !channel.botIsMember) throw new SimError('not_in_channel');
    return { kind: 'channel', id: channel.id, channel };
  }

  private checkDmable(user: SimUser, forPost: boolean): void {
    if (!forPost) return;
    if (user.deleted) throw new SimError('account_inactive');
    if (user.is_bot || user.id === SLACKBOT_ID) throw new SimError('cannot_dm_bot');
  }

  private membersOf(t: Target): string[] {
    const bot = this.workspace.botUserId;
    if (t.kind === 'im') return [t.user.id, bot];
    if (t.kind === 'mpim') return [...t.users, bot];
    const members = [...t.channel.members];
    if (t.channel.botIsMember && !members.includes(bot)) members.push(bot);
    return members;
  }

  private readableChannel(ref: string | undefined): Target {
    const t = this.target(ref, false);
    if (t.kind === 'channel' && !t.channel.botIsMember) throw new SimError('not_in_channel');
    return t;
  }

  private messageJson(m: SimMessage, withMetadata: boolean): Json {
    const { channel: _c, deleted: _d, versions: _v, metadata, ...rest } = m;
    const out: Json = { ...rest };
    if (metadata && withMetadata) out.metadata = metadata;
    return out;
  }

  private checkMessageContent(args: Json, requireContent: boolean): void {
    const text = typeof args.text === 'string' ? args.text : '';
    const hasAttachments = Array.isArray(args.attachments) && args.attachments.length > 0;
    if (requireContent && text === '' && args.blocks === undefined && !hasAttachments)
      throw new SimError('no_text');
    if (text.length > 40000) throw new SimError('msg_too_long');
    if (args.blocks !== undefined) {
      const problems = checkBlocks(args.blocks, '/blocks', 50);
      if (problems.length > 0) throw invalid('invalid_blocks', problems);
    }
    if (args.metadata !== undefined) {
      const md = args.metadata;
      if (!isRecord(md) || typeof md.event_type !== 'string' || !isRecord(md.event_payload)) {
        throw new SimError('invalid_metadata_format');
      }
    }
  }

  private storeBotMessage(channel: string, args: Json, extra: Partial<SimMessage> = {}): SimMessage {
    const ws = this.workspace;
    const text = typeof args.text === 'string' ? args.text : '';
    const msg: SimMessage = {
      type: 'message',
      ts: this.nextTs(),
      channel,
      text,
      user: ws.botUserId,
      bot_id: ws.botId,
      app_id: ws.appId,
      team: ws.teamId,
      deleted: false,
      versions: [],
      ...extra,
    };
    if (Array.isArray(args.blocks)) msg.blocks = args.blocks;
    if (Array.isArray(args.attachments)) msg.attachments = args.attachments;
    if (isRecord(args.metadata)) msg.metadata = args.metadata as unknown as MessageMetadata;
    const threadTs = str(args, 'thread_ts');
    if (threadTs) {
      msg.thread_ts = threadTs;
      if (bool(args.reply_broadcast)) msg.reply_broadcast = true;
    }
    msg.versions.push({ text, blocks: msg.blocks, metadata: msg.metadata, at: this.now() });
    this.messages.push(msg);
    this.events.emit('message', msg);
    return msg;
  }

  private readonly methods: Record<string, (args: Json) => Json> = {
    'api.test': (args) => ({ args: Object.fromEntries(Object.entries(args).filter(([k]) => k !== 'token')) }),

    'auth.test': () => {
      const ws = this.workspace;
      return {
        url: `https://${ws.teamDomain}.slack.com/`,
        team: ws.teamName,
        user: ws.botName,
        team_id: ws.teamId,
        user_id: ws.botUserId,
        bot_id: ws.botId,
        is_enterprise_install: false,
      };
    },

    'chat.postMessage': (args) => {
      const t = this.target(str(args, 'channel'), true);
      this.checkMessageContent(args, true);
      const msg = this.storeBotMessage(t.id, args);
      return { channel: t.id, ts: msg.ts, message: this.messageJson(msg, true) };
    },

    'chat.update': (args) => {
      const t = this.target(str(args, 'channel'), false);
      const ts = str(args, 'ts');
      const msg = this.messages.find((m) => m.channel === t.id && m.ts === ts && !m.deleted);
      if (!msg) throw new SimError('message_not_found');
      if (msg.user !== this.workspace.botUserId) throw new SimError('cant_update_message');
      this.checkMessageContent(args, false);
      if (typeof args.text === 'string') msg.text = args.text;
      if (Array.isArray(args.blocks)) msg.blocks = args.blocks;
      if (isRecord(args.metadata)) msg.metadata = args.metadata as unknown as MessageMetadata;
      msg.edited = { user: this.workspace.botUserId, ts: this.nextTs() };
      msg.versions.push({ text: msg.text, blocks: msg.blocks, metadata: msg.metadata, at: this.now() });
      return { channel: t.id, ts: msg.ts, text: msg.text, message: this.messageJson(msg, true) };
    },

    'chat.delete': (args) => {
      const t = this.target(str(args, 'channel'), false);
      const ts = str(args, 'ts');
      const msg = this.messages.find((m) => m.channel === t.id && m.ts === ts && !m.deleted);
      if (!msg) throw new SimError('message_not_found');
      if (msg.user !== this.workspace.botUserId) throw new SimError('cant_delete_message');
      msg.deleted = true;
      return { channel: t.id, ts: msg.ts };
    },

    'chat.postEphemeral': (args) => {
      const userId = str(args, 'user');
      const user = userId ? this.findUser(userId) : undefined;
      if (!user) throw new SimError('user_not_found');
      const t = this.target(str(args, 'channel'), false);
      if (t.kind === 'channel' && !t.channel.botIsMember) throw new SimError('not_in_channel');
      if (!this.membersOf(t).includes(user.id)) throw new SimError('user_not_in_channel');
      this.checkMessageContent(args, true);
      const eph: SimEphemeral = {
        channel: t.id,
        user: user.id,
        text: typeof args.text === 'string' ? args.text : '',
        message_ts: this.nextTs(),
      };
      if (Array.isArray(args.blocks)) eph.blocks = args.blocks;
      const threadTs = str(args, 'thread_ts');
      if (threadTs) eph.thread_ts = threadTs;
      this.ephemerals.push(eph);
      this.events.emit('ephemeral', eph);
      return { message_ts: eph.message_ts };
    },

    'conversations.open': (args) => {
      const ws = this.workspace;
      const channelRef = str(args, 'channel');
      const returnIm = bool(args.return_im);
      if (channelRef) {
        const t = this.target(channelRef, false);
        if (t.kind === 'channel') throw new SimError('method_not_supported_for_channel_type');
        return { no_op: true, already_open: true, channel: this.openedJson(t, returnIm) };
      }
      const ids = [
        ...new Set(
          (str(args, 'users') ?? '')
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
        ),
      ].filter((id) => id !== ws.botUserId);
      if (ids.length === 0) throw new SimError('users_list_not_supplied');
      if (ids.length > 8) throw new SimError('too_many_users');
      for (const id of ids) {
        const user = this.findUser(id);
        if (!user) throw new SimError('user_not_found');
        if (user.deleted) throw new SimError('user_disabled');
      }
      if (ids.length === 1) {
        const user = this.findUser(ids[0] as string) as SimUser;
        return { channel: this.openedJson({ kind: 'im', id: dmChannelId(user.id), user }, returnIm) };
      }
      const key = [...ids].sort().join(',');
      let id = [...this.mpims].find(([, users]) => [...users].sort().join(',') === key)?.[0];
      const alreadyOpen = id !== undefined;
      if (!id) {
        id = `G0MPIM${String(this.mpims.size + 1).padStart(4, '0')}`;
        this.mpims.set(id, ids);
      }
      const out: Json = { channel: this.openedJson({ kind: 'mpim', id, users: ids }, returnIm) };
      if (alreadyOpen) Object.assign(out, { no_op: true, already_open: true });
      return out;
    },

    'conversations.history': (args) => {
      const t = this.readableChannel(str(args, 'channel'));
      const inclusive = bool(args.inclusive);
      const oldest = tsMicros(str(args, 'oldest'), 0n);
      const latest = tsMicros(str(args, 'latest'), BigInt(Number.MAX_SAFE_INTEGER) * 1_000_000n);
      const all = this.messages
        .filter((m) => m.channel === t.id && !m.deleted)
        // Thread replies stay in their thread unless broadcast, as in Slack.
        .filter((m) => m.thread_ts === undefined || m.thread_ts === m.ts || m.reply_broadcast)
        .filter((m) => {
          const ts = tsMicros(m.ts, 0n);
          return inclusive ? ts >= oldest && ts <= latest : ts > oldest && ts < latest;
        })
        .sort((a, b) => byTs(b, a));
      const { page, nextCursor } = paginate(all, (m) => m.ts, args, 'next_ts', 100);
      return {
        messages: page.map((m) => this.messageJson(m, this.metadataVisible(m, args))),
        has_more: nextCursor !== '',
        pin_count: 0,
        response_metadata: { next_cursor: nextCursor },
      };
    },

    'conversations.replies': (args) => {
      const t = this.readableChannel(str(args, 'channel'));
      const ts = str(args, 'ts');
      const parent = this.messages.find((m) => m.channel === t.id && m.ts === ts && !m.deleted);
      if (!parent) throw new SimError('thread_not_found');
      const thread = this.messages
        .filter((m) => m.channel === t.id && !m.deleted && (m === parent || m.thread_ts === parent.ts))
        .sort(byTs);
      const { page, nextCursor } = paginate(thread, (m) => m.ts, args, 'next_ts', 100);
      return {
        messages: page.map((m) => this.messageJson(m, this.metadataVisible(m, args))),
        has_more: nextCursor !== '',
        response_metadata: { next_cursor: nextCursor },
      };
    },

    'conversations.members': (args) => {
      const t = this.target(str(args, 'channel'), false);
      const { page, nextCursor } = paginate(this.membersOf(t), (id) => id, args, 'user_id', 100);
      return { members: page, response_metadata: { next_cursor: nextCursor } };
    },

    'conversations.info': (args) => {
      const t = this.target(str(args, 'channel'), false);
      const channel = this.channelJson(t);
      // Slack only counts members when asked to.
      if (bool(args.include_num_members)) channel.num_members = this.membersOf(t).length;
      return { channel };
    },

    'users.list': (args) => {
      const { page, nextCursor } = paginate(this.workspace.users, (u) => u.id, args, 'user', 200);
      return {
        members: page.map((u) => this.userJson(u)),
        cache_ts: Math.floor(this.now() / 1000),
        response_metadata: { next_cursor: nextCursor },
      };
    },

    'users.info': (args) => {
      const id = str(args, 'user');
      const user = id ? this.findUser(id) : undefined;
      if (!user) throw new SimError('user_not_found');
      return { user: this.userJson(user) };
    },

    'views.open': (args) => {
      const trigger = this.useTrigger(str(args, 'trigger_id'));
      const view = this.validView(args.view);
      if (view.type !== 'modal')
        throw invalid('invalid_arguments', ['must be modal [json-pointer:/view/type]']);
      return {
        view: this.storeView('views.open', view, {
          userId: trigger.userId,
          triggerId: str(args, 'trigger_id'),
        }),
      };
    },

    'views.push': (args) => {
      const trigger = this.useTrigger(str(args, 'trigger_id'));
      const view = this.validView(args.view);
      return {
        view: this.storeView('views.push', view, {
          userId: trigger.userId,
          triggerId: str(args, 'trigger_id'),
        }),
      };
    },

    'views.publish': (args) => {
      const userId = str(args, 'user_id');
      const user = userId ? this.findUser(userId) : undefined;
      if (!user) throw new SimError('user_not_found');
      const view = this.validView(args.view);
      if (view.type !== 'home')
        throw invalid('invalid_arguments', ['must be home [json-pointer:/view/type]']);
      const existing = this.homeView(user.id);
      if (existing) {
        const hash = str(args, 'hash');
        if (hash && hash !== existing.view.hash) throw new SimError('hash_conflict');
        return { view: this.updateView(existing, 'views.publish', view) };
      }
      return { view: this.storeView('views.publish', view, { userId: user.id }) };
    },

    'views.update': (args) => {
      const viewId = str(args, 'view_id');
      const externalId = str(args, 'external_id');
      if (!viewId && !externalId) throw new SimError('invalid_arguments');
      const existing = this.views.find((v) =>
        viewId ? v.id === viewId : externalId !== undefined && v.view.external_id === externalId,
      );
      if (!existing) throw new SimError('not_found');
      const hash = str(args, 'hash');
      if (hash && hash !== existing.view.hash) throw new SimError('hash_conflict');
      const view = this.validView(args.view);
      return { view: this.updateView(existing, 'views.update', view) };
    },

    'files.getUploadURLExternal': (args) => {
      const filename = str(args, 'filename');
      const length = int(args.length, 0);
      if (!filename || length <= 0) throw new SimError('invalid_arguments');
      const file: SimFile = {
        id: `F0SIM${String(this.files.length + 1).padStart(5, '0')}${++this.seq}`,
        filename,
        title: filename,
        length,
        completed: false,
      };
      const altText = str(args, 'alt_txt') ?? str(args, 'alt_text');
      if (altText) file.altText = altText;
      this.files.push(file);
      return { upload_url: `${this.baseUrl}upload/${file.id}`, file_id: file.id };
    },

    'files.completeUploadExternal': (args) => {
      const list = args.files;
      if (!Array.isArray(list) || list.length === 0) throw new SimError('invalid_arguments');
      const files = list.map((entry) => {
        const id = isRecord(entry) && typeof entry.id === 'string' ? entry.id : '';
        const file = this.files.find((f) => f.id === id);
        if (!file || file.bytes === undefined) throw new SimError('file_not_found');
        return { file, title: isRecord(entry) && typeof entry.title === 'string' ? entry.title : undefined };
      });
      const channelRef = str(args, 'channel_id') ?? str(args, 'channels')?.split(',')[0];
      const t = channelRef ? this.target(channelRef, true) : undefined;
      if (args.blocks !== undefined) this.checkMessageContent({ blocks: args.blocks }, false);
      const out = files.map(({ file, title }) => {
        file.completed = true;
        if (title) file.title = title;
        if (t) file.channelId = t.id;
        const comment = str(args, 'initial_comment');
        if (comment) file.initialComment = comment;
        const threadTs = str(args, 'thread_ts');
        if (threadTs) file.threadTs = threadTs;
        this.events.emit('file', file);
        return { id: file.id, title: file.title, name: file.filename, size: file.bytes?.length ?? 0 };
      });
      if (t) {
        this.storeBotMessage(
          t.id,
          {
            text: str(args, 'initial_comment') ?? '',
            blocks: args.blocks,
            thread_ts: str(args, 'thread_ts'),
          },
          { files: out.map(({ id, title, name }) => ({ id, title, name })) },
        );
      }
      return { files: out };
    },
  };

  /** Apps always see metadata on their own messages; other apps' needs include_all_metadata. */
  private metadataVisible(m: SimMessage, args: Json): boolean {
    return bool(args.include_all_metadata) || m.user === this.workspace.botUserId;
  }

  private openedJson(t: Target, full: boolean): Json {
    if (!full) return { id: t.id };
    return this.channelJson(t);
  }

  private channelJson(t: Target): Json {
    const created = 1600000000;
    if (t.kind === 'im') {
      return {
        id: t.id,
        created,
        is_im: true,
        is_org_shared: false,
        user: t.user.id,
        is_user_deleted: t.user.deleted,
        priority: 0,
      };
    }
    if (t.kind === 'mpim') {
      const handles = t.users.map((id) => this.findUser(id)?.name ?? id);
      return {
        id: t.id,
        name: `mpdm-${handles.join('--')}-1`,
        created,
        is_channel: false,
        is_group: false,
        is_im: false,
        is_mpim: true,
        is_private: true,
        is_archived: false,
        is_member: true,
      };
    }
    const c = t.channel;
    return {
      id: c.id,
      name: c.name,
      name_normalized: c.name,
      created: c.created,
      creator: this.workspace.users.find((u) => !u.is_bot && u.id !== SLACKBOT_ID)?.id ?? '',
      is_channel: !c.isPrivate,
      is_group: false,
      is_im: false,
      is_mpim: false,
      is_private: c.isPrivate,
      is_archived: c.isArchived,
      is_general: c.name === 'general',
      is_shared: false,
      is_org_shared: false,
      is_ext_shared: false,
      is_member: c.botIsMember,
      topic: { value: c.topic, creator: '', last_set: 0 },
      purpose: { value: c.purpose, creator: '', last_set: 0 },
    };
  }

  /** Slack drops the time zone fields from deactivated accounts. */
  private userJson(u: SimUser): Json {
    if (!u.deleted) return { ...u, profile: { ...u.profile } };
    const { tz: _tz, tz_label: _label, tz_offset: _offset, is_admin: _a, is_owner: _o, ...rest } = u;
    return { ...rest, profile: { ...u.profile } };
  }

  private useTrigger(id: string | undefined): Trigger {
    if (!id) throw new SimError('invalid_arguments');
    const trigger = this.triggers.get(id);
    if (!trigger) {
      if (this.strictTriggers) throw new SimError('invalid_trigger_id');
      return { issuedAt: performance.now(), used: true };
    }
    if (trigger.used) throw new SimError('exchanged_trigger_id');
    if (performance.now() - trigger.issuedAt > this.triggerTtlMs) throw new SimError('expired_trigger_id');
    trigger.used = true;
    return trigger;
  }

  private validView(view: unknown): Json {
    const problems = checkView(view);
    if (problems.length > 0) throw invalid('invalid_arguments', problems);
    return view as Json;
  }

  private hash(): string {
    return `${Math.floor(this.now() / 1000)}.${(++this.seq).toString(36).padStart(8, '0')}`;
  }

  private fullView(id: string, view: Json, previous?: Json): Json {
    const ws = this.workspace;
    return {
      id,
      team_id: ws.teamId,
      type: view.type,
      blocks: view.blocks,
      private_metadata: view.private_metadata ?? '',
      callback_id: view.callback_id ?? '',
      state: { values: {} },
      hash: this.hash(),
      title: view.title ?? null,
      clear_on_close: view.clear_on_close ?? false,
      notify_on_close: view.notify_on_close ?? false,
      close: view.close ?? null,
      submit: view.submit ?? null,
      previous_view_id: previous?.previous_view_id ?? null,
      root_view_id: previous?.root_view_id ?? id,
      app_id: ws.appId,
      external_id: view.external_id ?? '',
      app_installed_team_id: ws.teamId,
      bot_id: ws.botId,
    };
  }

  private storeView(method: string, view: Json, who: { userId?: string; triggerId?: string }): Json {
    const id = `V0SIM${String(this.views.length + 1).padStart(5, '0')}${++this.seq}`;
    const full = this.fullView(id, view);
    const record: SimView = {
      id,
      kind: view.type === 'home' ? 'home' : 'modal',
      method,
      view: full,
      versions: [view],
      at: this.now(),
    };
    if (who.userId) record.userId = who.userId;
    if (who.triggerId) record.triggerId = who.triggerId;
    this.views.push(record);
    this.events.emit('view', record);
    return full;
  }

  private updateView(record: SimView, method: string, view: Json): Json {
    record.view = this.fullView(record.id, view, record.view);
    record.versions.push(view);
    record.method = method;
    record.at = this.now();
    this.events.emit('view', record);
    return record.view;
  }
}

/** Starts the sim on 127.0.0.1 (a random port unless `port` is given). */
export async function startSlackSim(opts: SlackSimOptions = {}): Promise<SlackSim> {
  const sim = new Sim(opts);
  await sim.listen(opts.port ?? 0);
  return sim;
}
