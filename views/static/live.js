/*
 * Connection state of live regions (hx-sse:connect): data-live="connected" while the stream is
 * open, "reconnecting" after an error or drop (htmx's SSE extension retries by itself), so the
 * marketer sees when the numbers are not moving because the line is down, not the sale. The
 * layout runs this before htmx processes the page (DOMContentLoaded), so no connection is missed.
 */
(() => {
  'use strict'
  const mark = (state) => (event) => {
    const region = event.target.closest && event.target.closest('[hx-sse\\:connect]')
    if (region) region.dataset.live = state
  }
  document.addEventListener('htmx:sse:after:connection', mark('connected'))
  document.addEventListener('htmx:sse:after:message', mark('connected'))
  document.addEventListener('htmx:sse:error', mark('reconnecting'))
  document.addEventListener('htmx:sse:close', mark('reconnecting'))
})()
