import { checkA11y, expect, test, visit } from './fixtures';
import { t } from '../src/lib/i18n/index';
import { PRIVACY_NOTICE_VERSIONS } from '../src/lib/i18n/privacy-versions';

const PAGES = [
	{ path: '/', heading: t('home.title') },
	{ path: '/help', heading: t('help.title') },
	{ path: '/accessibility', heading: t('accessibility.title') },
	{ path: '/privacy', heading: t('privacy.title') }
];
const MISSING = '/this-page-does-not-exist';

test.describe('public pages', () => {
	for (const { path, heading } of PAGES) {
		test(`${path} has one heading, a title, landmarks and the help link`, async ({ page }) => {
			await visit(page, path);
			await expect(page.locator('h1')).toHaveCount(1);
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
			await expect(page).toHaveTitle(t('common.pageTitle', { title: heading }));
			await expect(page.getByRole('banner')).toHaveCount(1);
			await expect(page.getByRole('main')).toHaveCount(1);
			await expect(page.getByRole('navigation', { name: t('nav.label') })).toBeVisible();
			const help = page.getByRole('contentinfo').getByRole('link', { name: t('nav.help') });
			await expect(help).toHaveAttribute('href', '/help');
			await expect(help).toBeVisible();
		});
	}

	test('an unknown address shows a friendly 404 page', async ({ page }) => {
		await visit(page, MISSING, { status: 404 });
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(t('errors.notFoundTitle'));
		await expect(page).toHaveTitle(t('common.pageTitle', { title: t('errors.notFoundTitle') }));
		await expect(page.getByRole('main').getByRole('link', { name: t('errors.homeLink') })).toHaveAttribute('href', '/');
		await expect(page.getByRole('contentinfo').getByRole('link', { name: t('nav.help') })).toHaveAttribute('href', '/help');
	});

	test('the first Tab reaches the skip link, which moves focus to the main content', async ({ page }) => {
		await visit(page, '/help');
		await page.keyboard.press('Tab');
		const skip = page.getByRole('link', { name: t('nav.skipLink') });
		await expect(skip).toBeFocused();
		await expect(skip).toBeInViewport();
		await checkA11y(page); // the skip link is on show now
		await page.keyboard.press('Enter');
		await expect(page.locator('main#main')).toBeFocused();
		// The next Tab goes into the page content, not back to the header.
		await page.keyboard.press('Tab');
		const inMain = await page.evaluate(() => document.activeElement?.closest('main') !== null);
		expect(inMain).toBe(true);
	});

	test('signed-out visitors see Home, Join a panel and Staff sign in', async ({ page }) => {
		await visit(page, '/');
		const nav = page.getByRole('navigation', { name: t('nav.label') });
		await expect(nav.getByRole('link')).toHaveText([t('nav.home'), t('nav.join'), t('nav.signIn')]);
		await expect(nav.getByRole('link', { name: t('nav.home') })).toHaveAttribute('aria-current', 'page');
		await expect(nav.getByRole('button', { name: t('nav.signOut') })).toHaveCount(0);
	});

	test('home offers joining and staff sign-in equally', async ({ page }) => {
		await visit(page, '/');
		const main = page.getByRole('main');
		const join = main.getByRole('link', { name: t('home.joinButton') });
		const staff = main.getByRole('link', { name: t('home.staffButton') });
		await expect(join).toHaveAttribute('href', '/join');
		await expect(staff).toHaveAttribute('href', '/signin');
		await expect(join).toHaveClass('button');
		await expect(staff).toHaveClass('button');
		await expect(main.getByRole('heading', { name: t('home.safeTitle') })).toBeVisible();
	});

	test('help lists who to contact, with safe external links', async ({ page }) => {
		await visit(page, '/help');
		const main = page.getByRole('main');
		await expect(main.getByRole('link', { name: t('help.dangerLink') })).toHaveAttribute('href', 'tel:999');
		await expect(main.getByRole('link', { name: t('help.childlinePhone') })).toHaveAttribute('href', 'tel:08001111');
		await expect(main.getByRole('link', { name: t('help.shoutNumber') })).toHaveAttribute('href', 'sms:85258');
		const external = main.locator('a[href^="http"]');
		expect(await external.count()).toBeGreaterThan(0);
		for (const link of await external.all()) {
			await expect(link).toHaveAttribute('rel', 'noopener noreferrer');
		}
		await expect(main.getByRole('heading', { name: t('help.staffTitle') })).toBeVisible();
	});

	test('the accessibility statement has the sections the regulations ask for', async ({ page }) => {
		await visit(page, '/accessibility');
		const main = page.getByRole('main');
		for (const key of [
			'accessibility.statusTitle',
			'accessibility.knownIssuesTitle',
			'accessibility.reportTitle',
			'accessibility.enforcementTitle',
			'accessibility.technicalTitle',
			'accessibility.complianceTitle',
			'accessibility.testingTitle',
			'accessibility.preparedTitle'
		] as const) {
			await expect(main.getByRole('heading', { name: t(key) })).toBeVisible();
		}
		await expect(main).toContainText('WCAG');
		await expect(main).toContainText('25 November 2026');
	});

	test('the privacy notice has a version for each audience', async ({ page }) => {
		await visit(page, '/privacy');
		for (const [audience, id] of [
			['10-12', 'age-10-12'],
			['13-16', 'age-13-16'],
			['staff', 'adults']
		] as const) {
			const section = page.locator(`section[aria-labelledby="${id}"]`);
			await expect(section).toHaveAttribute('data-notice-version', PRIVACY_NOTICE_VERSIONS[audience]);
			await expect(section).toContainText(t('common.version', { version: PRIVACY_NOTICE_VERSIONS[audience] }));
		}
		await page.getByRole('link', { name: t('privacy.contentsOlder') }).click();
		await expect(page).toHaveURL(/#age-13-16$/);
	});

	test('public pages make no requests to other sites and set no cookies', async ({ page, context, baseURL }) => {
		const origin = new URL(baseURL!).origin;
		const elsewhere: string[] = [];
		page.on('request', (request) => {
			const url = request.url();
			if (!url.startsWith(origin) && !url.startsWith('data:')) elsewhere.push(url);
		});
		for (const { path } of PAGES) await visit(page, path);
		expect(elsewhere).toEqual([]);
		expect(await context.cookies()).toEqual([]);
	});

	test('controls in the header, footer and main actions are at least 44 by 44 pixels', async ({ page }) => {
		await visit(page, '/');
		const controls = page.locator('header a, header button, footer a, main .button');
		expect(await controls.count()).toBeGreaterThan(4);
		for (const control of await controls.all()) {
			const box = await control.boundingBox();
			expect(box, await control.innerText()).not.toBeNull();
			expect(box!.height, await control.innerText()).toBeGreaterThanOrEqual(44);
			expect(box!.width, await control.innerText()).toBeGreaterThanOrEqual(44);
		}
	});
});

test.describe('at 400% zoom (320 CSS pixels wide)', () => {
	test.use({ viewport: { width: 320, height: 640 } });

	for (const path of [...PAGES.map((p) => p.path), MISSING]) {
		test(`${path} reflows without scrolling sideways`, async ({ page }) => {
			await visit(page, path, { status: path === MISSING ? 404 : undefined });
			const overflow = await page.evaluate(
				() => document.documentElement.scrollWidth - document.documentElement.clientWidth
			);
			expect(overflow).toBeLessThanOrEqual(0);
		});
	}
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	for (const path of [...PAGES.map((p) => p.path), MISSING]) {
		test(`${path} works and passes axe`, async ({ page }) => {
			await visit(page, path, { status: path === MISSING ? 404 : undefined });
			await expect(page.locator('h1')).toHaveCount(1);
			await expect(page.getByRole('contentinfo').getByRole('link', { name: t('nav.help') })).toBeVisible();
		});
	}

	test('the skip link works', async ({ page }) => {
		await visit(page, '/');
		await page.keyboard.press('Tab');
		await expect(page.getByRole('link', { name: t('nav.skipLink') })).toBeFocused();
		await page.keyboard.press('Enter');
		await expect(page.locator('main#main')).toBeFocused();
	});
});
