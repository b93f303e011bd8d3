import type { App } from '@slack/bolt';
import type { Deps } from '../../../deps';
import { MENTOR_COMMAND } from '../../ids';
import { mentorCommandCallback } from './mentor';

export function registerCommands(app: App, deps: Deps): void {
  app.command(MENTOR_COMMAND, mentorCommandCallback(deps));
}
