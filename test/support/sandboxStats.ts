/** Reading the sandbox's counters in tests. */
import { OAUTH_ENDPOINT_PATH } from '../../credentials/gateway';
import type { Sandbox, SandboxStats } from '../sandbox/server';

/** How many FLA API requests the sandbox received (of one method, if given), whatever their answer. */
export function requestCount(sandbox: Sandbox, method?: string): number {
	if (!method) return sandbox.stats().apiRequests;
	let count = 0;
	for (const [route, statuses] of Object.entries(sandbox.stats().requests)) {
		if (!route.startsWith(`${method} `) || route.endsWith(OAUTH_ENDPOINT_PATH)) continue;
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
