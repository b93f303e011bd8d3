// Renders what the bot sends as a person would read it in Slack, for the offline demo.
import type { SimUser } from './slack-sim';

export interface RenderContext {
  user(id: string): SimUser | undefined;
  channelName(id: string): string | undefined;
}

const wrapWidth = 92;

/** Slack mrkdwn to terminal text: mentions become names, escapes are undone, emphasis kept as in Slack. */
export function mrkdwnToText(text: string, ctx: RenderContext): string {
  return text
    .replace(/<@([UW][A-Z0-9]+)>/g, (_m, id: string) => `@${displayName(ctx.user(id)) ?? id}`)
    .replace(
      /<#([CG][A-Z0-9]+)(?:\|([^>]*))?>/g,
      (_m, id: string, label?: string) => `#${label || ctx.channelName(id) || id}`,
    )
    .replace(/<!(here|channel|everyone)>/g, '@$1')
    .replace(/<(https?:[^|>]+)\|([^>]+)>/g, '$2 ($1)')
    .replace(/<(https?:[^>]+)>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/:wave:/g, '👋')
    .replace(/:tada:/g, '🎉')
    .replace(/:rocket:/g, '🚀')
    .replace(/:seedling:/g, '🌱')
    .replace(/:calendar:/g, '📅')
    .replace(/:warning:/g, '⚠️')
    .replace(/:white_check_mark:/g, '✅')
    .replace(/:handshake:/g, '🤝')
    .replace(/:sparkles:/g, '✨')
    .replace(/:bulb:/g, '💡');
}

export function displayName(u: SimUser | undefined): string | undefined {
  if (!u) return undefined;
  return u.profile?.display_name || u.real_name || u.name;
}

/** Block Kit to indented lines: sections and context as text, buttons in brackets, inputs as their labels. */
export function renderBlocks(blocks: unknown[] | undefined, fallback: string, ctx: RenderContext): string[] {
  const lines: string[] = [];
  const push = (text: string, prefix = '') => {
    for (const raw of mrkdwnToText(text, ctx).split('\n')) lines.push(...wrap(`${prefix}${raw}`, wrapWidth));
  };
  if (!blocks || blocks.length === 0) {
    push(fallback);
    return lines;
  }
  for (const b of blocks as Array<Record<string, unknown>>) {
    switch (b.type) {
      case 'header':
        push(`▌${(b.text as { text: string }).text}`);
        break;
      case 'section': {
        const text = (b.text as { text?: string } | undefined)?.text;
        if (text) push(text);
        const fields = b.fields as Array<{ text: string }> | undefined;
        if (fields) for (const f of fields) push(f.text, '  ');
        const acc = b.accessory as { type?: string; text?: { text: string } } | undefined;
        if (acc?.type === 'button' && acc.text) lines.push(`  [ ${acc.text.text} ]`);
        break;
      }
      case 'context':
        for (const el of (b.elements as Array<{ text?: string }>) ?? []) if (el.text) push(el.text, '  ⓘ ');
        break;
      case 'divider':
        lines.push('  ────');
        break;
      case 'actions': {
        const buttons = ((b.elements as Array<{ type: string; text?: { text: string } }>) ?? [])
          .filter((e) => e.type === 'button' && e.text)
          .map((e) => `[ ${e.text!.text} ]`);
        if (buttons.length > 0) lines.push(`  ${buttons.join('  ')}`);
        break;
      }
      case 'input': {
        const label = (b.label as { text: string }).text;
        const optional = b.optional ? ' (optional)' : '';
        const el = b.element as { type: string; options?: Array<{ text: { text: string } }> };
        const choices = el.options ? `: ${el.options.map((o) => o.text.text).join(' / ')}` : '';
        push(
          `• ${label}${optional}${choices.length > 70 ? `: ${el.options!.length} choices` : choices}`,
          '  ',
        );
        break;
      }
      case 'image':
        lines.push(`  [image: ${(b.alt_text as string) ?? 'chart'}]`);
        break;
      default:
        break;
    }
  }
  return lines;
}

function wrap(line: string, width: number): string[] {
  if (line.length <= width) return [line];
  const indent = line.match(/^\s*/)?.[0] ?? '';
  const out: string[] = [];
  let current = '';
  for (const word of line.trimStart().split(' ')) {
    if ((indent + current + word).length > width && current) {
      out.push(indent + current.trimEnd());
      current = '';
    }
    current += `${word} `;
  }
  if (current.trim()) out.push(indent + current.trimEnd());
  return out;
}
