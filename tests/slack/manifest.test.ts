import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { root } from '../helpers/processes';

interface Manifest {
  display_information: { name: string };
  features: {
    app_home: {
      home_tab_enabled: boolean;
      messages_tab_enabled: boolean;
      messages_tab_read_only_enabled: boolean;
    };
    bot_user: { display_name: string };
    slash_commands: { command: string; description: string; usage_hint?: string }[];
  };
  oauth_config: { scopes: { bot: string[]; user?: string[] } };
  settings: {
    event_subscriptions: { bot_events: string[] };
    interactivity: { is_enabled: boolean };
    socket_mode_enabled: boolean;
  };
}

const manifest = parse(readFileSync(`${root}manifest.yml`, 'utf8')) as Manifest;

describe('manifest.yml', () => {
  it('declares the bot user, the home and messages tabs, and /mentor with a usage hint', () => {
    expect(manifest.features.bot_user.display_name).toBeTruthy();
    expect(manifest.features.app_home).toMatchObject({ home_tab_enabled: true, messages_tab_enabled: true });
    const mentor = manifest.features.slash_commands.find((c) => c.command === '/mentor');
    expect(mentor?.usage_hint).toContain('join');
    expect(mentor!.description.length).toBeLessThanOrEqual(100);
  });

  it('subscribes to the events the listeners handle, with interactivity and socket mode on', () => {
    expect(manifest.settings.event_subscriptions.bot_events.sort()).toEqual([
      'app_home_opened',
      'message.im',
      'user_change',
    ]);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.socket_mode_enabled).toBe(true);
  });

  it('asks for exactly the bot scopes the code uses, and no user scopes', () => {
    expect(manifest.oauth_config.scopes.user).toBeUndefined();
    expect(manifest.oauth_config.scopes.bot.sort()).toEqual(
      [
        'channels:history',
        'channels:read',
        'chat:write',
        'commands',
        'files:write',
        'groups:history',
        'groups:read',
        'im:history',
        'im:write',
        'mpim:history',
        'mpim:write',
        'users:read',
      ].sort(),
    );
  });
});
