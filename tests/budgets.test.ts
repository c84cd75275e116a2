/**
 * Participatory budgeting end to end, as the issue checks it, with axe on every page state:
 * - a partnership admin sets up three rounds through the staff pages (knapsack, k-approval,
 *   points): proposals from groups, feasibility reviews, shortlist, phases;
 * - a young person votes under each rule using only the keyboard (Tab, Space, Enter, typing),
 *   sees the running total and why a project does not fit, checks, confirms, changes their
 *   ballot (same receipt), and later checks the receipt code;
 * - a facilitator enters two paper ballots;
 * - the admin closes voting and publishes results with a reason for every project, which the
 *   public page shows without sign-in.
 */
import type { Locator, Page } from '@playwright/test';
import { DEMO } from '../scripts/demo.js';
import { checkA11y, expect, finishContext, test, visit } from './fixtures';
import { staffSignIn, ownBrowser } from './journeys';

const PROJECTS = [
	['Skate park lights', '9500'],
	['Youth club trips', '6000'],
	['Library games', '4000'],
	['Park benches', '2500']
] as const;

async function youngSignIn(page: Page) {
	await visit(page, '/signin/young');
	await page.getByLabel('Panel code').fill(DEMO.joinCode);
	await page.getByLabel('Your made-up name').fill(DEMO.member.pseudonym);
	await page.getByLabel('Your passphrase').fill(DEMO.member.passphrase);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Your panels' })).toBeVisible();
	await checkA11y(page);
}

/** Presses Tab until `target` has the focus: the keyboard way to reach a control. */
async function tabTo(page: Page, target: Locator, max = 80) {
	const handle = await target.elementHandle();
	for (let i = 0; i < max; i++) {
		if (await page.evaluate((el) => el === document.activeElement, handle)) return;
		await page.keyboard.press('Tab');
	}
	throw new Error(`Could not reach ${target} with the Tab key`);
}

/** Tabs to a control and presses a key on it. */
async function press(page: Page, target: Locator, key: 'Space' | 'Enter') {
	await tabTo(page, target);
	await page.keyboard.press(key);
}

type Rule = { kind: 'knapsack' } | { kind: 'k'; min: string; max: string } | { kind: 'points'; total: string; max: string; codes?: boolean };

