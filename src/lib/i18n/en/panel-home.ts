/** A young person's panel pages (src/routes/panels/**). */
export const panelHome = {
	placeholder: 'Your panel'
} as const;
