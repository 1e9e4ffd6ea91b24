/**
 * People read from Elasticsearch: visitors paged out of composite aggregations, their anonymous
 * ids resolved to linked users (people-queries.ts), merged into people in the process. Exact at
 * any size; the cost grows with the visitors of the scope (one page per 10,000, one link search
 * per 10,000 anonymous ids), which is what a per-person answer costs anyway.
 */
import { triggerTypes, type TriggerType } from '../../../common/schemas/behavior-event'
import type { PersonFirsts, Scope, TimeRange } from '../port'
import { userIdOf } from '../rollup-keys'
import { activeVisitors, activeVisitorsSearch, links, linksSearch, peoplePageSize, visitorFirsts, visitorFirstsSearch } from './people-queries'
import type { Response, SearchBody } from './queries'

type Search = (body: SearchBody) => Promise<Response>
type After = Parameters<typeof activeVisitorsSearch>[2]

async function allPages<T>(search: Search, body: (after?: After) => SearchBody, read: (response: Response) => { items: T[]; next?: After }) {
  const items: T[] = []
  let after: After | undefined
  do {
    const page = read(await search(body(after)))
    items.push(...page.items)
    after = page.next
  } while (after)
  return items
}

/** visitor → person: a linked anonymous visitor becomes its user, any other stays itself. */
async function personResolver(search: Search, visitors: readonly string[]): Promise<(visitor: string) => string> {
  const anonymous = [...new Set(visitors.filter((v) => v.startsWith('a:')).map((v) => v.slice(2)))]
  const linked = new Map<string, number>()
  for (let i = 0; i < anonymous.length; i += peoplePageSize)
    for (const [id, userId] of links(await search(linksSearch(anonymous.slice(i, i + peoplePageSize))))) linked.set(id, userId)
  return (visitor) => {
    const userId = visitor.startsWith('a:') ? linked.get(visitor.slice(2)) : undefined
    return userId === undefined ? visitor : `u:${userId}`
  }
}

export async function personFirsts(search: Search, scope: Scope, triggers: readonly TriggerType[], range?: TimeRange): Promise<PersonFirsts[]> {
  if (!triggers.length) return []
  const rows = await allPages(search, (after) => visitorFirstsSearch(scope, triggers, range, after), (response) => {
    const { rows, next } = visitorFirsts(response)
    return { items: rows, next }
  })
  const personOf = await personResolver(search, rows.map((r) => r.visitor))
  const people = new Map<string, PersonFirsts>()
  for (const { visitor, triggerType, firstAt } of rows) {
    const person = personOf(visitor)
    const entry = people.get(person) ?? { person, userId: userIdOf(person), first: {} }
    const known = entry.first[triggerType]
    if (known === undefined || firstAt < Date.parse(known)) entry.first[triggerType] = new Date(firstAt).toISOString()
    people.set(person, entry)
  }
  return [...people.values()].sort((a, b) => (a.person < b.person ? -1 : a.person > b.person ? 1 : 0))
}

export async function peopleByTrigger(search: Search, scope: Scope, range?: TimeRange) {
  const counts: Partial<Record<TriggerType, number>> = {}
  for (const { first } of await personFirsts(search, scope, triggerTypes, range))
    for (const type of Object.keys(first) as TriggerType[]) counts[type] = (counts[type] ?? 0) + 1
  return counts
}

export async function activePeople(search: Search, scope: Scope, since: Date): Promise<number> {
  const visitors = await allPages(search, (after) => activeVisitorsSearch(scope, since, after), (response) => {
    const { visitors, next } = activeVisitors(response)
    return { items: visitors, next }
  })
  const personOf = await personResolver(search, visitors)
  return new Set(visitors.map(personOf)).size
}
