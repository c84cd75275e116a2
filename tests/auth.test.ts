import { DEMO } from '../scripts/demo.js';
import { checkA11y, expect, finishContext, test, visit, watchContext } from './fixtures';
import { staffSignIn } from './journeys';

const facilitator = 'facilitator@northbay.example';

async function signOut(page: import('@playwright/test').Page) {
	await page.getByRole('button', { name: 'Sign out', exact: true }).click();
	await expect(page).toHaveURL(/\/\?signedout=1$/);
	await checkA11y(page);
}

test('a staff member signs in with the printed demo credentials and sees the dashboard', async ({ page }) => {
	await staffSignIn(page, 'admin@northbay.example');
	await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Northbay HeadStart — demo' })).toBeVisible();
	await expect(page.getByRole('link', { name: DEMO.panelName })).toBeVisible();
	await expect(page.getByText(DEMO.joinCode)).toBeVisible();
	// the second partnership stays invisible
	await expect(page.getByText('Eastmere')).toHaveCount(0);

	await page.getByRole('link', { name: 'Where you are signed in' }).click();
	await expect(page.getByRole('heading', { name: 'Where you are signed in' })).toBeVisible();
	await expect(page.getByText('this device')).toBeVisible();
	await checkA11y(page);
	await signOut(page);
	await visit(page, '/staff');
	await expect(page).toHaveURL(/\/signin\?next=%2Fstaff$/);
});

test('a wrong password shows an error summary linked to the field', async ({ page }) => {
	await visit(page, '/signin');
	await page.getByLabel('Email address').fill('admin@northbay.example');
	await page.getByLabel('Password').fill('not the password');
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByRole('alert')).toContainText('The email address or password is not right');
	await checkA11y(page);
});

test('a young person joins with the demo code, gets a passphrase, signs out and back in; a facilitator resets it', async ({ page, browser }) => {
	await visit(page, `/join?code=${DEMO.joinCode}`);
	await expect(page.getByLabel('Panel code')).toHaveValue(DEMO.joinCode);
	await page.getByRole('button', { name: 'Continue' }).click();

	await expect(page.getByRole('heading', { level: 1, name: 'About you' })).toBeVisible();
	await checkA11y(page);
	// a pseudonym with a phone number is refused, kindly
	await page.getByLabel('10 to 12').check();
	await page.getByLabel('Pick a made-up name').fill('Kit 07700900123');
	await page.getByRole('button', { name: 'Continue' }).click();
	await expect(page.getByRole('alert')).toContainText('only have up to 3 numbers');
	await checkA11y(page);

	await page.getByLabel('Pick a made-up name').fill('Brave Kestrel');
	await page.getByRole('button', { name: 'Continue' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Your passphrase' })).toBeVisible();
	await checkA11y(page);
	const passphrase = await page.getByLabel('Your passphrase').inputValue();
	expect(passphrase.split(' ')).toHaveLength(4);
	await page.getByRole('button', { name: 'Join the panel' }).click();

	await expect(page).toHaveURL(/\/me\?joined=1$/);
	await expect(page.getByRole('heading', { name: DEMO.panelName })).toBeVisible();
	await expect(page.getByText('Your name here: Brave Kestrel')).toBeVisible();
	await checkA11y(page);
	await signOut(page);

	const youngSignIn = async (words: string) => {
		await visit(page, '/signin/young');
		await page.getByLabel('Panel code').fill('nrth bay7');
		await page.getByLabel('Your made-up name').fill('brave kestrel');
		await page.getByLabel('Your passphrase').fill(words);
		await page.getByRole('button', { name: 'Sign in' }).click();
	};
	await youngSignIn(passphrase.toUpperCase());
	await expect(page).toHaveURL(/\/me$/);
	await expect(page.getByText('Your name here: Brave Kestrel')).toBeVisible();
	await checkA11y(page);

	// A facilitator, in another browser, resets the passphrase and sees the new one once.
	const staffContext = await browser.newContext();
	watchContext(staffContext);
	const staffPage = await staffContext.newPage();
	await staffSignIn(staffPage, facilitator);
	await staffPage.getByRole('link', { name: DEMO.panelName }).click();
	await expect(staffPage.getByRole('cell', { name: 'Brave Kestrel', exact: true })).toBeVisible();
	await checkA11y(staffPage);
	await staffPage.getByRole('button', { name: 'New passphrase for Brave Kestrel' }).click();
	const fresh = (await staffPage.getByTestId('new-passphrase').textContent())!.trim();
	expect(fresh.split(' ')).toHaveLength(4);
	expect(fresh).not.toBe(passphrase);
	await checkA11y(staffPage);
	await staffPage.reload();
	await expect(staffPage.getByTestId('new-passphrase')).toHaveCount(0);
	await checkA11y(staffPage);
	await finishContext(staffContext);
	await staffContext.close();

	// The reset ended the young person's session; the old passphrase no longer works; the new one does.
	await page.reload();
	await expect(page).toHaveURL(/\/signin\/young$/);
	await checkA11y(page);
	await youngSignIn(passphrase);
	await expect(page.getByRole('alert')).toContainText('not right');
	await checkA11y(page);
	await youngSignIn(fresh);
	await expect(page).toHaveURL(/\/me$/);
	await checkA11y(page);
});

test('security headers are on every page', async ({ page }) => {
	const response = await visit(page, '/');
	const headers = response!.headers();
	expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
	expect(headers['content-security-policy']).toContain("default-src 'self'");
	expect(headers['x-content-type-options']).toBe('nosniff');
	expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
});

test('a cross-site form post is refused', async ({ request, baseURL }) => {
	const response = await request.post(`${baseURL}/signin`, {
		form: { email: 'admin@northbay.example', password: DEMO.password },
		headers: { origin: 'https://evil.example' }
	});
	expect(response.status()).toBe(403);
});
