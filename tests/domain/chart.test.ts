import { describe, expect, it } from 'vitest';
import { axisMax, type ChartWeek, escapeXml, sparkline, trendChartSvg } from '../../src/domain/chart';
import { csvCell, parseCsv, toCsv } from '../../src/domain/csv';
import { renderPng } from '../../src/flows/chart-png';

const labels = ['11 Jan', '18 Jan', '25 Jan', '1 Feb', '8 Feb', '15 Feb', '22 Feb', '1 Mar'];
const weeks = (sessions: number[], shares: (number | null)[]): ChartWeek[] =>
  labels.map((label, i) => ({ label, sessions: sessions[i]!, share: shares[i]! }));

describe('sparkline', () => {
  it('runs from ▁ at zero to █ at the highest value', () => {
    expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7])).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline([2, 1, 0, 1, 1, 0, 1, 1])).toBe('█▅▁▅▅▁▅▅');
  });

  it('is flat at the bottom for all zeros, and at the top for equal values above zero', () => {
    expect(sparkline([0, 0, 0])).toBe('▁▁▁');
    expect(sparkline([5, 5, 5])).toBe('███');
    expect(sparkline([])).toBe('');
  });

  it('leaves a gap for a missing value and keeps to a given scale', () => {
    expect(sparkline([1, null, 0.5, 0], { min: 0, max: 1 })).toBe('█ ▅▁');
    expect(sparkline([null, null])).toBe('  ');
    expect(sparkline([2, -1], { min: 0, max: 1 })).toBe('█▁');
  });
});

describe('axisMax', () => {
  it('rounds up to 4 equal steps of 1, 2 or 5 times a power of ten', () => {
    expect(axisMax(0)).toEqual({ max: 4, step: 1 });
    expect(axisMax(3)).toEqual({ max: 4, step: 1 });
    expect(axisMax(7)).toEqual({ max: 8, step: 2 });
    expect(axisMax(21)).toEqual({ max: 30, step: 10 });
    expect(axisMax(1234)).toEqual({ max: 1500, step: 500 });
  });
});

describe('trendChartSvg', () => {
  it('draws a bar per week with sessions, labels every week, and escapes its text', () => {
    const svg = trendChartSvg(weeks([2, 1, 0, 1, 1, 0, 1, 3], [1, 0.75, 0.6, 0.4, 0, 0.2, 0.5, 0.25]), {
      title: 'Sessions & <pairs>',
      subtitle: `Bob's "program"`,
    });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    expect(svg).toContain('Sessions &amp; &lt;pairs&gt;');
    expect(svg).toContain('Bob&apos;s &quot;program&quot;');
    for (const label of labels) expect(svg).toContain(`>${label}</text>`);
    // Six weeks had sessions: six bars (plus the legend's swatch).
    expect(svg.match(/fill="#4a90d9"/g)).toHaveLength(7);
    expect(svg.match(/<polyline /g)).toHaveLength(1);
    expect(svg).toContain('>25%</text>');
  });

  it('breaks the on-track line where no pair was expected to meet', () => {
    const svg = trendChartSvg(weeks([0, 0, 0, 0, 0, 0, 0, 0], [0.5, 0.6, null, 0.7, 0.8, null, 1, null]), {
      title: 'T',
    });
    // Two runs of two or more points: 0.5-0.6 and 0.7-0.8; 1 stands alone.
    expect(svg.match(/<polyline /g)).toHaveLength(2);
    expect(svg.match(/<circle /g)).toHaveLength(6);
    // The last known share is labelled.
    expect(svg).toContain('>100%</text>');
  });

  it('renders to a PNG without a browser', () => {
    const png = renderPng(
      trendChartSvg(weeks([3, 4, 5, 6, 5, 4, 3, 2], [1, 1, 0.9, 0.8, 0.7, 0.9, 1, 1]), { title: 'T' }),
    );
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    // 2x the SVG's 800x400: width and height in the IHDR chunk.
    expect(png.readUInt32BE(16)).toBe(1600);
    expect(png.readUInt32BE(20)).toBe(800);
  });

  it('escapes XML', () => {
    expect(escapeXml(`<a href="x">&'`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;');
  });
});

describe('CSV', () => {
  it('quotes what needs quoting and round-trips through the parser', () => {
    const rows = [
      ['plain', 'with, comma', 'with "quotes"', 'two\nlines', ' padded ', ''],
      [1, 2.5, true, false, null, undefined],
    ];
    const text = toCsv(['a', 'b', 'c', 'd', 'e', 'f'], rows);
    expect(text.startsWith('\uFEFFa,b,c,d,e,f\r\n')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(parseCsv(text)).toEqual([
      ['a', 'b', 'c', 'd', 'e', 'f'],
      ['plain', 'with, comma', 'with "quotes"', 'two\nlines', ' padded ', ''],
      ['1', '2.5', 'yes', 'no', '', ''],
    ]);
  });

  it('keeps people’s text from running as a spreadsheet formula', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('@here')).toBe("'@here");
    expect(csvCell(-3)).toBe('-3');
  });
});
