/**
 * A rate limit whose bucket starts empty: the first request it sees is answered 429 whatever the speed of the
 * machine, so that a test of the client's waiting does not depend on sending faster than the limit.
 */
import { PROBLEM_TYPES } from '../../credentials/gateway';
import { PATHS } from './statement';
import { startSandbox, type Sandbox } from './server';
import { http, makeTestClient, registration, tokenFor } from './testkit';

const EN = '0202239951';
let sandbox: Sandbox;
let token: string;

beforeAll(async () => {
	const employer = makeTestClient('employer', EN);
	sandbox = await startSandbox({ clients: [registration(employer)] });
	token = await tokenFor(sandbox, employer);
});
afterAll(() => sandbox.close());

const status = () => http('GET', sandbox.apiUrl + PATHS.status(), { token });

test('with startEmpty, the first request is answered 429 even when the client is slow, then the bucket fills', async () => {
	sandbox.setKnobs({ rateLimit: { requestsPerSecond: 1000, startEmpty: true } });
	// A slow client: at 1000 requests per second a full bucket would let anything through.
	await new Promise((resolve) => setTimeout(resolve, 300));
	const first = await status();
	expect(first.status).toBe(429);
	expect((first.body as { type: string }).type).toBe(PROBLEM_TYPES.tooManyRequests);
	expect(first.headers['retry-after']).toBe('1');
	expect(sandbox.knobs().rateLimit).toEqual({ requestsPerSecond: 1000, startEmpty: true });
	await new Promise((resolve) => setTimeout(resolve, 1000));
	expect((await status()).status).toBe(200);
	expect(sandbox.stats().rateLimited).toBe(1);
});
