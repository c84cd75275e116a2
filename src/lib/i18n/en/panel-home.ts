/**
 * A young person's panel pages: their start page (/me), a panel's home (/panels/[id]) and leaving
 * (/panels/[id]/leave). Reading age about 9: short sentences, everyday words, nothing that nags,
 * counts or compares (ICO Children's Code).
 */
export const panelHome = {
	me: {
		title: 'Your panels',
		pendingPanel: 'A panel you asked to join',
		yourName: 'Your name here: {name}',
		pending: 'Waiting for your youth worker to say yes.',
		pendingLeave: 'Changed your mind? Leave this panel',
		finished: 'This panel has finished. You can still read what happened.',
		leftTitle: 'You have left the panel',
		leftText: 'You are no longer on the member list.'
	},
	home: {
		yourName: 'Your name on this panel: {name}',
		meets: 'When we meet: {rhythm}',
		archivedTitle: 'This panel has finished',
		archivedText: 'This panel has finished. You can still read what happened.',
		notFound: 'We could not find that panel.'
	},
	change: {
		canTitle: 'What this panel can change',
		cannotTitle: "What it can't change",
		notWritten: 'Your youth worker has not written this yet. You can ask them about it.'
	},
	happening: {
		title: "What's happening now",
		empty: 'Nothing to vote on or answer right now. When there is, it will show here with what is being decided and by when.',
		/** One line per item, then when it is due. Later features add their kind here. */
		recommendation: 'Your panel asked {commissioner} to do this',
		vote: 'Vote on how {amount} is spent',
		line: '{decides} – {due}',
		due: {
			recommendation: 'answer due by {date}',
			vote: 'voting closes on {date}'
		}
	},
	ideas: {
		title: 'Ideas',
		lead: 'A youth worker checks every idea before the rest of your panel can see it.',
		sharedTitle: 'Ideas shared with your panel',
		sharedEmpty: 'No ideas have been shared yet.',
		byMember: 'From a panel member',
		byYou: 'From you',
		mineTitle: 'Your ideas',
		status: {
			pending: 'Waiting for a check',
			approved: 'Shared with your panel',
			rejected: 'Not shared'
		},
		reasons: {
			contact_details: "It had contact details in it. To keep you safe, we don't share those.",
			unkind: 'It might upset someone. You can share your idea again in kinder words.',
			off_topic: 'It is not something this panel can work on. Your youth worker can tell you more.',
			duplicate: 'Someone already had this idea. Look for it in the ideas shared with your panel.',
			other: 'Your youth worker can tell you why.'
		},
		formTitle: 'Share an idea',
		formLead: 'Do not put your real name, phone number, email or where you live in your idea.',
		titleLabel: 'Your idea in a few words',
		titleHint: 'For example: More benches at the skate park',
		bodyLabel: 'What is your idea, and why does it matter? (optional)',
		bodyHint: 'Say what should happen, and why.',
		submit: 'Send idea',
		sentTitle: 'Thanks!',
		sentText: 'Thanks! A youth worker will check your idea before others can see it.',
		errors: {
			titleMissing: 'Write your idea in a few words',
			titleShort: 'Your idea needs at least 3 letters',
			titleLong: 'Write your idea in 120 letters or fewer. You can say more in the next box.',
			bodyLong: 'Write 2,000 letters or fewer',
			bodyInvalid: 'We could not read what you wrote. Please try again.',
			markup: 'Take out the < > tags. Use plain words.',
			archived: 'This panel has finished, so it cannot take new ideas.',
			failed: 'We could not send your idea. Please try again.'
		}
	},
	recommendations: {
		title: 'What your panel has asked for',
		lead: 'When your panel asks someone to make a change, they must give an answer by a set date.',
		empty: 'Your panel has not sent a recommendation yet. When it does, it will show here.',
		to: 'Sent to {commissioner}',
		due: 'Answer due by {date}'
	},
	meetings: {
		title: 'Meetings',
		empty: 'No meetings have been added yet.',
		upcomingTitle: 'Coming up',
		pastTitle: 'Past meetings',
		agenda: 'What we will talk about',
		agendaPast: 'What we talked about',
		notes: 'Notes from the meeting',
		notesNotYet: 'Notes will show here once your youth worker shares them.',
		cameOne: '1 member came',
		cameMany: '{count} members came'
	},
	leave: {
		link: 'Leave this panel',
		title: 'Leave {panel}?',
		titleNoName: 'Leave this panel?',
		what: [
			'You will no longer be on the member list.',
			"What you shared stays, shown as 'a panel member'."
		],
		deleteText: 'If you want everything you wrote deleted, ask your youth worker. Or',
		deleteLink: 'read how on the Privacy page',
		question: 'Do you want to leave?',
		yes: 'Yes, leave',
		no: 'No, stay',
		errors: {
			choose: 'Choose Yes, leave or No, stay',
			failed: 'We could not do that. Please try again.'
		}
	}
} as const;
