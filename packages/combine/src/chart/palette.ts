/**
 * Okabe & Ito's colour-blind-safe palette ("Color Universal Design", 2008), ordered for contrast on
 * white; yellow, the weakest on white, comes last.
 */
export const OKABE_ITO: readonly string[] = Object.freeze([
  '#0072B2', // blue
  '#D55E00', // vermillion
  '#009E73', // bluish green
  '#CC79A7', // reddish purple
  '#E69F00', // orange
  '#56B4E9', // sky blue
  '#000000', // black
  '#F0E442', // yellow
]);

/** Marker shapes, cycled with the colours so series stay apart in greyscale too. */
export type MarkerShape = 'circle' | 'square' | 'triangle' | 'diamond' | 'triangle-down' | 'cross';

/** Marker shapes in the order series take them. */
export const MARKERS: readonly MarkerShape[] = Object.freeze(['circle', 'square', 'triangle', 'diamond', 'triangle-down', 'cross']);

const r2 = (v: number): string => (Math.round(v * 100) / 100).toString();

/** SVG element for a marker of `shape` centred at (x, y) with radius `r`. */
export function markerSvg(shape: MarkerShape, x: number, y: number, r: number, color: string): string {
  const fill = `fill="${color}" stroke="#ffffff" stroke-width="1"`;
  switch (shape) {
    case 'circle':
      return `<circle cx="${r2(x)}" cy="${r2(y)}" r="${r2(r)}" ${fill}/>`;
    case 'square': {
      const s = r * 0.9;
      return `<rect x="${r2(x - s)}" y="${r2(y - s)}" width="${r2(2 * s)}" height="${r2(2 * s)}" ${fill}/>`;
    }
    case 'triangle': {
      const h = r * 1.2;
      return `<path d="M${r2(x)} ${r2(y - h)}L${r2(x + h)} ${r2(y + h * 0.8)}L${r2(x - h)} ${r2(y + h * 0.8)}Z" ${fill}/>`;
    }
    case 'triangle-down': {
      const h = r * 1.2;
      return `<path d="M${r2(x)} ${r2(y + h)}L${r2(x + h)} ${r2(y - h * 0.8)}L${r2(x - h)} ${r2(y - h * 0.8)}Z" ${fill}/>`;
    }
    case 'diamond': {
      const h = r * 1.3;
      return `<path d="M${r2(x)} ${r2(y - h)}L${r2(x + h)} ${r2(y)}L${r2(x)} ${r2(y + h)}L${r2(x - h)} ${r2(y)}Z" ${fill}/>`;
    }
    case 'cross': {
      const h = r * 1.1;
      const w = r * 0.45;
      return (
        `<path d="M${r2(x - w)} ${r2(y - h)}H${r2(x + w)}V${r2(y - w)}H${r2(x + h)}V${r2(y + w)}H${r2(x + w)}V${r2(y + h)}` +
        `H${r2(x - w)}V${r2(y + w)}H${r2(x - h)}V${r2(y - w)}H${r2(x - w)}Z" ${fill}/>`
      );
    }
  }
}
