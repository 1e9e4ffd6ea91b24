/**
 * Headless Chromium for the browser tests: Debian's /usr/bin/chromium (./axon test installs it
 * with apt when missing), driven by playwright-core. Never a downloaded browser.
 */
import { existsSync } from 'node:fs'
import { chromium } from 'playwright-core'

export const chromiumPath = '/usr/bin/chromium'
export const haveChromium = existsSync(chromiumPath)

export const launchChromium = () =>
  chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
