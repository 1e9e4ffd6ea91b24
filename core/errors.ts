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
      fields: [{ field: 'endsAt', message: 'must be after startsAt' }],
    }),
  contradictoryRules: () =>
    new AppError('CONTRADICTORY_RULES', 400, 'newCustomersOnly cannot be combined with minPastPurchases above 0', {
      fields: [{ field: 'rules', message: 'newCustomersOnly excludes every shopper with past purchases' }],
    }),
  limitBelowConfirmed: (limit: number, confirmed: number) =>
    new AppError('LIMIT_BELOW_CONFIRMED', 409, `limit ${limit} is below the ${confirmed} entries already confirmed`, {
      confirmed,
    }),
  statePublishFailed: (id: number) =>
    new AppError(
      'STATE_NOT_PUBLISHED',
      503,
      `activity ${id} was saved but Redis did not take its new state; it is published again at the next change or core start`,
    ),
}
