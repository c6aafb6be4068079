/**
 * `npm run test:editor`: the package in the real n8n 2.41.1 editor, driven in Debian's Chromium by playwright-core,
 * as a new user meets it. n8n runs with `n8n start` (free ports for the editor and the task broker), the package
 * built, packed and installed as a community package, and the sandbox gateway. Each step asserts what the screen
 * says and saves a screenshot into a folder printed at the start.
 *
 * Steps: sign up the owner; create the credential through its form with the sandbox's URLs and a .pfx (green test);
 * edit it to a wrong password (red, the package's message), then to a wrong client ID (red, the package's message),
 * then back (green); add the node to a workflow, open Training > Create (If Already Registered: Skip) and check the
 * node's options show once, with their defaults, in the Parameters tab and n8n's Request Options once in the Settings
 * tab; run it (an item with a trainingId); run a bad row with "On Error: Continue (using error output)" (the item on the error output); turn it into
 * Training > Get, open the Training ID list, search it and pick the training just created (the node holds its id and
 * the run sends it); add
 * Employer > Export to a new workflow and run it for two years (one item, six requests).
 *
 * Environment: CHROMIUM_PATH (default: the first of /usr/bin/chromium, chromium-browser, google-chrome found),
 * EDITOR_SCREENSHOTS (folder; default a new one in the system temp folder), EDITOR_SKIP_BUILD=1 (use dist/ as is).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { chromium, selectors, type BrowserContext, type Locator, type Page, type Response } from 'playwright-core';

import { newId, seconds } from '../e2e/n8n';
import { startStack, type Stack } from './stack';

const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];
/** How long a text may take to appear (n8n's editor under a loaded CI machine). */
const WAIT_MS = 60_000;

const say = (line: string) => console.log(`[editor] ${line}`);

function findChromium(): string {
	const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
	for (const candidate of candidates) if (candidate && fs.existsSync(candidate)) return candidate;
	const found = spawnSync('sh', ['-c', 'command -v chromium || command -v chromium-browser || command -v google-chrome'], { encoding: 'utf8' });
	if (found.status === 0 && found.stdout.trim()) return found.stdout.trim();
	throw new Error(
		'Chromium was not found. Install Debian\'s package (sudo apt-get install -y chromium) or set CHROMIUM_PATH to a Chromium or Chrome binary.',
	);
}

/** A step: its screenshot and what it checked. */
interface Shot {
	file: string;
	shows: string;
}

class EditorTest {
	readonly shots: Shot[] = [];
	private counter = 0;

	constructor(
		readonly page: Page,
		readonly stack: Stack,
		readonly folder: string,
	) {}

	/** Waits until the text is visible on screen (or in `within`), else fails naming it. */
	async sees(text: string | RegExp, within?: Locator): Promise<Locator> {
		const target = (within ?? this.page.locator('body')).getByText(text).first();
		try {
			await target.waitFor({ state: 'visible', timeout: WAIT_MS });
		} catch {
			throw new Error(`expected to see ${String(text)} on ${this.page.url()}`);
		}
		return target;
	}

	async shot(name: string, shows: string) {
		this.counter += 1;
		const file = path.join(this.folder, `${String(this.counter).padStart(2, '0')}-${name}.png`);
		await this.page.screenshot({ path: file });
		this.shots.push({ file, shows });
		say(`  screenshot ${path.basename(file)}: ${shows}`);
	}

	async fillParameter(name: string, value: string) {
		const input = this.page.getByTestId(`parameter-input-${name}`).locator('input, textarea').first();
		await input.click();
		await input.fill(value);
	}

	async choose(name: string, option: string | RegExp) {
		await this.page.getByTestId(`parameter-input-${name}`).click();
		await this.page.getByRole('option', { name: option }).click();
	}
}

async function signUp(t: EditorTest) {
	const { page } = t;
	await page.goto(`${t.stack.n8n.url}/setup`);
	await t.sees('Set up owner account');
	await page.getByTestId('email').locator('input').fill('owner@example.com');
	await page.getByTestId('firstName').locator('input').fill('Ada');
	await page.getByTestId('lastName').locator('input').fill('Owner');
	await page.getByTestId('password').locator('input').fill(`Editor-${newId()}-1`);
	await t.shot('owner-signup', 'the owner account form of a fresh n8n, filled in');
	await page.getByTestId('form-submit-button').click();
	await page.waitForURL((url) => !url.pathname.startsWith('/setup'), { timeout: WAIT_MS });
}

