/**
 * Youth panels across every role, as the issue checks it: a facilitator creates a panel, shows its
 * QR code and admits two joiners; a young person's idea stays invisible to the other member until
 * a facilitator approves it; two ideas become a recommendation to a commissioner, who sees it with
 * its due date; a member leaves and disappears from the facilitator's list. axe on every page state.
 */
import type { Page } from '@playwright/test';
import { checkA11y, expect, finishContext, test, visit } from './fixtures';
import { joinAndWait, ownBrowser, staffSignIn } from './journeys';

async function openPanelHome(page: Page, panelName: string) {
	await visit(page, '/me');
	await page.getByRole('link', { name: panelName }).click();
	await expect(page.getByRole('heading', { level: 1, name: panelName })).toBeVisible();
	await checkA11y(page);
}

async function shareIdea(page: Page, title: string) {
	await page.getByLabel('Your idea in a few words').fill(title);
	await page.getByRole('button', { name: 'Send idea' }).click();
	await expect(page.getByRole('status')).toContainText('A youth worker will check your idea');
	await checkA11y(page);
}

test('a panel from set-up to a recommendation a commissioner must answer', async ({ page, browser }) => {
	test.setTimeout(240_000);
	const panelName = `Skate Park Panel ${Date.now() % 10000}`;
	const nav = page.getByRole('navigation', { name: 'Panel sections' });

	// The facilitator creates the panel, asks for approval of joiners, and shows the QR code.
	await staffSignIn(page, 'facilitator@northbay.example');
	await page.getByLabel('New panel name').fill(panelName);
	await page.getByRole('button', { name: 'Create panel' }).click();
	await checkA11y(page);
	await page.getByRole('link', { name: panelName }).click();
	await checkA11y(page);
	await nav.getByRole('link', { name: 'Settings' }).click();
	await checkA11y(page);
	await page.getByLabel('What this panel can change').fill('What the skate park gets next.');
	await page.getByLabel('Yes, a facilitator lets each one in').check();
	await page.getByRole('button', { name: 'Save settings' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Settings saved.' })).toBeVisible();
	await checkA11y(page);
	await nav.getByRole('link', { name: 'Join code' }).click();
	await expect(page.getByRole('img', { name: /QR code to join/ })).toBeVisible();
	await checkA11y(page);
	const code = (await page.getByTestId('join-code').first().textContent())!.trim();
	expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);

	// Two young people join in their own browsers and wait; the facilitator admits both.
	const ash = await ownBrowser(browser);
	const bo = await ownBrowser(browser);
	await joinAndWait(ash.page, code, 'Ash Runner');
	await joinAndWait(bo.page, code, 'Bo Kite');
	await nav.getByRole('link', { name: /^Overview and members/ }).click();
	await checkA11y(page);
	await page.getByRole('button', { name: 'Admit Ash Runner' }).click();
	await checkA11y(page);
	await page.getByRole('button', { name: 'Admit Bo Kite' }).click();
	await expect(page.getByRole('cell', { name: 'Bo Kite', exact: true })).toBeVisible();
	await checkA11y(page);

	// Ash shares two ideas; Bo cannot see them until they are approved.
	await openPanelHome(ash.page, panelName);
	await shareIdea(ash.page, 'Lights at the skate park');
	await shareIdea(ash.page, 'Benches by the ramps');
	await expect(ash.page.getByText('Waiting for a check')).toHaveCount(2);
	await openPanelHome(bo.page, panelName);
	await expect(bo.page.getByText('Lights at the skate park')).toHaveCount(0);
	await expect(bo.page.getByText('Benches by the ramps')).toHaveCount(0);

	await nav.getByRole('link', { name: /^Ideas to check/ }).click();
	await checkA11y(page);
	for (const title of ['Lights at the skate park', 'Benches by the ramps']) {
		await page.getByRole('article', { name: title }).getByRole('button', { name: 'Approve and share' }).click();
		await checkA11y(page);
	}
	await bo.page.reload();
	await expect(bo.page.getByText('Lights at the skate park')).toBeVisible();
	await expect(bo.page.getByText('Benches by the ramps')).toBeVisible();
	await expect(bo.page.getByText('Ash Runner')).toHaveCount(0);
	await checkA11y(bo.page);

	// After a meeting the facilitator turns both ideas into a recommendation to Tom Reed.
	await nav.getByRole('link', { name: 'Recommendations' }).click();
	await checkA11y(page);
	await page.getByRole('link', { name: 'Record a recommendation' }).click();
	await checkA11y(page);
	await page.getByLabel('Title').fill('Make the skate park safer after dark');
	await page.getByLabel('What the panel recommends').fill('Put in lights and benches by the ramps before the winter.');
	await page.getByLabel('Who should respond').selectOption({ label: 'Tom Reed' });
	await page.getByLabel('How many members supported it').fill('2');
	await page.getByLabel('How many members were there').fill('2');
	await page.getByLabel('Lights at the skate park').check();
	await page.getByLabel('Benches by the ramps').check();
	const due = await page.getByLabel('Response due by').inputValue();
	await page.getByRole('button', { name: 'Record the recommendation' }).click();
	await expect(page.getByRole('status')).toContainText('Tom Reed owes a response by');
	await checkA11y(page);

	// The commissioner sees it, addressed to him, with its due date and the ideas it came from.
	const tom = await ownBrowser(browser);
	await staffSignIn(tom.page, 'commissioner@northbay.example');
	await visit(tom.page, '/staff/recommendations');
	const rec = tom.page.getByRole('article', { name: 'Make the skate park safer after dark' });
	await expect(rec).toBeVisible();
	await expect(rec).toContainText(panelName);
	const [y, m, d] = due.split('-').map(Number);
	const dueText = new Date(Date.UTC(y, m - 1, d, 12)).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' });
	await expect(rec).toContainText(dueText);
	await expect(rec).toContainText('Lights at the skate park');
	await expect(rec).toContainText('2 of 2 members who were there');

	// Bo leaves; the facilitator's member list no longer has them.
	await bo.page.getByRole('link', { name: 'Leave this panel' }).click();
	await checkA11y(bo.page);
	await bo.page.getByRole('button', { name: 'Yes, leave' }).click();
	await expect(bo.page).toHaveURL(/\/me\?left=1$/);
	await checkA11y(bo.page);
	await nav.getByRole('link', { name: /^Overview and members/ }).click();
	await expect(page.getByRole('cell', { name: 'Ash Runner', exact: true })).toBeVisible();
	await expect(page.getByRole('cell', { name: 'Bo Kite', exact: true })).toHaveCount(0);
	await checkA11y(page);

	for (const b of [ash, bo, tom]) {
		await finishContext(b.context);
		await b.context.close();
	}
});
