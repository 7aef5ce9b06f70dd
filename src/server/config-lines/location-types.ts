// Types of `GET /apis/skiff/v1/config/locations`, shared with the web UI (no imports: the UI reads this file).

/** Where a configuration value is written: the file and the 1-based line. */
export interface ConfigLocation {
  readonly file: string;
  readonly line: number;
}

/** The answer: `<source>#<path>` (e.g. `file:/x/skiff.yaml#engine.cache`) → location. */
export interface ConfigLocationsAnswer {
  readonly locations: Readonly<Record<string, ConfigLocation>>;
}
