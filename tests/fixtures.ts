/**
 * End-to-end test helpers. Every test must check every page it visits with
 * axe-core (DESIGN.md §5). Import `test` and `expect` from here, not from
 * '@playwright/test', and:
 *
 *   - open pages with `visit(page, url)`: it goes there and runs the checks;
 *   - after anything that changes the page without a visit (a click, a form
 *     submission, a client-side navigation), wait for the new content, then
 *     call `checkA11y(page)`.
 *
 * The `test` below watches every page of the test's browser context. After
 * the test it checks the page each tab ended on, and fails the test if any
 * earlier page was navigated to and left without a check. It cannot see
 * changes that keep the same URL (a form showing errors after an enhanced
 * submission): call `checkA11y` yourself after those. Pages in contexts you
 * create with `browser.newContext()` are watched only if you pass the context
 * to `watchContext`, and checked at the end by `finishContext`.
 *
 * With `test.use({ javaScriptEnabled: false })`, axe-core cannot run in the
 * page itself, so `checkA11y` checks an exact copy of its HTML instead.
 * `expectNoAxeViolations(page)` runs axe without recording the page as checked.
 */
import { test as base, expect, type BrowserContext, type Page, type Response } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

export { expect };

/** WCAG 2.0, 2.1 and 2.2, levels A and AA. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

type Watch = {
	url: string | null;
	unchecked: boolean;
	missed: string[];
	javaScript: boolean;
	/** A request for a new document is under way (as opposed to pushState or a #jump). */
	loadingDocument: boolean;
};
const watches = new WeakMap<Page, Watch>();

const withoutHash = (url: string) => url.split('#')[0];

function watchPage(page: Page, javaScript: boolean): void {
	if (watches.has(page)) return;
	const watch: Watch = { url: null, unchecked: false, missed: [], javaScript, loadingDocument: false };
	watches.set(page, watch);
	page.on('request', (request) => {
		if (request.isNavigationRequest() && request.frame() === page.mainFrame()) watch.loadingDocument = true;
	});
	page.on('framenavigated', (frame) => {
		if (frame !== page.mainFrame()) return;
		const url = frame.url();
		const newDocument = watch.loadingDocument;
		watch.loadingDocument = false;
		if (url === 'about:blank') return;
		// Same document and same address apart from any #jump (SvelteKit's replaceState
		// on start, a skip link): still the same page.
		if (!newDocument && watch.url !== null && withoutHash(url) === withoutHash(watch.url)) {
			watch.url = url;
			return;
		}
		if (watch.unchecked && watch.url !== null) watch.missed.push(watch.url);
		watch.url = url;
		watch.unchecked = true;
	});
}

/** Start watching every page of a context you created yourself. */
export function watchContext(context: BrowserContext, { javaScript = true } = {}): void {
	for (const page of context.pages()) watchPage(page, javaScript);
	context.on('page', (page) => watchPage(page, javaScript));
}

/**
 * Check the last page of each tab in `context`, then fail if any page was left
 * unchecked. The `test` fixture calls this for its own context.
 */
export async function finishContext(context: BrowserContext): Promise<void> {
	const missed: string[] = [];
	for (const page of context.pages()) {
		const watch = watches.get(page);
		if (!watch || page.isClosed()) continue;
		if (watch.unchecked) await checkA11y(page);
		missed.push(...watch.missed);
	}
	expect(
		missed,
		'These pages were visited but never checked: call checkA11y(page) on each page a test visits'
	).toEqual([]);
}

/** Wait until SvelteKit has hydrated the page (see +layout.svelte), when JavaScript is on. */
async function settle(page: Page): Promise<void> {
	await page.waitForLoadState('load');
	if (watches.get(page)?.javaScript === false) return;
	// A page that cannot hydrate (the static fallback error page) is still worth checking.
	await page
		.waitForFunction(() => document.documentElement.dataset.hydrated === 'true', undefined, { timeout: 5_000 })
		.catch(() => undefined);
}

async function analyze(page: Page) {
	return new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
}

/**
 * axe-core needs timers, which do not run in a page with JavaScript turned off.
 * So for such a page we check a copy: the same HTML at the same address, in a
 * JavaScript-enabled tab of a fresh context, with the page's own scripts removed.
 */
async function analyzeCopy(page: Page) {
	const html = (await page.content()).replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '');
	const url = page.url();
	const browser = page.context().browser();
	if (!browser) throw new Error('checkA11y: cannot check a page without JavaScript outside a browser');
	const copyContext = await browser.newContext({ viewport: page.viewportSize(), javaScriptEnabled: true });
	try {
		const copy = await copyContext.newPage();
		await copy.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: html }));
		await copy.goto(url);
		return await analyze(copy);
	} finally {
		await copyContext.close();
	}
}

/** Run axe-core and fail with a readable list of problems (rule, impact, elements). */
export async function expectNoAxeViolations(page: Page): Promise<void> {
	const results = watches.get(page)?.javaScript === false ? await analyzeCopy(page) : await analyze(page);
	const problems = results.violations.map((violation) => {
		const targets = violation.nodes.map((node) => `    ${node.target.join(' >> ')}`).join('\n');
		return `${violation.id} (${violation.impact ?? 'unknown impact'}): ${violation.help}\n  ${violation.helpUrl}\n${targets}`;
	});
	for (const violation of results.violations) {
		for (const node of violation.nodes) {
			console.error(`[axe] ${violation.id} ${node.target.join(' >> ')}\n${node.failureSummary ?? ''}`);
		}
	}
	expect(problems, `axe-core found accessibility problems on ${page.url()}`).toEqual([]);
}

/** Check the page as it is now (after it has settled) and record it as checked. */
export async function checkA11y(page: Page): Promise<void> {
	await settle(page);
	await expectNoAxeViolations(page);
	const watch = watches.get(page);
	if (watch) {
		watch.url = page.url();
		watch.unchecked = false;
	}
}

/**
 * Go to `url` and check the page. Expects a successful response unless you
 * give the `status` you expect (for example 404).
 */
export async function visit(page: Page, url: string, { status }: { status?: number } = {}): Promise<Response | null> {
	const response = await page.goto(url);
	if (response) {
		if (status === undefined) expect(response.status(), `status of ${url}`).toBeLessThan(400);
		else expect(response.status(), `status of ${url}`).toBe(status);
	}
	await checkA11y(page);
	return response;
}

export const test = base.extend<{ a11yWatch: void }>({
	a11yWatch: [
		async ({ context, javaScriptEnabled }, use, testInfo) => {
			watchContext(context, { javaScript: javaScriptEnabled });
			await use();
			// A test that already failed has told its story; don't bury it under axe output.
			if (testInfo.status === testInfo.expectedStatus && testInfo.status === 'passed') {
				await finishContext(context);
			}
		},
		{ auto: true }
	]
});
