/** Answers of the page routes: HTML documents and fragments, and CSV downloads. */
import { html, type SafeHtml } from '../../../views/html'

const htmlType = { 'content-type': 'text/html; charset=utf-8' }

export function htmlFragment(body: SafeHtml, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(body.value, { status, headers: { ...htmlType, ...headers } })
}

// TODO(wiring): the base layout from U1 replaces this document
export function htmlPage(title: string, body: SafeHtml, status = 200): Response {
  return htmlFragment(html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title} · Axon</title></head><body>${body}</body></html>`, status)
}

/**
 * A CSV file download. The byte order mark makes spreadsheet programs read it as UTF-8 (Korean
 * product names stay readable); the file name keeps only
 * letters, digits, dot, dash and underscore.
 */
export function csvDownload(name: string, csv: string): Response {
  const filename = name.replace(/[^A-Za-z0-9._-]/g, '_')
  return new Response(`\uFEFF${csv}`, {
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${filename}.csv"` },
  })
}
