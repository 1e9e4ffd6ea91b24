/**
 * The tracker's memory between page loads: JSON values in localStorage under `axon_<key>`.
 * Every access is guarded: where storage is blocked (sandboxed iframes, cookies disabled) or full,
 * reads give undefined and writes are skipped, so tracking goes on with fresh ids instead of
 * breaking the page.
 */

/** The stored value, or undefined when missing, unreadable or blocked. */
export const get = (key: string): any => {
  try {
    return JSON.parse(localStorage['axon_' + key]!)
  } catch {}
}

/**
 * Stores `value` as JSON. Clearing a key stores undefined, which localStorage keeps as the text
 * "undefined": no data, and it reads back as missing. (removeItem would cost bytes of the budget.)
 */
export const put = (key: string, value?: unknown) => {
  try {
    localStorage['axon_' + key] = JSON.stringify(value)
  } catch {}
}
