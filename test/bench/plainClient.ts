/**
 * The practical limit: the same work with Node's own fetch and nothing else. One token, obtained the way the
 * credential obtains it (the same key parse, the same signed assertion, the same form, one request); then the same
 * POSTs with the same bodies, at most `concurrency` at once; then the same pages, one after the other.
 *
 * The requests go through a `Send`: fetch here, n8n's HTTP helper in test/bench/helperClient.ts.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { signClientAssertion } from '../../credentials/auth/assertion';
import { tokenSettings } from '../../credentials/auth/settings';
import { tokenForm } from '../../credentials/auth/tokenEndpoint';
import { loadSigningKey } from '../../credentials/pki/signingKey';
import { MEDIA_TYPES } from '../../credentials/gateway';
import { PAGING } from '../../nodes/CareerProFla/shared/contract';
import { credentialData, PAGE_SIZE, trainingBody, trainingRows, trainingsPath, type Outcome, type RunRequest } from './workload';

async function getToken(request: RunRequest): Promise<string> {
	return await tokenFor(credentialData(request));
}

/** One token for a credential's settings, obtained as the credential obtains it. */
export async function tokenFor(credential: ICredentialDataDecryptedObject): Promise<string> {
	const settings = tokenSettings(credential);
	const key = loadSigningKey(settings.keyInput);
	const assertion = await signClientAssertion({ clientId: settings.clientId, audience: settings.tokenUrl, key: key.key, alg: key.alg });
	const response = await fetch(settings.tokenUrl, {
		method: 'POST',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: MEDIA_TYPES.json },
		body: tokenForm(assertion, settings.scope).toString(),
	});
	const answer = (await response.json()) as { access_token?: string };
	if (!response.ok || typeof answer.access_token !== 'string') throw new Error(`token request answered ${response.status}`);
	return answer.access_token;
}

/** Sends one request with a JSON answer. */
export type Send = (request: { method: 'GET' | 'POST'; url: string; headers: Record<string, string>; body?: string }) => Promise<{ status: number; body: unknown }>;

const fetchSend: Send = async ({ method, url, headers, body }) => {
	const response = await fetch(url, { method, headers, body });
	return { status: response.status, body: await response.json() };
};

export async function runPlain(request: RunRequest, send: Send = fetchSend): Promise<Outcome> {
	const rows = trainingRows(request.size, request.workers);
	const collection = request.apiUrl + trainingsPath(request.enterpriseNumber);
	let failures = 0;
	let firstFailure: string | undefined;
	const fail = (message: string) => {
		failures++;
		firstFailure ??= message;
	};

	const registerStarted = performance.now();
	const token = await getToken(request);
	const headers = { Authorization: `Bearer ${token}`, Accept: MEDIA_TYPES.json };
	const results: unknown[] = new Array(rows.length);
	let next = 0;
	let created = 0;
	const worker = async () => {
		while (next < rows.length) {
			const index = next++;
			const response = await send({
				method: 'POST',
				url: collection,
				headers: { ...headers, 'Content-Type': MEDIA_TYPES.json },
				body: JSON.stringify(trainingBody(rows[index])),
			});
			const body = response.body as { trainingId?: unknown };
			if (response.status === 201 && typeof body.trainingId === 'string') created++;
			else fail(`POST answered ${response.status}`);
			results[index] = body;
		}
	};
	await Promise.all(Array.from({ length: Math.min(request.concurrency, rows.length) }, worker));
	const registerMs = performance.now() - registerStarted;

	const exportStarted = performance.now();
	const records: unknown[] = [];
	for (;;) {
		// The pages the node reads: each page after the first starts on the last record already read, which must come
		// back the same (the node's check that nothing was added or deleted between two pages).
		const overlap = records.length > 0 ? 1 : 0;
		const query = new URLSearchParams({ [PAGING.offsetParameter]: String(records.length - overlap), [PAGING.limitParameter]: String(PAGE_SIZE) });
		const response = await send({ method: 'GET', url: `${collection}?${query}`, headers });
		const page = response.body as Record<string, unknown>;
		if (response.status !== 200) {
			fail(`GET answered ${response.status}`);
			break;
		}
		let items = (page[PAGING.itemsProperty] ?? []) as unknown[];
		if (overlap) {
			if (JSON.stringify(items[0]) !== JSON.stringify(records[records.length - 1])) {
				fail('the listing moved between two pages');
				break;
			}
			items = items.slice(1);
		}
		records.push(...items);
		if (items.length === 0 || !page[PAGING.nextProperty]) break;
	}
	const exportMs = performance.now() - exportStarted;

	return {
		created,
		exported: records.length,
		failures,
		...(firstFailure ? { firstFailure } : {}),
		registerMs,
		exportMs,
	};
}
