/*
 * The assistant's question box: Enter sends (Shift+Enter starts a new line), a suggested question
 * goes in the box and is sent, and once the answer starts streaming the box is emptied for the
 * next question (the question stays in the conversation above it). A conversation that scrolls
 * (the panel's) follows the answer as it grows, unless the marketer scrolled up to read.
 */
(() => {
  'use strict'
  const formOf = (element) => element.closest && element.closest('.assistant-form')
  document.addEventListener('keydown', (event) => {
    const form = formOf(event.target)
    if (!form || event.target.name !== 'question' || event.key !== 'Enter' || event.shiftKey || event.isComposing) return
    event.preventDefault()
    form.requestSubmit()
  })
  document.addEventListener('click', (event) => {
    const button = event.target.closest && event.target.closest('button.suggestion')
    const form = button && button.closest('.assistant-panel, .assistant-main')?.querySelector('.assistant-form')
    if (!form) return
    form.querySelector('textarea[name="question"]').value = button.dataset.question
    form.requestSubmit()
  })
  document.addEventListener('htmx:sse:after:connection', (event) => {
    const form = formOf(event.target)
    if (form) form.querySelector('textarea[name="question"]').value = ''
  })
  document.addEventListener('htmx:sse:close', (event) => {
    const form = formOf(event.target)
    if (form) form.querySelector('textarea[name="question"]').focus({ preventScroll: true })
  })
  // a log follows its end unless the marketer scrolled up to read
  const atEnd = new WeakMap()
  const follow = (log) => {
    atEnd.set(log, true)
    log.addEventListener('scroll', () => atEnd.set(log, log.scrollHeight - log.scrollTop - log.clientHeight < 40))
    new MutationObserver(() => { if (atEnd.get(log)) log.scrollTop = log.scrollHeight })
      .observe(log, { childList: true, subtree: true, characterData: true })
  }
  const start = () => document.querySelectorAll('.assistant-log').forEach(follow)
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start)
  else start()
})()
