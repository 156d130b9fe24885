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
  // CGS_CHROMIUM_ARGS (space-separated) replaces the GL flags below, e.g. hardware GL on a GPU machine (README).
  // Without it: headless here has no GPU, so allow software WebGL and the backend choice is measured, not assumed.
  ...(process.env.CGS_CHROMIUM_ARGS?.trim() ? process.env.CGS_CHROMIUM_ARGS.trim().split(/\s+/) : ['--enable-unsafe-swiftshader', '--use-angle=swiftshader']),
];
