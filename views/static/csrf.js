// Puts the session's CSRF token (from <meta name="csrf-token">) on every htmx request that
// changes something; plain forms carry it as the hidden field _csrf instead.
document.addEventListener('htmx:config:request', (event) => {
  const meta = document.querySelector('meta[name="csrf-token"]')
  const method = event.detail.ctx.request.method.toUpperCase()
  if (meta && method !== 'GET' && method !== 'HEAD') event.detail.ctx.request.headers['x-csrf-token'] = meta.content
})
