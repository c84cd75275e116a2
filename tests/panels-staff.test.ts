/**
 * The staff side of a youth panel, end to end, with axe on every page state: a facilitator creates
 * a panel, sets it up, shows its join code and QR code, makes a new code, turns on approval; two
 * young people join in their own browsers and wait; the facilitator admits both, records a meeting
 * with one tap per member, and records offline participation.
 */
import type { Browser } from '@playwright/test';
import { DEMO } from '../scripts/demo.js';
import { checkA11y, expect, finishContext, test, visit, watchContext } from './fixtures';
import { joinAndWait, ownBrowser, staffSignIn } from './journeys';

/** A young person joins with the code in a browser of their own, and is left waiting. */
async function joinInOwnBrowser(browser: Browser, code: string, pseudonym: string) {
	const { context, page } = await ownBrowser(browser);
	await joinAndWait(page, code, pseudonym);
	await finishContext(context);
	await context.close();
}

test('a facilitator sets up a panel, shows its QR code, admits two joiners, records a meeting and offline participation', async ({ page, browser }) => {
	test.setTimeout(180_000);
	const panelName = `Harbour Youth Board ${Date.now() % 1000}`;
	const nav = page.getByRole('navigation', { name: 'Panel sections' });

	// Create the panel from the dashboard and open it.
	await staffSignIn(page, 'facilitator@northbay.example');
	await page.getByLabel('New panel name').fill(panelName);
	await page.getByRole('button', { name: 'Create panel' }).click();
	await expect(page.getByText(`Panel "${panelName}" created.`)).toBeVisible();
	await checkA11y(page);
	await page.getByRole('link', { name: panelName }).click();
	await expect(page.getByRole('heading', { level: 1, name: panelName })).toBeVisible();
	await expect(page.getByText('No members yet. Show the join code to young people so they can join.')).toBeVisible();
	await checkA11y(page);

	// Settings: a mistake first, then everything, with approval turned on.
	await nav.getByRole('link', { name: 'Settings' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Panel settings' })).toBeVisible();
	await checkA11y(page);
	await page.getByLabel('Panel name').fill('');
	await page.getByLabel('10 to 12').uncheck();
	await page.getByLabel('13 to 15').uncheck();
	await page.getByRole('button', { name: 'Save settings' }).click();
	await expect(page.getByRole('alert')).toContainText('Enter a panel name');
	await expect(page.getByRole('alert')).toContainText('Choose at least one age group');
	await checkA11y(page);
	await page.getByLabel('Panel name').fill(panelName);
	await page.getByLabel('What the panel is for').fill('We help decide what changes at the harbour for young people.');
	await page.getByLabel('13 to 15').check();
	await page.getByLabel('16 to 18').check();
	await page.getByLabel('Area or school').fill('Northbay harbour');
	await page.getByLabel('How often it meets').fill('Every other Tuesday, 4pm to 5:30pm');
	await page.getByLabel('What this panel can change').fill('How the £5,000 harbour youth fund is spent.');
	await page.getByLabel('What this panel cannot change').fill('Ferry timetables.');
	await page.getByLabel('Yes, a facilitator lets each one in').check();
	await page.getByRole('group', { name: 'Facilitators who run it' }).getByLabel('Jade Okafor').check();
	await page.getByRole('group', { name: 'Commissioners it advises' }).getByLabel('Tom Reed').check();
	await page.getByRole('button', { name: 'Save settings' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Settings saved.' })).toBeVisible();
	await expect(page.getByLabel('Yes, a facilitator lets each one in')).toBeChecked();
	await expect(page.getByRole('group', { name: 'Commissioners it advises' }).getByLabel('Tom Reed')).toBeChecked();
	await checkA11y(page);

	// The join code page: big code, a QR code with a text alternative; then a new code.
	await nav.getByRole('link', { name: 'Join code' }).click();
	const qr = page.getByRole('img', { name: /^QR code to join / });
	await expect(qr).toBeVisible();
	const firstCode = (await page.getByTestId('join-code').textContent())!.trim();
	expect(firstCode).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
	await expect(qr).toHaveAccessibleName(new RegExp(firstCode));
	expect(await page.locator('svg[role="img"] title').textContent()).toContain(firstCode);
	await checkA11y(page);
	await page.getByRole('link', { name: 'Make a new code' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Make a new join code' })).toBeVisible();
	await expect(page.getByText(`The code ${firstCode} will stop working straight away.`)).toBeVisible();
	await checkA11y(page);
	await page.getByRole('button', { name: 'Yes, make a new code' }).click();
	await expect(page.getByText('New join code made. The old code no longer works.')).toBeVisible();
	const code = (await page.getByTestId('join-code').textContent())!.trim();
	expect(code).not.toBe(firstCode);
	await expect(page.getByRole('img', { name: new RegExp(code) })).toBeVisible();
	await checkA11y(page);

	// Two young people join in their own browsers and wait for a yes.
	await joinInOwnBrowser(browser, code, 'Tidy Gull');
	await joinInOwnBrowser(browser, code, 'Bold Crab');

	// The facilitator admits both, from the waiting list at the top of the panel page.
	await nav.getByRole('link', { name: /^Overview and members/ }).click();
	const waiting = page.getByRole('table', { name: 'Young people waiting to join' });
	await expect(waiting.getByRole('cell', { name: 'Tidy Gull', exact: true })).toBeVisible();
	await expect(waiting.getByRole('cell', { name: 'Bold Crab', exact: true })).toBeVisible();
	await expect(nav.getByRole('link', { name: 'Overview and members 2 waiting' })).toBeVisible();
	await checkA11y(page);
	await page.getByRole('button', { name: 'Admit Tidy Gull' }).click();
	await expect(page.getByText('Tidy Gull is now a member.')).toBeVisible();
	await checkA11y(page);
	await page.getByRole('button', { name: 'Admit Bold Crab' }).click();
	await expect(page.getByText('Bold Crab is now a member.')).toBeVisible();
	await expect(page.getByRole('table', { name: 'Young people waiting to join' })).toHaveCount(0);
	const members = page.getByRole('table', { name: 'Members of this panel' });
	await expect(members.getByRole('cell', { name: 'Tidy Gull', exact: true })).toBeVisible();
	await expect(members.getByRole('cell', { name: 'Bold Crab', exact: true })).toBeVisible();
	await checkA11y(page);

	// The member list as CSV: for the facilitator's records, pseudonyms only.
	const csv = await page.request.get(`${new URL(page.url()).pathname}/members.csv`);
	expect(csv.status()).toBe(200);
	expect(csv.headers()['content-disposition']).toMatch(/^attachment; filename="panel-members-/);
	const lines = (await csv.text()).trim().split(/\r?\n/);
	expect(lines[0]).toBe('Made-up name,Age group,Status,Joined');
	expect(lines.slice(1).map((l) => l.split(',').slice(0, 3).join(','))).toEqual(['Bold Crab,13-15,Member', 'Tidy Gull,13-15,Member']);

	// A meeting, with attendance by one tap per member.
	await nav.getByRole('link', { name: 'Meetings' }).click();
	await expect(page.getByText('No meetings yet. Add the next one below.')).toBeVisible();
	await checkA11y(page);
	await page.getByLabel('Date').fill('2026-11-24');
	await page.getByLabel('Start time (UK time)').fill('16:00');
	await page.getByLabel('Agenda (optional)').fill('Ideas for the harbour youth fund');
	await page.getByRole('button', { name: 'Add the meeting' }).click();
	await expect(page.getByText('Meeting added for 24 November 2026 at 16:00.')).toBeVisible();
	await checkA11y(page);
	await page.getByRole('link', { name: '24 November 2026 at 16:00' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Meeting on 24 November 2026 at 16:00' })).toBeVisible();
	await expect(page.getByTestId('attendance-count')).toHaveText('0 of 2 members were here');
	await checkA11y(page);
	await page.getByRole('button', { name: 'Tidy Gull', pressed: false }).click();
	await expect(page.getByRole('button', { name: 'Tidy Gull', pressed: true })).toBeVisible();
	await page.getByRole('button', { name: 'Bold Crab', pressed: false }).click();
	await expect(page.getByRole('button', { name: 'Bold Crab', pressed: true })).toBeVisible();
	await expect(page.getByTestId('attendance-count')).toHaveText('2 of 2 members were here');
	await checkA11y(page);
	await page.getByRole('button', { name: 'Bold Crab', pressed: true }).click();
	await expect(page.getByRole('button', { name: 'Bold Crab', pressed: false })).toBeVisible();
	await expect(page.getByTestId('attendance-count')).toHaveText('1 of 2 members were here');
	await page.getByLabel('Meeting notes').fill('We picked three ideas to take to the council.');
	await page.getByRole('button', { name: 'Publish notes to members' }).click();
	await expect(page.getByText('Notes published to members.')).toBeVisible();
	await checkA11y(page);

	// Offline participation: a mistake first (more votes than people), then right.
	await nav.getByRole('link', { name: 'Participation' }).click();
	await expect(page.getByRole('table', { name: 'Participation in this panel' }).getByRole('cell', { name: '1 of 2 members' })).toBeVisible();
	await expect(page.getByText('Nothing recorded offline yet.')).toBeVisible();
	await checkA11y(page);
	await page.getByLabel('What it was').fill('Vote on the harbour youth fund');
	await page.getByLabel('Where it happened').fill('Hull youth club');
	await page.getByLabel('How many young people took part').fill('14');
	await page.getByLabel('Option 1', { exact: true }).fill('A skate ramp');
	await page.getByLabel('How many chose option 1').fill('9');
	await page.getByLabel('Option 2', { exact: true }).fill('A bike shelter');
	await page.getByLabel('How many chose option 2').fill('6');
	await page.getByRole('button', { name: 'Record it' }).click();
	await expect(page.getByRole('alert')).toContainText('The results add up to 15, more than the 14 young people who took part');
	await checkA11y(page);
	await page.getByLabel('How many chose option 2').fill('5');
	await page.getByRole('button', { name: 'Record it' }).click();
	await expect(page.getByText('Recorded: 14 young people at Hull youth club.')).toBeVisible();
	const offline = page.getByRole('table', { name: 'Offline participation recorded for this panel' });
	await expect(offline.getByRole('cell', { name: '9 for A skate ramp, 5 for A bike shelter' })).toBeVisible();
	await expect(page.getByRole('table', { name: 'Participation in this panel' }).getByRole('cell', { name: 'Offline: Vote on the harbour youth fund' })).toBeVisible();
	await checkA11y(page);
});

test('a facilitator records a recommendation for a commissioner, removes a member and archives the panel', async ({ page, browser }) => {
	test.setTimeout(180_000);
	const panelName = `Pier Panel ${Date.now() % 1000}`;
	const nav = page.getByRole('navigation', { name: 'Panel sections' });
	await staffSignIn(page, 'facilitator@northbay.example');
	await page.getByLabel('New panel name').fill(panelName);
	await page.getByRole('button', { name: 'Create panel' }).click();
	await checkA11y(page);
	await page.getByRole('link', { name: panelName }).click();
	await checkA11y(page);
	const code = (await page.getByTestId('join-code').textContent())!.trim();

	// Without approval, a joiner is a member at once.
	const context = await browser.newContext();
	watchContext(context);
	const young = await context.newPage();
	await visit(young, `/join?code=${code}`);
	await young.getByRole('button', { name: 'Continue' }).click();
	await expect(young.getByRole('heading', { level: 1, name: 'About you' })).toBeVisible();
	await checkA11y(young);
	await young.getByLabel('10 to 12').check();
	await young.getByLabel('Pick a made-up name').fill('Windy Pier');
	await young.getByRole('button', { name: 'Continue' }).click();
	await expect(young.getByRole('heading', { level: 1, name: 'Your passphrase' })).toBeVisible();
	await checkA11y(young);
	await young.getByRole('button', { name: 'Join the panel' }).click();
	await expect(young).toHaveURL(/\/me\?joined=1$/);
	await checkA11y(young);
	await finishContext(context);
	await context.close();

	// Ideas: nothing to check yet.
	await nav.getByRole('link', { name: 'Ideas to check' }).click();
	await expect(page.getByText('No ideas are waiting.', { exact: false })).toBeVisible();
	await checkA11y(page);

	// A recommendation: a mistake first, then recorded, due by the partnership's default date.
	await nav.getByRole('link', { name: 'Recommendations' }).click();
	await expect(page.getByText('No recommendations yet.', { exact: false })).toBeVisible();
	await checkA11y(page);
	await page.getByRole('link', { name: 'Record a recommendation' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Record a recommendation' })).toBeVisible();
	await checkA11y(page);
	await page.getByLabel('Title').fill('Benches on the pier');
	await page.getByLabel('What the panel recommends').fill('Put three benches on the pier, so everyone can rest.');
	await page.getByLabel('Who should respond').selectOption({ label: 'Tom Reed' });
	await page.getByLabel('How many members supported it').fill('5');
	await page.getByLabel('How many members were there').fill('4');
	await page.getByRole('button', { name: 'Record the recommendation' }).click();
	await expect(page.getByRole('alert')).toContainText('More members supported it than were there');
	await checkA11y(page);
	await page.getByLabel('How many members supported it').fill('3');
	const due = await page.getByLabel('Response due by').inputValue();
	expect(due).toMatch(/^\d{4}-\d{2}-\d{2}$/);
	await page.getByRole('button', { name: 'Record the recommendation' }).click();
	await expect(page.getByRole('status')).toContainText(/Recommendation recorded\. Tom Reed owes a response by \d+ \w+ \d{4}\./);
	const recs = page.getByRole('table', { name: 'Recommendations from this panel' });
	await expect(recs.getByRole('cell', { name: '3 of 4 members who were there' })).toBeVisible();
	await expect(recs.getByText('Overdue')).toHaveCount(0);
	await checkA11y(page);

	// Remove the member, after "are you sure?".
	await nav.getByRole('link', { name: /^Overview and members/ }).click();
	await expect(page.getByRole('cell', { name: 'Windy Pier', exact: true })).toBeVisible();
	await checkA11y(page);
	await page.getByRole('link', { name: 'Remove Windy Pier' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Remove Windy Pier from the panel?' })).toBeVisible();
	await checkA11y(page);
	await page.getByRole('button', { name: 'Yes, remove Windy Pier' }).click();
	await expect(page.getByText('Windy Pier was removed from the panel.')).toBeVisible();
	await expect(page.getByRole('cell', { name: 'Windy Pier', exact: true })).toHaveCount(0);
	await checkA11y(page);

	// Archive, after "are you sure?": read-only from then on, and it says so.
	await nav.getByRole('link', { name: 'Settings' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Panel settings' })).toBeVisible();
	await checkA11y(page);
	await page.getByRole('link', { name: 'Archive this panel' }).click();
	await expect(page.getByRole('heading', { level: 1, name: `Are you sure you want to archive ${panelName}?` })).toBeVisible();
	await checkA11y(page);
	await page.getByRole('button', { name: 'Yes, archive this panel' }).click();
	await expect(page.getByText('This panel is archived', { exact: true })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Edit the settings' })).toHaveCount(0);
	await checkA11y(page);
	await nav.getByRole('link', { name: 'Meetings' }).click();
	await expect(page.getByRole('button', { name: 'Add the meeting' })).toHaveCount(0);
	await checkA11y(page);

	// The commissioner sees it, addressed to them, with its due date and support.
	const commissionerContext = await browser.newContext();
	watchContext(commissionerContext);
	const commissioner = await commissionerContext.newPage();
	await staffSignIn(commissioner, 'commissioner@northbay.example');
	await visit(commissioner, '/staff/recommendations');
	const mine = commissioner.getByRole('article', { name: 'Benches on the pier' });
	await expect(mine).toBeVisible();
	await expect(mine).toContainText(`Panel: ${panelName}`);
	await expect(mine).toContainText('3 of 4 members who were there supported it');
	await expect(mine).toContainText(/Response due by \d+ \w+ \d{4}/);
	await finishContext(commissionerContext);
	await commissionerContext.close();
});

test('a commissioner reads recommendations from the panels, but cannot open a panel’s staff pages or its member list', async ({ page }) => {
	await staffSignIn(page, 'commissioner@northbay.example');
	await page.getByRole('link', { name: 'Recommendations from youth panels' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Recommendations from youth panels' })).toBeVisible();
	await expect(page.getByRole('heading', { level: 2, name: 'Addressed to you' })).toBeVisible();
	await checkA11y(page);
	await visit(page, '/staff/panels/b0000000-0000-4000-8000-000000000001', { status: 403 });
	expect((await page.request.get('/staff/panels/b0000000-0000-4000-8000-000000000001/members.csv')).status()).toBe(403);
	expect((await page.request.get('/staff/panels/b0000000-0000-4000-8000-000000000002/members.csv')).status()).toBe(404);
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('attendance taps, the offline form’s option rows and the code page work as plain pages', async ({ page }) => {
		const nav = page.getByRole('navigation', { name: 'Panel sections' });
		await staffSignIn(page, 'facilitator@northbay.example');
		await page.getByRole('link', { name: DEMO.panelName }).click();
		await expect(page.getByRole('heading', { level: 1, name: DEMO.panelName })).toBeVisible();
		await checkA11y(page);

		await nav.getByRole('link', { name: 'Meetings' }).click();
		await checkA11y(page);
		await page.getByLabel('Date').fill('2026-11-23');
		await page.getByLabel('Start time (UK time)').fill('18:30');
		await page.getByRole('button', { name: 'Add the meeting' }).click();
		await expect(page.getByText('Meeting added for 23 November 2026 at 18:30.')).toBeVisible();
		await checkA11y(page);
		await page.getByRole('link', { name: '23 November 2026 at 18:30' }).click();
		await expect(page.getByTestId('attendance-count')).toHaveText(/^0 of \d+ members were here$/);
		await checkA11y(page);
		await page.getByRole('button', { name: 'Blue Otter', pressed: false }).click();
		await expect(page.getByRole('button', { name: 'Blue Otter', pressed: true })).toBeVisible();
		await expect(page.getByTestId('attendance-count')).toHaveText(/^1 of \d+ members were here$/);
		await checkA11y(page);

		await nav.getByRole('link', { name: 'Participation' }).click();
		await expect(page.getByLabel('Option 4', { exact: true })).toBeVisible();
		await expect(page.getByLabel('Option 5', { exact: true })).toHaveCount(0);
		await expect(page.getByRole('button', { name: 'Add another option' })).toBeHidden();
		await checkA11y(page);

		await nav.getByRole('link', { name: 'Join code' }).click();
		await expect(page.getByRole('img', { name: /QR code to join Northbay Youth Voice.*NRTH-BAY7/ })).toBeVisible();
		await expect(page.getByTestId('join-code')).toHaveText('NRTH-BAY7');
		await checkA11y(page);
	});
});
