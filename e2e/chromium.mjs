/**
 * How every test, benchmark and reference script launches Debian's Chromium. Plain JS so that both
 * playwright.config.ts and the Node scripts (bench/, scripts/reference/) import the same settings.
 * Playwright never downloads a browser here.
 */
export const chromiumPath = process.env.CGS_CHROMIUM ?? '/usr/bin/chromium';
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // Headless here has no GPU: allow the software WebGL path so the backend choice is measured, not assumed.
  '--enable-unsafe-swiftshader',
  '--use-angle=swiftshader',
];
