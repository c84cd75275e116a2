export const STAFF_ROLES = ['partnership_admin', 'commissioner', 'facilitator', 'safeguarding_lead'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** Who may manage a panel's members (admit, reset passphrases): mirrored by private.has_role in SQL. */
export const PANEL_MANAGERS: readonly StaffRole[] = ['partnership_admin', 'facilitator'];
