import { chromium, Browser } from 'playwright-core';

// The one place tests start a browser: headless Chromium driven by playwright-core, which downloads
// none. CHROMIUM_PATH, else Debian's `chromium` package (installed by .ci/run).
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
}