/**
 * Save: n8n saves the credential, then runs its test and shows the verdict. Returns 'green', or the message shown
 * in the red banner (its details opened), after checking that the screen shows what n8n's test answered.
 */
async function saveAndTest(t: EditorTest): Promise<'green' | string> {
	const { page } = t;
	// n8n also tests a credential when its form opens: the verdict wanted is the test sent after this save.
	const isSave = (r: Response) => /\/rest\/credentials(\/[\w-]+)?$/.test(new URL(r.url()).pathname) && ['POST', 'PATCH'].includes(r.request().method());
	const saved = page.waitForResponse(isSave, { timeout: WAIT_MS });
	await page.getByTestId('credential-save-button').click();
	await saved;
	const tested = await page.waitForResponse((r) => r.url().includes('/rest/credentials/test'), { timeout: WAIT_MS });
	const answer = ((await tested.json()) as { data?: { status?: string; message?: string } }).data ?? {};
	if (answer.status === 'OK') {
		await t.sees('Connection tested successfully');
		return 'green';
	}
	await t.sees('Couldn’t connect with these settings');
	const more = page.getByText('More details');
	if (await more.isVisible()) await more.click();
	const message = String(answer.message ?? '');
	await t.sees(message.slice(0, 80));
	return message;
}

async function createCredential(t: EditorTest) {
	const { page } = t;
	const e = t.stack.employer;
	await page.goto(`${t.stack.n8n.url}/home/credentials/create`);
	await page.getByTestId('new-credential-type-select').locator('input').fill('CareerPro');
	await page.getByTestId('new-credential-type-select-option').filter({ hasText: 'CareerPro FLA API' }).click();
	await page.getByTestId('new-credential-type-button').click();
	await t.sees('Key Format');
	await t.shot('credential-form-empty', 'the new CareerPro FLA API credential form: fields, option names, icon');
	await t.choose('environment', 'Custom');
	await t.fillParameter('tokenUrl', e.tokenUrl);
	await t.fillParameter('apiUrl', e.apiUrl);
	await t.fillParameter('clientId', e.clientId);
	await t.fillParameter('pfx', e.pfx);
	await t.fillParameter('pfxPassword', e.password);
	const tokensBefore = t.stack.world.sandbox.stats().tokensIssued;
	const result = await saveAndTest(t);
	if (result !== 'green') throw new Error(`the new credential tested red: ${result}`);
	await t.sees('Connection tested successfully');
	const issued = t.stack.world.sandbox.stats().tokensIssued - tokensBefore;
	if (issued < 1) throw new Error('the credential test was green but the sandbox issued no token');
	await t.shot('credential-green', `the credential with the sandbox's URLs and .pfx, saved: "Connection tested successfully" (${issued} token issued)`);
}

async function reopenCredential(t: EditorTest) {
	const { page } = t;
	await page.goto(`${t.stack.n8n.url}/home/credentials`);
	const opened = page.waitForResponse((r) => r.url().includes('/rest/credentials/test'), { timeout: WAIT_MS }).catch(() => undefined);
	await page.getByTestId('resources-list-item').filter({ hasText: 'CareerPro FLA' }).first().click();
	await t.sees('Certificate Password');
	await opened;
}

async function editCredential(t: EditorTest, changes: Record<string, string>, expected: RegExp, name: string, shows: string) {
	await reopenCredential(t);
	for (const [field, value] of Object.entries(changes)) await t.fillParameter(field, value);
	const field = Object.keys(changes).join('", "');
	const tokensBefore = Number(t.stack.world.sandbox.stats().tokenRequests);
	const result = await saveAndTest(t);
	if (result === 'green') throw new Error(`after changing "${field}", the saved credential still tested green`);
	if (!expected.test(result)) throw new Error(`after changing "${field}", the test said: ${result}`);
	await t.sees(expected);
	await t.shot(name, `${shows}: ${result.slice(0, 160)}...`);
	return Number(t.stack.world.sandbox.stats().tokenRequests) - tokensBefore;
}

