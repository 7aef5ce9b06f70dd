/** Colours of overlaid curves, one per run (10, distinct on white). */
export const SERIES_COLORS = [
  '#2f5bd3',
  '#d33f3f',
  '#2e9a57',
  '#c9822b',
  '#7a4fc9',
  '#3aa3a0',
  '#b5487f',
  '#6d7480',
  '#8a9a1f',
  '#1f2633',
] as const;

/** The colour of series `index` (cycling past 10). */
export const seriesColor = (index: number): string => SERIES_COLORS[index % SERIES_COLORS.length]!;
