/**
 * What the platform records and what it does not, said once: the model's system prompt
 * (prompt.ts, rule 2) and the built-in analyst's "not recorded" answer (analyst-rules.ts) are both
 * made from these lists, so the two assistants never disagree about what can be asked.
 */

/** What a marketer can ask about: the figures the tools return. */
export const recordedData = [
  'page views',
  'scrolls',
  'clicks',
  'approved reservations (holds)',
  'purchases and their revenue',
  'member grades',
  'new vs returning customers',
  'the hour things happened',
  'costs (budgets)',
  'LTV, CAC and ROAS',
  'retention and repeat purchases',
] as const

/** What the platform does not record, with how a question names it; never estimated. */
export const unrecordedData: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bdemograph/i, 'demographics'],
  [/\bages?\b|\bage (group|bracket)s?\b|\bhow old\b|\b\d0s\b/i, 'age'],
  [/\bgenders?\b|\bsex\b|\b(wo)?men\b|\bfemale|\bmale\b/i, 'gender'],
  [/\bsearch(es|ed|ing)?\b|\bkeywords?\b/i, 'search terms'],
  [/\bincomes?\b|\bsalar(y|ies)\b|\boccupations?\b|\bjobs? title/i, 'income or occupation'],
  [/\bethnic|\bnationalit|\bmarital\b|\beducation\b/i, 'personal attributes'],
  [/\blocations?\b|\bcit(y|ies)\b|\bcountr(y|ies)\b|\bregions?\b|\bgeo/i, 'location'],
  [/\btraffic sources?\b|\butm\b|\bad creatives?\b|\bcreatives\b/i, 'traffic sources or ad creatives'],
]
