/**
 * A widget's data or the reason it has none: each widget of a page (campaign, activity, cohort)
 * is loaded on its own, so one that fails (a store down, a bug) shows its error state while the
 * rest of the page renders.
 * Errors a marketer can act on (AppError) keep their message; anything else is logged and shown
 * as "could not load".
 */
import { AppError } from '../../../common/errors'
import type { Logger } from '../../../common/log'
import type { Loaded } from '../../../views/partials/widget'
import type { ParameterError } from '../../../views/partials/cohort-picker'

export async function loadWidget<T>(name: string, load: () => Promise<T>, log?: Logger): Promise<Loaded<T>> {
  try {
    return { ok: true, value: await load() }
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: error.message }
    log?.error('a page widget failed', { widget: name, error })
    return { ok: false, error: 'These numbers could not be loaded just now; the rest of the page is up to date. Reload to try again.' }
  }
}

/**
 * The parameter a marketer got wrong, when `check` (the service's own validation) refuses one;
 * undefined when all are fine. Other errors propagate.
 */
export function refusedParameter(check: () => unknown): ParameterError | undefined {
  try {
    check()
    return undefined
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'INVALID_PARAMETER') throw error
    return { parameter: String(error.details?.parameter ?? ''), message: error.message }
  }
}