/** Sets a round up through the staff pages and opens voting. Returns its id. */
async function setUpRound(page: Page, title: string, rule: Rule): Promise<string> {
	await visit(page, '/staff/budgets');
	await page.getByRole('link', { name: 'Create a budget round' }).click();
	await checkA11y(page);
	await page.getByLabel('Title').fill(title);
	await page.getByLabel('What is being decided').fill('How the youth fund is spent next year.');
	await page.getByLabel('Budget, in whole pounds').fill('20000');
	await page.getByLabel('Northbay Youth Voice').check();
	if (rule.kind === 'knapsack') await page.getByLabel('Pick projects that fit in the budget').check();
	if (rule.kind === 'k') {
		await page.getByLabel('Pick a number of projects').check();
		await page.getByLabel('Fewest projects a voter must pick').fill(rule.min);
		await page.getByLabel('Most projects a voter can pick').fill(rule.max);
	}
	if (rule.kind === 'points') {
		await page.getByLabel('Share points between projects').check();
		await page.getByLabel('Points each voter shares').fill(rule.total);
		await page.getByLabel('Most points on one project').fill(rule.max);
		if (rule.codes) await page.getByLabel('Yes, allow voting codes').check();
	}
	await page.getByRole('button', { name: 'Create the round' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Budget round created.' })).toBeVisible();
	await checkA11y(page);
	const id = /\/staff\/budgets\/([0-9a-f-]{36})/.exec(page.url())![1];

	const nav = page.getByRole('navigation', { name: 'Round sections' });
	await nav.getByRole('link', { name: 'Proposals' }).click();
	await checkA11y(page);
	for (const [name, cost] of PROJECTS) {
		await page.getByLabel('Which group is it from?').fill('Year 8 at Northbay Academy');
		await page.getByLabel('Your idea in a few words').fill(name);
		await page.getByLabel('Tell us more').fill(`${name} for young people in Northbay.`);
		await page.getByLabel('About how much would it cost?').fill(cost);
		await page.getByRole('button', { name: 'Add proposal' }).click();
		await expect(page.getByRole('status').filter({ hasText: 'Proposal added.' })).toBeVisible();
		await checkA11y(page);
	}
	for (const [name] of PROJECTS) {
		const card = page.getByRole('article', { name });
		await card.getByLabel('It can be done').check();
		await card.getByRole('button', { name: `Save review for ${name}` }).click();
		await expect(page.getByRole('status').filter({ hasText: 'Review saved.' })).toBeVisible();
		await checkA11y(page);
		await page.getByRole('article', { name }).getByRole('button', { name: `Put on the ballot for ${name}` }).click();
		await expect(page.getByRole('status').filter({ hasText: 'Shortlist updated.' })).toBeVisible();
		await checkA11y(page);
	}
	for (const next of ['Checking ideas', 'Voting']) {
		await nav.getByRole('link', { name: 'Overview and phases' }).click();
		await checkA11y(page);
		await page.getByRole('link', { name: `Move to ${next}` }).click();
		await checkA11y(page);
		await page.getByRole('button', { name: `Yes, move to ${next}` }).click();
		await expect(page.getByRole('status').filter({ hasText: `The round is now in the ${next} phase.` })).toBeVisible();
		await checkA11y(page);
	}
	return id;
}

const total = (page: Page) => page.getByTestId('ballot-total');

/** From the ballot page: Tab to "Check my choices", Enter; then "Confirm my vote"; returns the receipt. */
async function reviewAndConfirm(page: Page, expectChosen: string[]): Promise<string> {
	await press(page, page.getByRole('button', { name: 'Check my choices' }), 'Enter');
	await expect(page.getByRole('heading', { level: 1, name: 'Check your choices' })).toBeVisible();
	for (const name of expectChosen) await expect(page.getByRole('term').filter({ hasText: name })).toBeVisible();
	await checkA11y(page);
	await press(page, page.getByRole('button', { name: 'Confirm my vote' }), 'Enter');
	await expect(page.getByTestId('receipt-code')).toBeVisible();
	await checkA11y(page);
	return (await page.getByTestId('receipt-code').textContent())!.trim();
}

test('budget rounds: set up, three ballots by keyboard, a changed vote, a receipt, paper ballots, results', async ({ page, browser }) => {
	test.setTimeout(420_000);
	const stamp = Date.now() % 100000;

	await staffSignIn(page, 'admin@northbay.example');
	const knapsack = await setUpRound(page, `Youth Fund ${stamp}`, { kind: 'knapsack' });
	const kApproval = await setUpRound(page, `Pick Projects ${stamp}`, { kind: 'k', min: '2', max: '3' });
	const points = await setUpRound(page, `Share Points ${stamp}`, { kind: 'points', total: '10', max: '5', codes: true });

	const yp = await ownBrowser(browser);
	const me = yp.page;
	await youngSignIn(me);

	// Knapsack, by keyboard only.
	await visit(me, `/budgets/${knapsack}`);
	await expect(me.getByText('Pick projects that add up to £20,000 or less.')).toBeVisible();
	await expect(me.getByText('There is £20,000 to spend.')).toBeVisible();
	await press(me, me.getByRole('checkbox', { name: 'Skate park lights' }), 'Space');
	await expect(total(me)).toContainText('You have picked £9,500 of £20,000.');
	await expect(total(me)).toContainText('£10,500 is left.');
	await press(me, me.getByRole('checkbox', { name: 'Youth club trips' }), 'Space');
	await expect(total(me)).toContainText('£4,500 is left.');
	// A project that does not fit says why.
	await expect(me.getByText('This costs £9,500 but only').or(me.getByText('This costs £6,000 but only'))).toHaveCount(0);
	await press(me, me.getByRole('checkbox', { name: 'Library games' }), 'Space');
	await expect(total(me)).toContainText('£500 is left.');
	await expect(me.getByText('This costs £2,500 but only £500 is left.')).toBeVisible();
	await checkA11y(me);
	const first = await reviewAndConfirm(me, ['Skate park lights', 'Youth club trips', 'Library games']);
	expect(first).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{2}$/);
	await expect(me.getByRole('heading', { level: 1, name: 'Your vote has been counted' })).toBeVisible();

	// Change the ballot: it shows the current choices; the receipt stays the same.
	await press(me, me.getByRole('link', { name: 'Change my vote' }), 'Enter');
	await expect(me.getByRole('checkbox', { name: 'Skate park lights' })).toBeChecked();
	await expect(me.getByText('You have already voted.')).toBeVisible();
	await checkA11y(me);
	await press(me, me.getByRole('checkbox', { name: 'Library games' }), 'Space');
	await press(me, me.getByRole('checkbox', { name: 'Park benches' }), 'Space');
	await expect(total(me)).toContainText('You have picked £18,000 of £20,000.');
	const changed = await reviewAndConfirm(me, ['Skate park lights', 'Youth club trips', 'Park benches']);
	await expect(me.getByRole('heading', { level: 1, name: 'Your vote has been changed' })).toBeVisible();
	expect(changed).toBe(first);

	// k-approval: too few is explained on the check step, then fixed.
	await visit(me, `/budgets/${kApproval}`);
	await expect(me.getByText('Pick between 2 and 3 projects.')).toBeVisible();
	await press(me, me.getByRole('checkbox', { name: 'Park benches' }), 'Space');
	await expect(total(me)).toContainText('You have picked 1 project.');
	await press(me, me.getByRole('button', { name: 'Check my choices' }), 'Enter');
	await expect(me.getByRole('alert').filter({ hasText: 'Pick at least 2 projects. You have picked 1.' })).toBeVisible();
	await checkA11y(me);
	await press(me, me.getByRole('checkbox', { name: 'Library games' }), 'Space');
	await expect(total(me)).toContainText('You can pick 1 more.');
	await reviewAndConfirm(me, ['Park benches', 'Library games']);

	// Points: typed into the boxes.
	await visit(me, `/budgets/${points}`);
	await expect(me.getByText('Share 10 points between the projects you like. You can put at most 5 points on one project.')).toBeVisible();
	await tabTo(me, me.getByLabel('Points for Skate park lights'));
	await me.keyboard.type('5');
	await tabTo(me, me.getByLabel('Points for Park benches'));
	await me.keyboard.type('4');
	await expect(total(me)).toContainText('You have used 9 of your 10 points.');
	await expect(total(me)).toContainText('You have 1 point left.');
	await checkA11y(me);
	await reviewAndConfirm(me, ['Skate park lights', 'Park benches']);

	// A class without accounts votes with printed single-use codes.
	await visit(page, `/staff/budgets/${points}/codes`);
	await page.getByLabel('How many codes?').fill('2');
	await page.getByLabel('Label (optional)').fill('Hillside Academy Year 8');
	await page.getByRole('button', { name: 'Make codes' }).click();
	await expect(page.getByTestId('voting-code')).toHaveCount(2);
	await expect(page.getByRole('img', { name: /QR code that opens the voting page/ })).toHaveCount(2);
	await checkA11y(page);
	const code = (await page.getByTestId('voting-code').first().textContent())!.trim();
	const pupil = await ownBrowser(browser);
	await visit(pupil.page, `/vote?code=${code.replace(/-/g, '')}`);
	await expect(pupil.page.getByLabel('Voting code')).toHaveValue(code);
	await pupil.page.getByRole('button', { name: 'Continue' }).click();
	await expect(pupil.page.getByRole('heading', { level: 1, name: `Share Points ${stamp}` })).toBeVisible();
	await checkA11y(pupil.page);
	await pupil.page.getByLabel('Points for Library games').fill('5');
	await pupil.page.getByLabel('Points for Youth club trips').fill('5');
	await expect(total(pupil.page)).toContainText('You have 0 points left.');
	const pupilReceipt = await reviewAndConfirm(pupil.page, ['Library games', 'Youth club trips']);
	expect(pupilReceipt).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{2}$/);
	// The code works once.
	await visit(pupil.page, `/vote?code=${code}`);
	await pupil.page.getByRole('button', { name: 'Continue' }).click();
	await expect(pupil.page.getByRole('alert').filter({ hasText: 'That code has already been used to vote.' })).toBeVisible();
	await checkA11y(pupil.page);

	// Later: check the receipt code.
	await visit(me, '/budgets/receipt');
	await tabTo(me, me.getByLabel('Receipt code'));
	await me.keyboard.type(first.toLowerCase());
	await me.keyboard.press('Enter');
	await expect(me.getByRole('status').filter({ hasText: 'Your vote was counted' })).toBeVisible();
	await checkA11y(me);

	// A facilitator enters two paper ballots for the knapsack round.
	const fac = await ownBrowser(browser);
	await staffSignIn(fac.page, 'facilitator@northbay.example');
	await visit(fac.page, `/staff/budgets/${knapsack}/paper`);
	for (const picks of [['Skate park lights', 'Library games'], ['Youth club trips', 'Library games', 'Park benches']]) {
		await fac.page.getByLabel('Where was it filled in?').first().fill('Northbay youth centre');
		for (const name of picks) await fac.page.getByRole('checkbox', { name: new RegExp(`^${name}`) }).check();
		await fac.page.getByRole('button', { name: 'Save this ballot' }).click();
		await expect(fac.page.getByRole('status').filter({ hasText: 'Paper ballot saved.' })).toBeVisible();
		await checkA11y(fac.page);
	}
	await expect(fac.page.getByText('Single paper ballots entered: 2.')).toBeVisible();

	// The admin closes voting and publishes the results with explanations.
	await visit(page, `/staff/budgets/${knapsack}`);
	await page.getByRole('link', { name: 'Move to Results' }).click();
	await expect(page.getByText('Voting closes straight away.')).toBeVisible();
	await checkA11y(page);
	await page.getByRole('button', { name: 'Yes, move to Results' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'The round is now in the Results phase.' })).toBeVisible();
	await checkA11y(page);
	await page.getByRole('navigation', { name: 'Round sections' }).getByRole('link', { name: 'Results' }).click();
	await expect(page.getByText('This is what will be published.')).toBeVisible();
	await expect(page.getByRole('cell', { name: /^(Funded|Not funded): / }).first()).toBeVisible();
	await checkA11y(page);
	await page.getByRole('button', { name: 'Publish the results' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Results published.' })).toBeVisible();
	await checkA11y(page);

	// Anyone can read them, with a reason for every project.
	const pub = await ownBrowser(browser);
	await visit(pub.page, `/p/northbay/budgets/${knapsack}`);
	await expect(pub.page.getByRole('heading', { level: 1, name: `Results: Youth Fund ${stamp}` })).toBeVisible();
	await expect(pub.page.getByText('3 people voted')).toBeVisible();
	const reasons = pub.page.getByRole('cell', { name: /^(Funded|Not funded): / });
	await expect(reasons).toHaveCount(4);

	// The young person's ballot page now links to the results; no vote can be cast.
	await visit(me, `/budgets/${knapsack}`);
	await expect(me.getByText('Voting has closed.')).toBeVisible();
	await me.getByRole('link', { name: 'See the results' }).click();
	await expect(me.getByRole('heading', { level: 1, name: `Results: Youth Fund ${stamp}` })).toBeVisible();
	await checkA11y(me);

	for (const b of [yp, fac, pub, pupil]) {
		await finishContext(b.context);
		await b.context.close();
	}
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('"Update my total" comes back with the total and why a project does not fit', async ({ page }) => {
		await youngSignIn(page);
		await visit(page, '/budgets');
		// The k-approval round the test above opened (and left open).
		await page.getByRole('link', { name: /^Pick Projects/ }).click();
		await expect(page.getByText('Pick between 2 and 3 projects.')).toBeVisible();
		await checkA11y(page);
		for (const [name] of PROJECTS) {
			const box = page.getByRole('checkbox', { name });
			if (!(await box.isChecked())) await box.check();
		}
		await page.getByRole('button', { name: 'Update my total' }).click();
		await expect(page.getByRole('alert').filter({ hasText: 'Pick no more than 3 projects. You have picked 4.' })).toBeVisible();
		await expect(page.getByTestId('ballot-total')).toContainText('That is 1 too many.');
		await expect(page.getByText('You have already picked 3 projects. That is the most you can pick.').first()).toBeVisible();
		await checkA11y(page);
	});
});
