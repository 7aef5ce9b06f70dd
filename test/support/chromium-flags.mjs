// Debian chromium's paths and the flags that keep it to the local server, shared by the browser
// tests (test/support/browser.ts) and scripts/screenshots.mjs (plain JavaScript, no build needed).

/** Where Debian's chromium may be. */
export const CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/**
 * Flags that keep Chromium to the test server: no background networking, component updates,
 * pings, sync or field trials, and every host name but 127.0.0.1 resolving to nothing, so that
 * nothing the browser does can reach another address.
 */
export const QUIET_FLAGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-domain-reliability',
  '--disable-sync',
  '--disable-breakpad',
  '--disable-client-side-phishing-detection',
  '--disable-default-apps',
  '--disable-extensions',
  '--disable-field-trial-config',
  '--no-pings',
  '--no-first-run',
  '--no-default-browser-check',
  '--metrics-recording-only',
  '--disable-features=Translate,OptimizationHints,MediaRouter,DialMediaRouteProvider,AutofillServerCommunication,CertificateTransparencyComponentUpdater,InterestFeedContentSuggestions',
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
];
