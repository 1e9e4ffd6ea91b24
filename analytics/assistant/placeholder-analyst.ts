/**
 * Stands in for the built-in analyst (analyst.ts, built beside this) until it is wired: it says
 * plainly that it has no diagnosis, and never pretends to be a model. Delete once main.ts and
 * app.ts take `createBuiltInAnalyst()`.
 */
import type { BuiltInAnalyst } from './port'

export const placeholderAnalyst: BuiltInAnalyst = {
  async *answer() {
    yield { type: 'text', text: 'The built-in analyst is not available in this build yet, so this question has no answer. Open the dashboards for the numbers.' }
  },
}
