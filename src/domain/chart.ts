/**
 * The digest's trend chart as a hand-built SVG: bars for sessions per week (left axis), a line for the share of
 * relationships on track (right axis, 0-100%). Pure: no fonts, files or clocks; rendering to PNG happens elsewhere.
 */

export interface ChartWeek {
  /** e.g. '22 Feb' */
  label: string;
  sessions: number;
  /** 0..1, or null when no relationship was expected to meet that week */
  share: number | null;
}

export const CHART_WIDTH = 800;
export const CHART_HEIGHT = 400;
const FONT = 'DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif';
const BAR = '#4a90d9';
const LINE = '#2bac76';
const INK = '#1d1c1d';
const MUTED = '#616061';
const GRID = '#e8e8e8';

const BARS = '▁▂▃▄▅▆▇█';

/**
 * One character per value, ▁ lowest to █ highest, for readers with images off. The scale runs from 0 (or the
 * lowest value, if negative) to the highest unless given; a missing value is a space.
 */
export function sparkline(
  values: readonly (number | null)[],
  scale: { min?: number; max?: number } = {},
): string {
  const present = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (present.length === 0) return values.map(() => ' ').join('');
  const min = scale.min ?? Math.min(0, ...present);
  const max = scale.max ?? Math.max(...present);
  return values
    .map((v) => {
      if (v === null || !Number.isFinite(v)) return ' ';
      if (max <= min) return v > min ? BARS[7] : BARS[0];
      return BARS[Math.round(((Math.min(max, Math.max(min, v)) - min) / (max - min)) * 7)];
    })
    .join('');
}

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** A round axis maximum with 4 equal steps (1, 2 or 5 times a power of ten), never below 4. */
export function axisMax(max: number): { max: number; step: number } {
  if (!(max > 4)) return { max: 4, step: 1 };
  const raw = max / 4;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  return { max: step * Math.ceil(max / step), step };
}

const fmt = (n: number) => String(Math.round(n * 10) / 10);

function text(
  x: number,
  y: number,
  body: string,
  opts: { size?: number; anchor?: 'start' | 'middle' | 'end'; fill?: string; weight?: 'bold' } = {},
): string {
  const weight = opts.weight ? ` font-weight="${opts.weight}"` : '';
  return `<text x="${fmt(x)}" y="${fmt(y)}" font-family="${FONT}" font-size="${opts.size ?? 12}" text-anchor="${opts.anchor ?? 'start'}" fill="${opts.fill ?? MUTED}"${weight}>${escapeXml(body)}</text>`;
}

export function trendChartSvg(
  weeks: readonly ChartWeek[],
  opts: { title: string; subtitle?: string },
): string {
  const W = CHART_WIDTH;
  const H = CHART_HEIGHT;
  const left = 56;
  const right = 64;
  const top = 84;
  const bottom = 48;
  const plotW = W - left - right;
  const plotH = H - top - bottom;
  const n = Math.max(1, weeks.length);
  const band = plotW / n;
  const axis = axisMax(Math.max(0, ...weeks.map((w) => w.sessions)));
  const yBar = (v: number) => top + plotH * (1 - v / axis.max);
  const yShare = (s: number) => top + plotH * (1 - Math.min(1, Math.max(0, s)));
  const cx = (i: number) => left + band * i + band / 2;

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">`,
    `<rect x="0" y="0" width="${W}" height="${H}" fill="#ffffff"/>`,
    text(left, 30, opts.title, { size: 17, fill: INK, weight: 'bold' }),
  ];
  if (opts.subtitle) parts.push(text(left, 52, opts.subtitle, { size: 12 }));

  // Legend, top right.
  const lx = W - right - 250;
  parts.push(
    `<rect x="${lx}" y="62" width="12" height="12" fill="${BAR}"/>`,
    text(lx + 18, 72, 'Sessions held', { size: 12 }),
    `<line x1="${lx + 112}" y1="68" x2="${lx + 134}" y2="68" stroke="${LINE}" stroke-width="3"/>`,
    `<circle cx="${lx + 123}" cy="68" r="3.5" fill="${LINE}"/>`,
    text(lx + 140, 72, 'Pairs on track (%)', { size: 12 }),
  );

  // Grid and both axes' labels.
  for (let v = 0; v <= axis.max; v += axis.step) {
    const y = yBar(v);
    parts.push(
      `<line x1="${left}" y1="${fmt(y)}" x2="${W - right}" y2="${fmt(y)}" stroke="${GRID}" stroke-width="1"/>`,
      text(left - 8, y + 4, String(v), { anchor: 'end', size: 11 }),
    );
  }
  for (const pct of [0, 25, 50, 75, 100]) {
    parts.push(text(W - right + 8, yShare(pct / 100) + 4, `${pct}%`, { size: 11 }));
  }
  parts.push(
    `<line x1="${left}" y1="${top + plotH}" x2="${W - right}" y2="${top + plotH}" stroke="${MUTED}" stroke-width="1"/>`,
  );

  weeks.forEach((w, i) => {
    const barW = band * 0.56;
    const y = yBar(w.sessions);
    const h = top + plotH - y;
    if (h > 0) {
      parts.push(
        `<rect x="${fmt(cx(i) - barW / 2)}" y="${fmt(y)}" width="${fmt(barW)}" height="${fmt(h)}" rx="2" fill="${BAR}"/>`,
      );
    }
    parts.push(text(cx(i), y - 6, String(w.sessions), { anchor: 'middle', size: 11, fill: INK }));
    parts.push(text(cx(i), top + plotH + 20, w.label, { anchor: 'middle', size: 11 }));
  });

  // The share line breaks where a week had nobody expected to meet.
  let run: string[] = [];
  const flush = () => {
    if (run.length > 1)
      parts.push(
        `<polyline points="${run.join(' ')}" fill="none" stroke="${LINE}" stroke-width="3" stroke-linejoin="round"/>`,
      );
    run = [];
  };
  weeks.forEach((w, i) => {
    if (w.share === null) {
      flush();
      return;
    }
    run.push(`${fmt(cx(i))},${fmt(yShare(w.share))}`);
  });
  flush();
  weeks.forEach((w, i) => {
    if (w.share === null) return;
    parts.push(`<circle cx="${fmt(cx(i))}" cy="${fmt(yShare(w.share))}" r="4" fill="${LINE}"/>`);
  });
  let lastIndex = weeks.length - 1;
  while (lastIndex >= 0 && weeks[lastIndex]?.share === null) lastIndex--;
  const last = weeks[lastIndex];
  if (last && last.share !== null) {
    parts.push(
      text(cx(lastIndex), yShare(last.share) - 10, `${Math.round(last.share * 100)}%`, {
        anchor: 'middle',
        size: 12,
        fill: LINE,
        weight: 'bold',
      }),
    );
  }
  parts.push('</svg>');
  return parts.join('\n');
}
