import { Resvg } from '@resvg/resvg-js';

/**
 * Renders an SVG to PNG without a browser. Twice the SVG's width, so the chart stays sharp on high-density
 * screens. With no system fonts installed the text is left out rather than failing the digest.
 */
export function renderPng(svg: string, width = 1600): Buffer {
  const resvg = new Resvg(svg, {
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
    fitTo: { mode: 'width', value: width },
    background: '#ffffff',
  });
  return resvg.render().asPng();
}
