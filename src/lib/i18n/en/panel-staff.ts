/** Staff pages for running a youth panel (src/routes/staff/panels/**). */
export const panelStaff = {
	placeholder: 'Panel'
} as const;
