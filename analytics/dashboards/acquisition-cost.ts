/**
 * The one definition of an activity's acquisition cost, which the costs panel and the cohort both
 * use: its own budget when set, else an equal share of what the campaign budget leaves after its
 * activities' own budgets (never below 0), among the activities without one. Counted in cents and
 * the share rounded to the cent, so every figure derived from a cost starts from the same amount.
 */
export interface BudgetedActivity {
  id: number
  /** its own budget; null: it shares the campaign's */
  budget: number | null
}

export function acquisitionCosts(campaignBudget: number, activities: readonly BudgetedActivity[]): Map<number, number> {
  const cents = (amount: number) => Math.round(amount * 100)
  const budgeted = activities.reduce((sum, a) => sum + (a.budget === null ? 0 : cents(a.budget)), 0)
  const sharing = activities.filter((a) => a.budget === null).length
  const shareCents = sharing ? Math.round(Math.max(0, cents(campaignBudget) - budgeted) / sharing) : 0
  return new Map(activities.map((a) => [a.id, a.budget === null ? shareCents / 100 : a.budget]))
}
