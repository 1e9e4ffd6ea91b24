/** The errors core's callers can act on, each with its code and HTTP status in one place. */
import { AppError } from '../common/errors'

export const coreErrors = {
  unauthorized: () => new AppError('UNAUTHORIZED', 401, 'missing or wrong x-axon-internal-token header'),
  unknownCampaign: (id: number) => new AppError('UNKNOWN_CAMPAIGN', 404, `campaign ${id} does not exist`),
  unknownProduct: (id: number) => new AppError('UNKNOWN_PRODUCT', 404, `product ${id} does not exist`),
  unknownActivity: (id: number) => new AppError('UNKNOWN_ACTIVITY', 404, `activity ${id} does not exist`),
  unknownShopper: (id: number) => new AppError('UNKNOWN_SHOPPER', 404, `shopper ${id} is not known to core`),
  invalidWindow: () =>
    new AppError('INVALID_WINDOW', 400, 'endsAt must be after startsAt', {
      // the field's message shows next to the form's "Ends" field: in the marketer's words
      fields: [{ field: 'endsAt', message: 'must be after the start' }],
    }),
  contradictoryRules: () =>
    new AppError('CONTRADICTORY_RULES', 400, 'newCustomersOnly cannot be combined with minPastPurchases above 0', {
      fields: [{ field: 'rules/newCustomersOnly', message: 'cannot be combined with past purchases above 0: untick it, or leave past purchases empty' }],
    }),
  limitBelowTaken: (limit: number, confirmed: number, holds: number) =>
    new AppError(
      'LIMIT_BELOW_TAKEN',
      409,
      `limit ${limit} is below the ${confirmed + holds} units already taken (${confirmed} confirmed, ${holds} held); ` +
        'holds lapse or are paid within the hold time, try again then',
      { limit, confirmed, holds },
    ),
  stateRestoring: () =>
    new AppError('STATE_RESTORING', 503, 'Redis lost its data and core is restoring it from MySQL; nothing was saved, try again in a few seconds', {
      retryAfterSeconds: 2,
    }),
  commandsPending: (activityId: number, unapplied: number) =>
    new AppError(
      'COMMANDS_PENDING',
      409,
      `activity ${activityId} has ${unapplied} paid entries core has not yet written to MySQL; nothing moved, try again once its workers caught up`,
      { activityId, unapplied, retryAfterSeconds: 5 },
    ),
  devOnly: (what: string) => new AppError('DEV_ONLY', 403, `${what} is a development tool and is refused in production`),
  statePublishFailed: () =>
    new AppError('STATE_NOT_PUBLISHED', 503, 'the activity was not saved: Redis did not take its new state; try again'),
}