async function checkCredentialEdits(t: EditorTest) {
	const e = t.stack.employer;
	await editCredential(t, { pfxPassword: 'not-the-password' }, /The PFX password is wrong/, 'credential-wrong-password', 'saved with a wrong password: red');
	const asked = await editCredential(
		t,
		{ pfxPassword: e.password, clientId: 'self_service_chaman_000000_typo' },
		/The gateway refused the client \(invalid_client/,
		'credential-wrong-client',
		'saved with the right password and a wrong client ID: red',
	);
	if (asked < 1) throw new Error('the wrong client ID was not sent to the token endpoint');
	await reopenCredential(t);
	await t.fillParameter('clientId', e.clientId);
	const result = await saveAndTest(t);
	if (result !== 'green') throw new Error(`back to the right settings, the credential tested red: ${result}`);
	await t.shot('credential-green-again', 'the right client ID and password again: green');
	await t.page.keyboard.press('Escape');
}

async function addNode(t: EditorTest) {
	const { page } = t;
	await page.goto(`${t.stack.n8n.url}/workflow/new`);
	await page.getByTestId('canvas-add-button').click();
	await page.getByTestId('node-creator-search-bar').fill('CareerPro');
	await page.getByTestId('node-creator-item-name').filter({ hasText: 'CareerPro FLA' }).click();
	await page.getByTestId('node-creator-item-name').filter({ hasText: /^Create a training a worker followed/ }).click();
	const parameters = page.getByTestId('node-parameters');
	await t.sees('Worker NISS/INSZ', parameters);
	// Version 3's 'Columns' offers n8n's two ways of mapping a record.
	await t.sees('Mapping Column Mode', parameters);
	await parameters.getByTestId('mapping-mode-select').locator('input').first().click();
	await page.getByRole('option', { name: /^Map Automatically/ }).waitFor({ timeout: WAIT_MS });
	await t.shot('node-columns-modes', "Training > Create's Columns: the mapping modes, Map Automatically among them");
	await page.keyboard.press('Escape');
	// A node added now starts with 'If Already Registered: Skip' (version 2 and later): a sheet run twice registers nothing twice.
	const ifRegistered = page.getByTestId('parameter-input-ifAlreadyRegistered').locator('input').first();
	const choice = await ifRegistered.inputValue();
	if (choice !== 'Skip') throw new Error(`"If Already Registered" starts at ${JSON.stringify(choice)}, not Skip`);

	// The node's own options: once, in the Parameters tab, with their defaults.
	const options = parameters.getByTestId('parameter-item').filter({ hasText: /^Options/ });
	if ((await options.count()) !== 1) throw new Error(`the Parameters tab shows ${await options.count()} "Options" blocks`);
	const concurrency = parameters.getByTestId('parameter-input-maxConcurrency');
	if ((await concurrency.count()) !== 1) throw new Error(`"Max Concurrent Requests" shows ${await concurrency.count()} times`);
	const value = await concurrency.locator('input').first().inputValue();
	if (value !== '5') throw new Error(`"Max Concurrent Requests" starts at ${JSON.stringify(value)}, not its default 5`);
	await concurrency.scrollIntoViewIfNeeded();
	await t.shot('node-parameters', 'Training > Create in the Parameters tab, scrolled to its end: Options > Max Concurrent Requests once, default 5');

	// n8n's own Request Options: in the Settings tab, each of its options once, none of the node's.
	await page.getByTestId('tab-settings').click();
	await t.sees('Request Options');
	const settingsPanel = page.getByTestId('ndv');
	await settingsPanel.getByTestId('collection-parameter-add').filter({ visible: true }).first().click();
	await page.getByRole('option').first().waitFor({ timeout: WAIT_MS });
	const listed = (await page.getByRole('option').allInnerTexts()).map((s) => s.trim()).filter(Boolean);
	const counts = new Map<string, number>();
	for (const name of listed) counts.set(name, (counts.get(name) ?? 0) + 1);
	const twice = [...counts].filter(([, n]) => n > 1).map(([name]) => name);
	if (twice.length) throw new Error(`Request Options lists ${twice.join(', ')} more than once: ${listed.join(', ')}`);
	if (!listed.includes('Batching') || listed.includes('Max Concurrent Requests')) throw new Error(`Request Options lists ${listed.join(', ')}`);
	await t.shot('node-settings-request-options', `the Settings tab: n8n's Request Options, Add Option lists ${listed.join(', ')} (each once)`);
	await page.keyboard.press('Escape');
	await page.getByTestId('tab-params').click();
}

async function runNode(t: EditorTest) {
	const { page } = t;
	await t.fillParameter('enterpriseNumber', `BE ${t.stack.employer.enterpriseNumber.replace(/^(\d{4})(\d{3})(\d{3})$/, '$1.$2.$3')}`);
	await t.fillParameter('ssin', '85.07.30-033.28');
	await t.fillParameter('title', 'Forklift safety (editor test)');
	await t.fillParameter('startDate', '02/03/2026');
	await t.fillParameter('endDate', '03/03/2026');
	await t.fillParameter('durationHours', '7,5');
	// Node version 3 maps the record in 'Columns' (n8n's resource mapper): a choice list has no value until picked.
	await t.choose('trainingType', /^Formal/);
	const before = t.stack.world.sandbox.data?.().trainings.length ?? 0;
	await page.getByTestId('node-execute-button').click();
	const output = page.getByTestId('output-panel');
	await t.sees('trainingId', output);
	await t.sees('Forklift safety (editor test)', output);
	const after = t.stack.world.sandbox.data?.().trainings.length ?? 0;
	if (after !== before + 1) throw new Error(`the sandbox holds ${after - before} new trainings, expected 1`);
	await t.shot('node-run-training-created', 'Execute step: one item with a trainingId, stored in the sandbox');
}

async function runBadRowToErrorOutput(t: EditorTest) {
	const { page } = t;
	await t.fillParameter('ssin', '85.07.30-033.29');
	await page.getByTestId('tab-settings').click();
	await t.sees('On Error');
	await page.getByTestId('parameter-input-onError').click();
	await page.getByRole('option', { name: 'Continue (using error output)' }).click();
	await page.getByTestId('tab-params').click();
	const before = t.stack.world.sandbox.stats().apiRequests;
	await page.getByTestId('node-execute-button').click();
	const output = page.getByTestId('output-panel');
	await t.sees('Success Branch', output);
	await t.sees('No output data in this branch', output);
	(await t.sees('Error Branch (1 item)', output)).click();
	await t.sees(/is not a valid NISS\/INSZ number: its check digits do not match/, output);
	const text = (await output.innerText()).replace(/\s+/g, ' ');
	if (t.stack.world.sandbox.stats().apiRequests !== before) throw new Error('the bad row was sent to the gateway');
	await t.shot('node-error-output', `a bad NISS with "Continue (using error output)": Success Branch empty, Error Branch (1 item) with the message (${text.slice(0, 160)}...)`);
}

/**
 * Training > Get with the training picked from the list: the Training ID list shows the employer's trainings by
 * name, a search narrows it to the one created above, and the node then holds its id (shown 'By ID') and sends it.
 */
async function pickTrainingFromList(t: EditorTest) {
	const { page } = t;
	const sandbox = t.stack.world.sandbox;
	const created = sandbox.data?.().trainings.find((r) => r.title === 'Forklift safety (editor test)');
	if (!created) throw new Error('the sandbox holds no training "Forklift safety (editor test)" to pick');
	const id = String(created.trainingId);
	const wanted = `Forklift safety (editor test) — 85.07.30-033.28 — 2026-03-02`;
	// The same node, back to its regular output, its operation now Get: the Enterprise Number stays.
	await page.getByTestId('tab-settings').click();
	await page.getByTestId('parameter-input-onError').click();
	await page.getByRole('option', { name: 'Stop Workflow' }).click();
	await page.getByTestId('tab-params').click();
	await t.choose('operation', /^Get Retrieve one training/);
	const locator = page.getByTestId('resource-locator-trainingId');
	await t.sees('Training ID', page.getByTestId('node-parameters'));
	await locator.getByTestId('rlc-input-container').locator('input').first().click();
	await page.getByTestId('rlc-item').first().waitFor({ state: 'visible', timeout: WAIT_MS });
	const listed = (await page.getByTestId('rlc-item').allInnerTexts()).map((text) => text.trim());
	if (!listed.includes(wanted)) throw new Error(`the Training ID list shows ${listed.join(' | ')}, not ${wanted}`);
	await t.shot('training-id-list', `Training > Get, the Training ID list opened: ${listed.length} trainings of the employer by title, worker and start date`);
	// n8n puts the test id on the search box's input itself or on its wrapper, depending on the design system's version.
	await page.locator('input[data-test-id="rlc-search"], [data-test-id="rlc-search"] input').first().fill('editor test');
	const item = page.getByTestId('rlc-item').filter({ hasText: wanted });
	await item.waitFor({ state: 'visible', timeout: WAIT_MS });
	const narrowed = page.getByTestId('rlc-item').filter({ hasNotText: 'editor test' });
	await narrowed.first().waitFor({ state: 'detached', timeout: WAIT_MS }).catch(() => undefined);
	if ((await narrowed.count()) !== 0) throw new Error(`the search "editor test" still lists ${await narrowed.count()} other trainings`);
	await t.shot('training-id-search', 'the list searched for "editor test": only the training created above');
	await item.click();
	const shown = await locator.getByTestId('rlc-input-container').locator('input').first().inputValue();
	if (shown !== wanted) throw new Error(`after the pick, Training ID shows ${JSON.stringify(shown)}, not ${JSON.stringify(wanted)}`);

	const before = sandbox.requests?.().length ?? 0;
	await page.getByTestId('node-execute-button').click();
	const output = page.getByTestId('output-panel');
	await t.sees(id, output);
	const sent = (sandbox.requests?.() ?? []).slice(before).filter((r) => r.path.includes('/trainings'));
	const got = sent.map((r) => `${r.method} ${r.path.replace(/^.*\/employers\//, '/employers/')} ${r.status}`);
	const expected = `GET /employers/${t.stack.employer.enterpriseNumber}/trainings/${id} 200`;
	if (got.length !== 1 || got[0] !== expected) throw new Error(`the run sent ${JSON.stringify(got)}, expected ${expected}`);
	await t.shot('training-id-picked-run', `the training picked from the list, Execute step: ${expected}`);

	// The value the node holds: 'By ID' shows the identifier the pick stored.
	await locator.getByTestId('rlc-mode-selector').click();
	await page.getByRole('option', { name: 'By ID' }).click();
	const held = await locator.getByTestId('rlc-input-container').locator('input').first().inputValue();
	if (held !== id) throw new Error(`'By ID' shows ${JSON.stringify(held)}, not the picked training's id ${id}`);
	await t.shot('training-id-by-id', `switched to 'By ID': the node holds ${id}`);
}

async function exportEmployer(t: EditorTest) {
	const { page } = t;
	await page.keyboard.press('Escape');
	await page.goto(`${t.stack.n8n.url}/workflow/new`);
	await page.getByTestId('canvas-add-button').click();
	await page.getByTestId('node-creator-search-bar').fill('CareerPro');
	await page.getByTestId('node-creator-item-name').filter({ hasText: 'CareerPro FLA' }).click();
	await page.getByTestId('node-creator-item-name').filter({ hasText: /^Export an employer's data/ }).click();
	const parameters = page.getByTestId('node-parameters');
	await t.sees('Years', parameters);
	await t.fillParameter('enterpriseNumber', t.stack.employer.enterpriseNumber);
	await t.fillParameter('years', '2025, 2026');
	const before = t.stack.world.sandbox.stats().apiRequests;
	await page.getByTestId('node-execute-button').click();
	const output = page.getByTestId('output-panel');
	await t.sees('trainingRights', output);
	await t.sees('optOuts', output);
	// Trainings and training rights, then a training credit and an opt-out per year: six requests.
	const sent = t.stack.world.sandbox.stats().apiRequests - before;
	if (sent !== 6) throw new Error(`the export sent ${sent} requests, expected 6`);
	await t.shot('node-run-employer-export', "Employer > Export: one item with the employer's trainings, training rights, credits and opt-outs of 2025 and 2026");
}

/**
 * A workflow saved with node version 2 keeps its form: one Additional Fields collection serves the three records
 * (shared/gather.ts), and the editor offers in it only the fields of the record the node creates.
 */
async function savedVersion2Form(t: EditorTest) {
	const { page } = t;
	await page.keyboard.press('Escape');
	const id = 'editorVersion2Wf';
	const file = path.join(t.stack.session.userFolder, `${id}.json`);
	const workflow = {
		id,
		name: 'Saved with version 2',
		active: false,
		connections: {},
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: 'b3c5a0f2-2d6e-4f5a-9a51-6f0d3c1e2a77',
				name: 'Training right',
				type: 'n8n-nodes-careerpro-fla.careerProFla',
				typeVersion: 2,
				position: [0, 0],
				parameters: { resource: 'trainingRight', operation: 'create' },
			},
		],
	};
	fs.writeFileSync(file, JSON.stringify(workflow));
	const imported = await t.stack.session.importWorkflow(file);
	if (imported.exitCode !== 0) throw new Error(`import:workflow failed: ${(imported.stdout + imported.stderr).trim().split('\n').slice(-5).join(' | ')}`);
	await page.goto(`${t.stack.n8n.url}/workflow/${id}`);
	await page.getByTestId('canvas-node').first().dblclick();
	const parameters = page.getByTestId('node-parameters');
	await t.sees('Additional Fields', parameters);
	await parameters.getByTestId('collection-parameter-add').filter({ visible: true }).first().click();
	await page.getByRole('option').first().waitFor({ timeout: WAIT_MS });
	const listed = (await page.getByRole('option').allInnerTexts()).map((s) => s.trim()).filter(Boolean).sort();
	await t.shot('node-v2-additional-fields', `a Training Right > Create saved with version 2: Additional Fields offers ${listed.join(', ')}`);
	await page.keyboard.press('Escape');
	const expected = ['Collective Agreement Number', 'Joint Committee'];
	if (JSON.stringify(listed) !== JSON.stringify(expected)) throw new Error(`Additional Fields offers ${listed.join(', ')}, expected ${expected.join(', ')}`);
}

async function main(): Promise<number> {
	const started = Date.now();
	const executablePath = findChromium();
	const folder = process.env.EDITOR_SCREENSHOTS
		? path.resolve(process.env.EDITOR_SCREENSHOTS)
		: fs.mkdtempSync(path.join(os.tmpdir(), 'careerpro-fla-editor-'));
	fs.mkdirSync(folder, { recursive: true });
	say(`screenshots: ${folder}`);
	say(`browser: ${executablePath}`);
	selectors.setTestIdAttribute('data-test-id');

	let stack: Stack | undefined;
	let context: BrowserContext | undefined;
	const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'careerpro-fla-chromium-'));
	let t: EditorTest | undefined;
	const steps: Array<[string, (t: EditorTest) => Promise<void>]> = [
		['owner sign-up', signUp],
		['credential through the form: green', createCredential],
		['credential edited: wrong password red, wrong client ID red, right again green', checkCredentialEdits],
		['node added: Training > Create, options once with their defaults', addNode],
		['node run: an item with a trainingId', runNode],
		['bad row with Continue (using error output): the item on the error output', runBadRowToErrorOutput],
		['Training > Get: the training picked from the Training ID list (searched), its id sent', pickTrainingFromList],
		['Employer > Export: the form asks the years, a run gives one item with every resource', exportEmployer],
		["a workflow saved with version 2: Training Right > Create's Additional Fields offers a training right's fields only", savedVersion2Form],
	];
	let failed = 0;
	try {
		stack = await startStack(say);
		context = await chromium.launchPersistentContext(profile, {
			executablePath,
			headless: true,
			args: CHROMIUM_ARGS,
			viewport: { width: 1440, height: 900 },
		});
		const page = context.pages()[0] ?? (await context.newPage());
		t = new EditorTest(page, stack, folder);
		for (const [name, step] of steps) {
			const stepStarted = Date.now();
			try {
				await step(t);
				say(`ok ${name} [${seconds(Date.now() - stepStarted)}]`);
			} catch (error) {
				failed += 1;
				say(`FAIL ${name}: ${(error as Error).message}`);
				await t.shot('failure', `the screen when "${name}" failed`).catch(() => undefined);
				break;
			}
		}
	} finally {
		await context?.close().catch(() => undefined);
		fs.rmSync(profile, { recursive: true, force: true });
		if (stack) {
			await stack.stop();
			if (failed) say(`kept the n8n user folder: ${stack.session.userFolder}`);
			else stack.session.dispose();
		}
	}
	const passed = steps.length - failed - (t ? 0 : steps.length);
	say(`screenshots in ${folder}:`);
	for (const shot of t?.shots ?? []) say(`  ${path.basename(shot.file)}: ${shot.shows}`);
	say(`${Math.max(0, passed)} of ${steps.length} steps passed in ${seconds(Date.now() - started)}`);
	return failed || !t ? 1 : 0;
}

main().then(
	(code) => process.exit(code),
	(error: unknown) => {
		console.error(`[editor] ${error instanceof Error ? error.stack : String(error)}`);
		process.exit(1);
	},
);
