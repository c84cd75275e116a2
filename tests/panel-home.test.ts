/**
 * A young person's panel pages, end to end: /me → the panel home → sharing an idea (and being
 * refused kindly when it carries a phone number) → leaving through the confirmation page. axe-core
 * checks every page state. Leaving uses Misty Wren, whom no other test relies on, so Blue Otter
 * (the printed demo member) stays on the panel.
 */
import type { Page } from '@playwright/test';
import { DEMO } from '../scripts/demo.js';
import { checkA11y, expect, finishContext, test, visit, watchContext } from './fixtures';

const PANEL_ID = 'b0000000-0000-4000-8000-000000000001';

async function youngSignIn(page: Page, pseudonym: string) {
	await visit(page, '/signin/young');
	await page.getByLabel('Panel code').fill(DEMO.joinCode);
	await page.getByLabel('Your made-up name').fill(pseudonym);
	await page.getByLabel('Your passphrase').fill(DEMO.member.passphrase);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page).toHaveURL(/\/me$/);
	await expect(page.getByRole('heading', { level: 1, name: 'Your panels' })).toBeVisible();
	await checkA11y(page);
}

async function openPanelHome(page: Page) {
	await page.getByRole('link', { name: DEMO.panelName }).click();
	await expect(page).toHaveURL(new RegExp(`/panels/${PANEL_ID}$`));
	await expect(page.getByRole('heading', { level: 1, name: DEMO.panelName })).toBeVisible();
	await checkA11y(page);
}

test('a member opens their panel home, shares an idea, and is refused kindly when it has a phone number in it', async ({ page }) => {
	await youngSignIn(page, DEMO.member.pseudonym);
	await expect(page.getByText(`Your name here: ${DEMO.member.pseudonym}`)).toBeVisible();
	await openPanelHome(page);

	// Space and voice: what the panel can and can't change, and a calm "happening now".
	await expect(page.getByRole('heading', { level: 2, name: 'What this panel can change' })).toBeVisible();
	await expect(page.getByRole('heading', { level: 2, name: "What it can't change" })).toBeVisible();
	await expect(page.getByRole('heading', { level: 2, name: "What's happening now" })).toBeVisible();
	// The demo budget round is open: one line saying what is decided and by when, linking to the ballot.
	await expect(page.getByRole('link', { name: 'Northbay Youth Fund 2026' })).toBeVisible();
	await expect(page.getByText(/Vote on how £20,000 is spent – voting closes on \d{1,2} \w+ \d{4}/)).toBeVisible();
	await expect(page.getByRole('heading', { level: 2, name: 'Meetings' })).toBeVisible();

	// Share an idea: it waits for a check.
	await page.getByLabel('Your idea in a few words').fill('Later opening at the skate park');
	await page.getByLabel('What is your idea, and why does it matter?').fill('Lots of us are at school until 4.');
	await page.getByRole('button', { name: 'Send idea' }).click();
	await expect(page).toHaveURL(new RegExp(`/panels/${PANEL_ID}\\?idea=sent#your-ideas$`));
	await expect(page.getByRole('status')).toContainText('Thanks! A youth worker will check your idea before others can see it.');
	const mine = page.locator('section', { has: page.getByRole('heading', { name: 'Your ideas' }) });
	await expect(page.getByRole('heading', { level: 3, name: 'Your ideas' })).toBeVisible();
	await expect(mine.getByText('Later opening at the skate park')).toBeVisible();
	await expect(mine.getByText('Waiting for a check')).toHaveCount(1);
	await checkA11y(page);

	// An idea with a phone number is refused before anything is sent, with the reason.
	await page.getByLabel('Your idea in a few words').fill('Ring me on 07700 900123');
	await page.getByRole('button', { name: 'Send idea' }).click();
	const summary = page.getByRole('alert');
	await expect(summary).toContainText("To keep you safe, we don't share contact details.");
	await expect(page.getByLabel('Your idea in a few words')).toHaveValue('Ring me on 07700 900123');
	await expect(page).toHaveTitle(/^Error: /);
	await checkA11y(page);
	// The error summary link takes you to the box to fix.
	await summary.getByRole('link').click();
	await expect(page.getByLabel('Your idea in a few words')).toBeFocused();
	await expect(mine.getByText('Waiting for a check')).toHaveCount(1);
	await expect(page.getByText('Ring me on 07700 900123', { exact: true })).toHaveCount(0);
});

test('a member leaves through the confirmation page, lands on /me, and is off the member list', async ({ page, browser }) => {
	await youngSignIn(page, 'Misty Wren');
	await openPanelHome(page);

	await page.getByRole('link', { name: 'Leave this panel' }).click();
	await expect(page).toHaveURL(new RegExp(`/panels/${PANEL_ID}/leave$`));
	await expect(page.getByRole('heading', { level: 1, name: `Leave ${DEMO.panelName}?` })).toBeVisible();
	await expect(page.getByText('You will no longer be on the member list.')).toBeVisible();
	await expect(page.getByText("What you shared stays, shown as 'a panel member'.")).toBeVisible();
	await expect(page.getByRole('link', { name: 'read how on the Privacy page' })).toHaveAttribute('href', '/privacy');
	await checkA11y(page);

	// "No, stay" changes nothing.
	await page.getByRole('button', { name: 'No, stay' }).click();
	await expect(page).toHaveURL(new RegExp(`/panels/${PANEL_ID}$`));
	await checkA11y(page);

	await page.getByRole('link', { name: 'Leave this panel' }).click();
	await expect(page).toHaveURL(new RegExp(`/panels/${PANEL_ID}/leave$`));
	await checkA11y(page);
	await page.getByRole('button', { name: 'Yes, leave' }).click();
	await expect(page).toHaveURL(/\/me\?left=1$/);
	await expect(page.getByRole('status')).toContainText('You have left the panel');
	await expect(page.getByRole('link', { name: DEMO.panelName })).toHaveCount(0);
	await checkA11y(page);

	// The panel home is closed to them now.
	await visit(page, `/panels/${PANEL_ID}`, { status: 404 });

	// The facilitator's member list no longer has them.
	const staffContext = await browser.newContext();
	watchContext(staffContext);
	const staff = await staffContext.newPage();
	await visit(staff, '/signin');
	await staff.getByLabel('Email address').fill('facilitator@northbay.example');
	await staff.getByLabel('Password').fill(DEMO.password);
	await staff.getByRole('button', { name: 'Sign in' }).click();
	await expect(staff).toHaveURL(/\/staff$/);
	await checkA11y(staff);
	await visit(staff, `/staff/panels/${PANEL_ID}`);
	await expect(staff.getByRole('cell', { name: DEMO.member.pseudonym, exact: true })).toBeVisible();
	await expect(staff.getByRole('cell', { name: 'Misty Wren', exact: true })).toHaveCount(0);
	await finishContext(staffContext);
	await staffContext.close();
});
