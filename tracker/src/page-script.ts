/**
 * The `<script src=".../axon.js" data-…>` tag that loaded the tracker. `document.currentScript` is
 * only set while the script first runs, so it is read once here, at load.
 */
const script = document.currentScript as HTMLScriptElement

/**
 * data-campaign-id, data-activity-id, data-endpoint, data-debug, data-require-consent.
 * axon('set', {campaignId, activityId}) writes here too, so the tag shows the current ids.
 */
export const settings = script.dataset

/** Where events go: data-endpoint, else /collect on the origin that served axon.js. */
export const endpoint = settings.endpoint || new URL('/collect', script.src)

export const nav = navigator as Navigator & { globalPrivacyControl?: boolean }

/** Window's addEventListener; called unbound, it falls back to the window (WebIDL [Global]). */
export const on = addEventListener
