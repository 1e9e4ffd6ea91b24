/** The words of the domain that several modules share: shopper grades and activity statuses. */

/** Membership grades the storefront syncs for each shopper, lowest first. */
export const memberGrades = ['BRONZE', 'SILVER', 'GOLD', 'VIP'] as const
export type MemberGrade = (typeof memberGrades)[number]

/** Only an ACTIVE activity inside its window takes reservations. */
export const activityStatuses = ['DRAFT', 'ACTIVE', 'PAUSED', 'ENDED'] as const
export type ActivityStatus = (typeof activityStatuses)[number]
