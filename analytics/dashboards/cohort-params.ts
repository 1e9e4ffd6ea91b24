/**
 * The cohort question's parameters: the schema (the JSON API and the assistant's tools both check
 * against it) and the reading of its dates. A date is ISO-8601 with or without a zone (none = UTC)
 * or a date alone (UTC midnight); a date-only end date takes in its whole day. Anything wrong is a
 * 400 INVALID_PARAMETER naming the parameter.
 */
import { FormatRegistry, Type, type Static } from '@sinclair/typebox'
import { TypeCompiler } from '@sinclair/typebox/compiler'
import { AppError } from '../../common/errors'
import { instantMs } from '../../common/schemas/formats'

const dateOnly = /^\d{4}-\d{2}-\d{2}$/
const zoned = /(Z|[+-]\d{2}:\d{2})$/

/** Milliseconds of a report date (UTC midnight for a date alone), NaN when it is not one. */
function reportDateMs(value: string): number {
  if (dateOnly.test(value)) return instantMs(`${value}T00:00:00Z`)
  return instantMs(zoned.test(value) ? value : `${value}Z`)
}

if (!FormatRegistry.Has('report-date')) FormatRegistry.Set('report-date', (v) => !Number.isNaN(reportDateMs(v)))

const dateRule = 'must be an ISO-8601 date-time (with or without a zone; none = UTC) or a date, e.g. 2024-11-30 or 2024-11-30T23:59:59+09:00'

export const cohortParams = Type.Object({
  activityId: Type.Integer({ minimum: 1, description: 'the activity whose first purchasers form the cohort' }),
  startDate: Type.String({ format: 'report-date', description: 'first purchases from this instant (a date alone: its UTC midnight)' }),
  endDate: Type.String({ format: 'report-date', description: 'first purchases up to this instant inclusive (a date alone: its whole UTC day)' }),
  retention: Type.Optional(
    Type.Union([Type.Literal('rolling'), Type.Literal('calendar')], {
      description: 'rolling: N × 24 h after the first purchase (default); calendar: N shop calendar days',
    }),
  ),
})
export type CohortParams = Static<typeof cohortParams>

export interface CohortQuestion {
  activityId: number
  from: Date
  /** exclusive */
  to: Date
  retention: 'rolling' | 'calendar'
}

const compiled = TypeCompiler.Compile(cohortParams)

export function invalidParameter(parameter: string, message: string): AppError {
  return new AppError('INVALID_PARAMETER', 400, `${parameter} ${message}`, { parameter })
}

/** The checked question, or a 400 naming the first parameter that is missing or wrong. */
export function readCohortParams(params: CohortParams): CohortQuestion {
  const error = compiled.Errors(params).First()
  if (error) {
    const parameter = error.path.replace(/^\//, '').split('/')[0] || 'query'
    const value = (params as Record<string, unknown>)[parameter]
    if (value === undefined) throw invalidParameter(parameter, 'is required')
    if (parameter === 'startDate' || parameter === 'endDate') throw invalidParameter(parameter, dateRule)
    if (parameter === 'retention') throw invalidParameter(parameter, 'must be rolling or calendar')
    throw invalidParameter(parameter, 'must be a whole number from 1')
  }
  const from = reportDateMs(params.startDate)
  const end = reportDateMs(params.endDate)
  // an end given as a date takes in its whole day; an instant is included itself (DATETIME(3): to the ms)
  const to = dateOnly.test(params.endDate) ? end + 86_400_000 : end + 1
  if (to <= from) throw invalidParameter('endDate', 'must not be before startDate')
  return { activityId: params.activityId, from: new Date(from), to: new Date(to), retention: params.retention ?? 'rolling' }
}
