/** The sign-in page: email and password, where to go afterwards, and why the last try failed. */
import { html, type SafeHtml } from '../html'
import { publicLayout, type Shell } from '../layouts/base'

export interface LoginView {
  assets: Shell['assets']
  email?: string
  /** a local path to open after signing in */
  next: string
  error?: string
  /** the page shows this after logout */
  notice?: string
}

export function loginPage(view: LoginView): SafeHtml {
  return publicLayout(
    view.assets,
    'Log in',
    html`<section class="login-card">
  <h1>Axon</h1>
  <p class="subtitle">Log in to watch your campaigns.</p>
  ${view.notice && html`<p class="notice" role="status">${view.notice}</p>`}
  ${view.error && html`<p class="form-error" role="alert">${view.error}</p>`}
  <form method="post" action="/login" class="stacked">
    <input type="hidden" name="next" value="${view.next}">
    <label>Email <input type="email" name="email" autocomplete="username" required value="${view.email ?? ''}" autofocus></label>
    <label>Password <input type="password" name="password" autocomplete="current-password" required></label>
    <button type="submit" class="primary">Log in</button>
  </form>
</section>`,
  )
}
