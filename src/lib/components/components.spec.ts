import { describe, expect, it } from 'vitest';
import { render } from 'svelte/server';
import ErrorSummary from './ErrorSummary.svelte';
import Field from './Field.svelte';
import Radios from './Radios.svelte';
import PageHeading from './PageHeading.svelte';

describe('ErrorSummary', () => {
	it('renders nothing without errors', () => {
		expect(render(ErrorSummary, { props: { errors: { name: undefined } } }).body).not.toContain('error-summary');
	});

	it('links each message to its field and takes focus', () => {
		const { body } = render(ErrorSummary, { props: { errors: { name: 'Enter a name', code: undefined, age: 'Choose one' } } });
		expect(body).toContain('role="alert"');
		expect(body).toContain('autofocus');
		expect(body).toContain('There is a problem');
		expect(body).toMatch(/href="#name"[^>]*>Enter a name</);
		expect(body).toMatch(/href="#age"[^>]*>Choose one</);
		expect(body).not.toContain('#code');
	});
});

describe('Field', () => {
	it('wires the hint and error to the input', () => {
		const { body } = render(Field, {
			props: { id: 'name', label: 'Name', hint: 'Made up', error: 'Enter a name', maxlength: 30, autocomplete: 'off' }
		});
		expect(body).toMatch(/<label class="label" for="name">Name<\/label>/);
		expect(body).toContain('id="name-hint"');
		expect(body).toContain('id="name-error"');
		expect(body).toContain('aria-describedby="name-hint name-error"');
		expect(body).toContain('aria-invalid="true"');
		expect(body).toContain('maxlength="30"');
		expect(body).toContain('name="name"');
		expect(body).toContain('Error:');
	});

	it('has no aria-describedby or aria-invalid when there is nothing to describe', () => {
		const { body } = render(Field, { props: { id: 'x', label: 'X', type: 'password' } });
		expect(body).not.toContain('aria-describedby');
		expect(body).not.toContain('aria-invalid');
		expect(body).toContain('type="password"');
	});

	it('can be a textarea', () => {
		const { body } = render(Field, { props: { id: 'idea', label: 'Idea', type: 'textarea', value: 'Skate park' } });
		expect(body).toMatch(/<textarea[^>]*id="idea"[^>]*>Skate park<\/textarea>/);
	});
});

describe('Radios', () => {
	it('gives the first radio the group id, for error summary links', () => {
		const { body } = render(Radios, {
			props: { id: 'age', legend: 'How old are you?', error: 'Choose one', options: [{ value: 'a', label: '10 to 12' }, { value: 'b', label: '13 to 16' }] }
		});
		expect(body).toMatch(/<input type="radio" id="age"/);
		expect(body).toContain('id="age-1"');
		expect(body).toContain('<legend class="legend">How old are you?</legend>');
		expect(body).toContain('aria-describedby="age-error"');
	});
});

describe('PageHeading', () => {
	it('sets the h1 and the title, with an Error: prefix when asked', () => {
		const { body, head } = render(PageHeading, { props: { title: 'Join', error: true } });
		expect(body).toContain('<h1>Join</h1>');
		expect(head).toContain('<title>Error: Join – Sayso</title>');
	});
});
