/** Steps several end-to-end journeys share. Each checks the pages it passes with axe. */
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { DEMO } from '../scripts/demo.js';
import { checkA11y, expect, visit, watchContext } from './fixtures';

/** Signs a demo staff member in (every demo staff account has DEMO.password) and lands on /staff. */
export async function staffSignIn(page: Page, email: string) {
	await visit(page, '/signin');
	await page.getByLabel('Email address').fill(email);
	await page.getByLabel('Password').fill(DEMO.password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page).toHaveURL(/\/staff$/);
	await checkA11y(page);
}

/** A second person in a browser of their own; call finishContext(context) before closing it. */
export async function ownBrowser(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
	const context = await browser.newContext();
	watchContext(context);
	return { context, page: await context.newPage() };
}

/** Joins a panel that asks for approval, as a 13–15 year-old, and stays signed in, waiting. */
export async function joinAndWait(page: Page, code: string, pseudonym: string) {
	await visit(page, `/join?code=${code}`);
	await page.getByRole('button', { name: 'Continue' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'About you' })).toBeVisible();
	await checkA11y(page);
	await page.getByLabel('13 to 15').check();
	await page.getByLabel('Pick a made-up name').fill(pseudonym);
	await page.getByRole('button', { name: 'Continue' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Your passphrase' })).toBeVisible();
	await checkA11y(page);
	await page.getByRole('button', { name: 'Join the panel' }).click();
	await expect(page).toHaveURL(/\/me\?joined=pending$/);
	await checkA11y(page);
}
