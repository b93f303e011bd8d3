// Small typed Block Kit builders: every surface is built from these by pure functions.
import type { Block, KnownBlock } from '@slack/types';

export type AnyBlock = KnownBlock | Block;

/** Slack's limit for a section's text; longer text is cut with an ellipsis rather than rejected. */
const SECTION_TEXT_MAX = 3000;

export function section(markdown: string, accessory?: Record<string, unknown>): AnyBlock {
  const text = markdown.length > SECTION_TEXT_MAX ? `${markdown.slice(0, SECTION_TEXT_MAX - 1)}…` : markdown;
  return { type: 'section', text: { type: 'mrkdwn', text }, ...(accessory ? { accessory } : {}) } as AnyBlock;
}

export function header(text: string): AnyBlock {
  return { type: 'header', text: { type: 'plain_text', text: text.slice(0, 150), emoji: true } };
}

export function context(markdown: string): AnyBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: markdown.slice(0, 3000) }] };
}

export function divider(): AnyBlock {
  return { type: 'divider' };
}

export interface ButtonSpec {
  text: string;
  actionId: string;
  value?: string;
  style?: 'primary' | 'danger';
  url?: string;
}

export function button(spec: ButtonSpec): Record<string, unknown> {
  return {
    type: 'button',
    text: { type: 'plain_text', text: spec.text.slice(0, 75), emoji: true },
    action_id: spec.actionId,
    ...(spec.value !== undefined ? { value: spec.value } : {}),
    ...(spec.style ? { style: spec.style } : {}),
    ...(spec.url ? { url: spec.url } : {}),
  };
}

export function actions(buttons: ButtonSpec[], blockId?: string): AnyBlock {
  return {
    type: 'actions',
    ...(blockId ? { block_id: blockId } : {}),
    elements: buttons.map(button),
  } as AnyBlock;
}

export function plainText(text: string) {
  return { type: 'plain_text' as const, text, emoji: true };
}

export function option(value: string, label: string) {
  return { text: plainText(label.slice(0, 75)), value };
}
