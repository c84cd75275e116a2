/**
 * English messages, grouped by area. Add keys to your area's section (nest
 * further if it helps, e.g. `join.errors.codeMissing`); a leaf is either a
 * string (read with `t`) or a list of strings (read with `tList`). Placeholders
 * look like `{name}` and become required parameters of `t`. Keys are checked
 * by TypeScript, so a typo or a missing parameter fails `npm run check`.
 * Pages young people read aim at a reading age of about 9: short sentences,
 * everyday words.
 */
import { panelHome } from './en/panel-home';
import { panelStaff } from './en/panel-staff';
import { budgets } from './en/budgets';

export const en = {
	common: {
		appName: 'Sayso',
		pageTitle: '{title} – Sayso',
		errorTitlePrefix: 'Error: {title}',
		errorSummaryTitle: 'There is a problem',
		errorPrefix: 'Error:',
		optional: '(optional)',
		continue: 'Continue',
		back: 'Back',
		cancel: 'Cancel',
		save: 'Save',
		report: 'Report',
		opensInNewTab: '(opens in a new tab)',
		version: 'Version {version}',
		lastUpdated: 'Last updated {date}',
		contents: 'On this page',
		noticeInfo: 'Information',
		noticeSuccess: 'Success',
		noticeWarning: 'Important'
	},
	nav: {
		skipLink: 'Skip to main content',
		homeLink: 'Sayso home page',
		label: 'Main',
		home: 'Home',
		join: 'Join a panel',
		signIn: 'Staff sign in',
		me: 'Your panel',
		staff: 'Dashboard',
		signOut: 'Sign out',
		signedInAs: 'Signed in as {name}',
		footerLabel: 'Help and information',
		help: "Get help – I'm worried",
		accessibility: 'Accessibility',
		privacy: 'Privacy',
		footerAbout: 'Sayso is free, open-source software.'
	},
	home: {
		title: 'Have your say on what changes where you live',
		lead: 'Sayso is for young people aged 10 to 16 who are on a youth panel.',
		whatTitle: 'What you can do',
		what: [
			'Vote on how real money is spent in your area.',
			'Answer questions about things that matter to you.',
			'See what changed because of what you said.'
		],
		startTitle: 'Start here',
		joinTitle: 'Join a panel',
		joinText: 'You need a join code. Your youth worker will give you one.',
		joinButton: 'Join a panel',
		staffTitle: 'Staff sign in',
		staffText: 'For youth workers, council staff and commissioners.',
		staffButton: 'Staff sign in',
		safeTitle: 'How Sayso keeps you safe',
		safe: [
			'You pick a made-up name. We never ask for your real name.',
			'We never ask for your email address.',
			'A grown-up checks everything before other people see it.',
			'There are no private messages.'
		],
		helpText: 'If something worries you,',
		helpLink: 'get help here'
	},
	help: {
		title: "Get help if you're worried",
		lead: 'You are not on your own. Here is who can help.',
		dangerTitle: 'If you are in danger now',
		dangerText: 'Call 999. Ask for the police or an ambulance.',
		dangerLink: 'Call 999',
		talkTitle: 'Talk to someone',
		childlineName: 'Childline',
		childlineCall: 'Call free on',
		childlinePhone: '0800 1111',
		childlineWhen: 'You can call any time, day or night. It will not show on the phone bill.',
		childlineOnline: 'Or talk to them online at',
		childlineSite: 'childline.org.uk',
		shoutName: 'Shout',
		shoutText: 'Send a text that says SHOUT to',
		shoutNumber: '85258',
		shoutWhen: 'It is free, any time.',
		youthWorkerTitle: 'Talk to your youth worker',
		youthWorkerText:
			'Your youth worker is there to help. You can tell them about anything that worries you, on Sayso or anywhere else.',
		reportTitle: 'If something on Sayso worries you',
		report: [
			'Everything on Sayso has a Report button. Press it if something upsets you or seems wrong.',
			'A safeguarding lead reads every report. This is a grown-up whose job is to keep young people safe.',
			'You will not get in trouble for reporting something.'
		],
		staffTitle: 'For staff: how to raise a concern',
		staff: [
			'If a young person is in immediate danger, call 999.',
			"Tell your organisation's designated safeguarding lead straight away, and follow your safeguarding policy.",
			"Use the Report action on any item in Sayso. Reports go to your partnership's safeguarding lead.",
			"If you cannot reach your safeguarding lead, contact your local council's children's services."
		],
		nspccText: 'Adults worried about a child can call the NSPCC helpline on',
		nspccPhone: '0808 800 5000'
	},
	accessibility: {
		title: 'Accessibility statement for Sayso',
		intro:
			'This statement is about this Sayso website. The local partnership that invited you runs it, using Sayso, which is free, open-source software.',
		aimTitle: 'Using this website',
		aim: 'We want as many people as possible to be able to use this website. For example, you should be able to:',
		aims: [
			'change colours, contrast levels and fonts using your browser or device settings',
			'zoom in up to 400% without the text spilling off the screen',
			'use the whole website with only a keyboard',
			'use the whole website with speech recognition software',
			'listen to the website using a screen reader',
			'turn off animation using your device settings'
		],
		plain: 'We have also made the text as simple as we can, so that it is easy to understand.',
		abilitynetText: 'AbilityNet has advice on making your device easier to use if you have a disability:',
		abilitynetLink: 'AbilityNet: My Computer My Way',
		statusTitle: 'How accessible this website is',
		status: 'We aim to meet the Web Content Accessibility Guidelines (WCAG) version 2.2 at level AA.',
		knownIssuesTitle: 'Known problems',
		knownIssues: 'We do not know of any parts of this website that are not accessible yet. If you find one, please tell us.',
		reportTitle: 'Reporting a problem or asking for another format',
		report: [
			'Young people: tell your youth worker. They will pass it on.',
			"Staff: tell your partnership's admin.",
			'Everyone: the partnership that runs this website will reply within 10 working days.'
		],
		enforcementTitle: 'Enforcement procedure',
		enforcement:
			"The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018 (the 'accessibility regulations'). If you are not happy with how we respond to your complaint, contact the Equality Advisory and Support Service (EASS).",
		eassLink: 'Equality Advisory and Support Service (EASS)',
		technicalTitle: 'Technical information about this website’s accessibility',
		technical:
			'We are committed to making this website accessible, in line with the Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018.',
		complianceTitle: 'Compliance status',
		compliance:
			'We believe this website is fully compliant with WCAG version 2.2 AA. It has not yet been checked by an independent auditor.',
		testingTitle: 'How we tested this website',
		testing: [
			'Every page is checked with the axe-core accessibility checker in our automated end-to-end tests, every time the code changes. A test fails if axe-core finds a problem.',
			'We test using only a keyboard, including that the first thing the Tab key reaches is a link that skips to the main content.',
			'We test that pages fit a screen 320 pixels wide, which is how a page looks at 400% zoom, without scrolling sideways.',
			'We test pages with JavaScript turned off: they are built to work without it.'
		],
		preparedTitle: 'Preparation of this accessibility statement',
		prepared: 'This statement was prepared on {date}. It was last reviewed on {date}.'
	},
	privacy: {
		title: 'Privacy: how we look after your information',
		lead: 'Read the part that is right for you.',
		contentsYoung: 'If you are 10 to 12',
		contentsOlder: 'If you are 13 to 16',
		contentsStaff: 'For adults and staff',
		young: {
			title: 'If you are 10 to 12',
			keepTitle: 'What we keep',
			keep: [
				'The made-up name you pick. This is called a pseudonym.',
				'Your age group, like "10 to 12".',
				'Which panel you are on.',
				'What you write, and how you vote.'
			],
			neverTitle: 'What we never ask for',
			never: ['Your real name.', 'Your email address.', 'Your birthday.', 'Where you are.'],
			whoTitle: 'Who sees what',
			who: [
				'A grown-up checks everything you write before anyone else sees it.',
				'Your youth worker can see your made-up name and what you wrote.',
				'Votes are counted all together. Nobody else sees how you voted.'
			],
			howLongTitle: 'How long we keep it',
			howLong: 'When you leave your panel, we delete your information within {months} months.',
			rightsTitle: 'What you can ask for',
			rights: [
				'You can ask to see what we keep about you.',
				'You can ask for a copy to keep.',
				'You can ask us to delete it.',
				'Ask your youth worker. They will help you.'
			],
			cookiesTitle: 'Cookies',
			cookies: 'We use one cookie. It keeps you signed in. We do not use cookies to watch what you do.'
		},
		older: {
			title: 'If you are 13 to 16',
			whoRunsTitle: 'Who looks after your information',
			whoRuns:
				'The partnership that runs your panel (usually your council) is in charge of your information. The law calls them the "data controller".',
			keepTitle: 'What we keep',
			keep: [
				'The made-up name you choose (your pseudonym).',
				'Your age band, for example "13 to 16". Not your date of birth.',
				'Which panel you are on.',
				'What you write: ideas, answers and comments.',
				'Your votes.',
				'When you signed in, so we can keep your account safe.'
			],
			neverTitle: 'What we never ask for',
			never: [
				'Your real name.',
				'Your email address or phone number.',
				'Your date of birth.',
				'Your location. We never use GPS or track where you are.'
			],
			whoTitle: 'Who sees what',
			who: [
				'Before anyone else sees something you wrote, a trained adult checks it.',
				'Your youth worker and the staff who run your panel can see your made-up name and what you wrote.',
				'Results only show totals. Nobody else can see how you voted.',
				'If something you write makes us worried about your safety, a safeguarding lead will see it so they can help.',
				'We never sell your information or use it for adverts.'
			],
			howLongTitle: 'How long we keep it',
			howLong:
				'We keep your account while you are on the panel. When you leave, or the panel closes, we delete your account and what you wrote within {months} months. Totals, like how many votes a project got, stay, but without your name.',
			rightsTitle: 'Your rights',
			rights: [
				'See what we keep about you.',
				'Download a copy of it.',
				'Ask us to correct it if it is wrong.',
				'Ask us to delete it.'
			],
			rightsHow: 'Ask your youth worker, or ask a trusted adult to help you.',
			complainText:
				"If you are unhappy with how we use your information, you can complain to the Information Commissioner's Office (ICO). Call 0303 123 1113, or go to",
			icoLink: 'ico.org.uk',
			cookiesTitle: 'Cookies',
			cookies:
				'We use one cookie, only to keep you signed in. There are no tracking or advertising cookies.'
		},
		staff: {
			title: 'For adults and staff',
			controller:
				'The partnership that runs this website is the data controller. Ask your partnership admin for their data protection officer’s contact details.',
			keepTitle: 'What we keep about staff',
			keep: [
				'Your name, work email address and role.',
				'A hash of your password (never the password itself).',
				'When you signed in, and the actions you took, such as moderation decisions. This keeps young people safe and lets decisions be checked.'
			],
			youngTitle: 'What we keep about young people',
			young:
				'A pseudonym, an age band, their panel, and what they write and vote. Never a real name, email address, date of birth or location.',
			sharingTitle: 'Sharing',
			sharing:
				'Published results and "you said, we did" updates only show totals and moderated content. This website makes no requests to other websites, and uses no analytics or tracking.',
			cookiesTitle: 'Cookies',
			cookies:
				'One strictly necessary cookie holds your sign-in session. It cannot be read by scripts and is not used for anything else.',
			rightsTitle: 'Your rights',
			rights:
				'You have the right to see, correct, download and delete your information, and to complain to the ICO.'
		}
	},
	errors: {
		notFoundTitle: 'Page not found',
		notFoundText: 'We could not find that page. Check the web address is right.',
		genericTitle: 'Sorry, something went wrong',
		genericText: 'Please try again in a few minutes.',
		details: 'Error code: {status}. {message}',
		homeLink: 'Go to the home page',
		helpText: 'If you are worried about something,',
		helpLink: 'get help here'
	},
	signin: {
		staffTitle: 'Staff sign in',
		staffLead: 'For youth workers, council staff and commissioners.',
		email: 'Email address',
		password: 'Password',
		submit: 'Sign in',
		youngInstead: 'Are you a young person on a panel? Sign in here',
		youngTitle: 'Sign in to your panel',
		youngLead: 'Use the made-up name you chose, your panel code and your passphrase.',
		pseudonym: 'Your made-up name',
		passphrase: 'Your passphrase',
		passphraseHint: 'The words you were given when you joined. Capitals and spaces do not matter.',
		forgotPassphrase: 'Forgotten your passphrase? Ask your youth worker. They can give you a new one.',
		joinInstead: 'Not joined yet? Join a panel',
		errors: {
			emailMissing: 'Enter your email address',
			emailInvalid: 'Enter an email address like name@example.org',
			passwordMissing: 'Enter your password',
			wrongDetails: 'The email address or password is not right',
			locked: 'Too many wrong tries. This account is locked for 15 minutes.',
			tooManyAttempts: 'Too many tries from this device. Wait 15 minutes and try again.',
			youngWrongDetails: 'Your name, panel code or passphrase is not right. Check them and try again.',
			youngLocked: 'Too many wrong tries. Wait 15 minutes, or ask your youth worker for a new passphrase.'
		}
	},
	signout: {
		title: 'Sign out'
	},
	join: {
		stepOf: 'Step {step} of {total}',
		codeTitle: 'Join a panel',
		codeLead: 'Your youth worker will give you a join code. It has 8 letters and numbers.',
		codeLabel: 'Panel code',
		codeHint: 'For example, ABCD-EF23',
		alreadyJoined: 'Already joined? Sign in',
		aboutTitle: 'About you',
		joiningPanel: 'You are joining {panel} ({partnership}).',
		ageBandLabel: 'How old are you?',
		ageBandHint: 'We only ask for your age group, never your birthday.',
		ageBand: '{band}',
		pseudonymLabel: 'Pick a made-up name',
		pseudonymHint: 'Not your real name. Use letters, spaces and up to 3 numbers. For example, Blue Otter.',
		finishTitle: 'Your passphrase',
		privacyTitle: 'How we look after your information',
		privacyNever: 'We never ask for your real name, your email, your birthday or where you are.',
		privacyLink: 'Read all of it',
		passphraseLabel: 'Your passphrase',
		passphraseHint: 'We made this one up for you. You can change it. It must be at least 12 letters long.',
		passphraseWriteDown: 'Write it down somewhere safe. You need it to sign in again.',
		submit: 'Join the panel',
		errors: {
			codeMissing: 'Enter your panel code',
			codeInvalid: 'A panel code has 8 letters and numbers, like ABCD-EF23',
			codeUnknown: 'We could not find that panel code. Check it with your youth worker.',
			tooManyAttempts: 'Too many tries from this device. Wait 15 minutes and try again.',
			pseudonymMissing: 'Pick a made-up name',
			pseudonymLength: 'Your made-up name must be 2 to 24 letters long',
			pseudonymContact: 'To keep you safe, your name cannot have an email, @name or web address in it',
			pseudonymNumbers: 'To keep you safe, your name can only have up to 3 numbers',
			pseudonymCharacters: 'Use only letters, numbers, spaces, - and _ in your name',
			pseudonymTaken: 'Someone on this panel already has that name. Try another one.',
			ageBand: 'Choose your age group',
			passphraseMissing: 'Enter a passphrase',
			passphraseLength: 'Your passphrase must be 12 to 100 letters long',
			passphraseCharacters: 'Your passphrase cannot have < or > in it'
		}
	},
	me: {
		joinedTitle: 'You have joined',
		joinedText: 'Welcome! This is your panel page.',
		pendingTitle: 'Nearly there',
		pendingText: 'Your youth worker needs to say yes before you can take part.',
		noPanels: 'You are not on a panel at the moment.',
		budgetsLink: 'Votes on how money is spent'
	},
	staff: {
		title: 'Dashboard',
		sessionsLink: 'Where you are signed in',
		budgetsLink: 'Budget rounds',
		newPartnershipLink: 'Create a partnership',
		noPartnerships: 'You do not have a role in a partnership yet. Ask your partnership admin to add you.',
		yourRoles: 'Your roles: {roles}',
		publicPage: 'Public page',
		panelsTitle: 'Youth panels',
		panelsCaption: 'Youth panels in {partnership}',
		noPanels: 'No panels yet. Create the first one below.',
		panel: 'Panel',
		joinCode: 'Join code',
		members: 'Members',
		waiting: 'Waiting to be let in',
		newPanelLabel: 'New panel name',
		newPanelSubmit: 'Create panel',
		panelCreated: 'Panel "{name}" created.',
		peopleTitle: 'People and roles',
		changeRoleTitle: 'Change a role',
		person: 'Person',
		role: 'Role',
		grant: 'Give role',
		revoke: 'Remove role',
		roleChanged: 'Roles updated.',
		roles: {
			partnership_admin: 'Partnership admin',
			commissioner: 'Commissioner',
			facilitator: 'Facilitator',
			safeguarding_lead: 'Safeguarding lead'
		},
		errors: {
			person: 'Choose a person',
			role: 'Choose a role',
			notAllowed: 'You do not have permission to do that',
			panelName: 'Enter a panel name of at least 2 characters',
			panelNameLong: 'A panel name can be at most 120 characters',
			noMarkup: 'Remove the < and > characters'
		}
	},
	panelAdmin: {
		back: 'Back to the dashboard',
		actions: 'Actions'
	},
	sessions: {
		title: 'Where you are signed in',
		lead: 'Sign out anywhere you do not recognise.',
		device: 'Device',
		started: 'Signed in',
		lastUsed: 'Last used',
		thisOne: 'this device',
		unknownDevice: 'Unknown device',
		revoke: 'Sign out there',
		revoked: 'Signed out on that device.',
		revokeFailed: 'We could not find that session.'
	},
	newPartnership: {
		title: 'Create a partnership',
		name: 'Partnership name',
		slug: 'Web address name',
		slugHint: 'Lower-case letters, numbers and hyphens. Its public page will be /p/ and this name.',
		submit: 'Create partnership',
		notAllowed: 'Only a platform admin can create a partnership',
		errors: {
			name: 'Enter a name of at least 2 characters',
			nameLong: 'A name can be at most 120 characters',
			slug: 'Use 2 to 40 lower-case letters, numbers and single hyphens',
			slugTaken: 'That web address name is already used'
		}
	},
	partnership: {
		lead: 'What young people said, and what changed because of it.',
		updatesTitle: 'You said, we did',
		noUpdates: 'No updates yet. When young people have had their say, this page will show what happened next.'
	},
	contact: {
		refused: "To keep you safe, we don't share contact details. Take out phone numbers, emails, web addresses, @names and postcodes."
	},
	panelStaff,
	panelHome,
	budgets
} as const;
