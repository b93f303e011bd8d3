import type { AllMiddlewareArgs, App, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { Deps } from '../../../deps';
import { goalsModal, ids } from '../../ids';
import { checkinCallback } from './checkin';
import { goalsCallback } from './goals';
import { programSetupCallback } from './program-setup';
import { sessionLogCallback } from './session-log';
import { surveyCallback } from './survey';

export type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

export function registerViews(app: App, deps: Deps): void {
  app.view(ids.programSetup.callbackId, programSetupCallback(deps));
  app.view(ids.survey.callbackId, surveyCallback(deps));
  app.view(ids.sessionLog.callbackId, sessionLogCallback(deps));
  app.view(ids.checkin.callbackId, checkinCallback(deps));
  app.view(goalsModal.callbackId, goalsCallback(deps));
}
