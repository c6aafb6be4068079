/** Reading the sandbox's counters in tests. */
import { GRANT_ENDPOINT_PATH } from '../../credentials/gateway';
import type { Sandbox, SandboxStats } from '../sandbox/server';

/** How many FLA API requests the sandbox received (of one method, if given), whatever their answer. */
export function requestCount(sandbox: Sandbox, method?: string): number {
	if (!method) return sandbox.stats().apiRequests;
	let count = 0;
	for (const [route, statuses] of Object.entries(sandbox.stats().requests)) {
		if (!route.startsWith(`${method} `) || route.endsWith(GRANT_ENDPOINT_PATH)) continue;
		for (const n of Object.values(statuses)) count += n;
	}
	return count;
}

/** The key of the sandbox's counters for a method and a route ending ("POST", "/trainings"), if it was requested. */
export function findRoute(stats: SandboxStats, method: string, ending: string): string | undefined {
	return Object.keys(stats.requests).find((r) => r.startsWith(`${method} `) && r.endsWith(ending));
}

/** Same, for a route the test expects to have been requested. */
export function routeOf(stats: SandboxStats, method: string, ending: string): string {
	const route = findRoute(stats, method, ending);
	if (!route) throw new Error(`no ${method} request ending in ${ending} reached the sandbox`);
	return route;
}

/** How many requests (token requests included) the sandbox answered so far: a mark for `sentSince`. */
export const mark = (sandbox: Sandbox) => sandbox.requests().length;

/** The API requests the sandbox answered since `since`, as "METHOD path status", the path below the API root. */
export function sentSince(sandbox: Sandbox, since: number): string[] {
	const roots = [sandbox.apiUrl, sandbox.trainingProviderApiUrl].map((url) => new URL(url).pathname);
	return sandbox
		.requests()
		.slice(since)
		.filter((r) => r.path !== new URL(sandbox.tokenUrl).pathname)
		.map((r) => `${r.method} ${r.path.slice(roots.find((root) => r.path.startsWith(`${root}/`))?.length ?? 0)} ${r.status}`);
}
