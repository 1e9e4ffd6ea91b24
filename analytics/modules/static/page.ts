/** What routes need to answer with a page: the assets' URLs, the shell of the signed-in marketer, the HTML response. */
import type { SafeHtml } from '../../../views/html'
import type { Shell } from '../../../views/layouts/base'
import type { Session } from '../../auth/sessions'
import { assetUrl, assets } from './assets'

export const assetUrls: Shell['assets'] = Object.freeze(Object.fromEntries([...assets.keys()].map((name) => [name, assetUrl(name)])))

export function shellOf(session: Session): Shell {
  return { account: session.account, csrfToken: session.csrfToken, assets: assetUrls }
}

/** Sets the response up as an HTML page (with `status`) and returns its text for Elysia to send. */
export function htmlPage(set: { status?: number | string; headers: Record<string, unknown> }, page: SafeHtml, status = 200): string {
  set.status = status
  set.headers['content-type'] = 'text/html; charset=utf-8'
  return page.value
}
