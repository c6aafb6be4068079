/**
 * Counts the parameter values n8n evaluates while the node runs, and where: n8n resolves each value through
 * `WorkflowExpression.resolveSimpleParameterValue`, and each expression (`={{ $json.ssin }}`) costs an isolate round
 * trip in n8n 2.x's `vm` engine. Used by test/bench/evaluations.ts and by the tests that keep the node's share low.
 *
 * Where an expression was evaluated (from the call's stack):
 * - `loop`: RoutingNode.runNode's loop over the node's properties, which evaluates every property named like a
 *   parameter (shown or not, once per property of that name);
 * - `base_url`: RoutingNode.resolveBaseUrl (n8n 2.x), which does it again for the credential's domain check;
 * - `routing_send`: getRequestOptionsFromParameters reading a parameter declared with `routing` (in runNode, and again
 *   in resolveBaseUrl);
 * - `node`: the node's own code (its preSend hooks reading the parameters);
 * - `other`: anything else.
 */
import { WorkflowExpression } from 'n8n-workflow';

export const SITES = ['loop', 'base_url', 'routing_send', 'node', 'other'] as const;
export type Site = (typeof SITES)[number];

export interface Evaluations {
	/** Every value resolved, expression or not. */
	calls: number;
	/** The expressions among them. */
	expressions: number;
	/** The expressions, by where they were evaluated. */
	sites: Record<Site, number>;
	/** The expressions the node's own code evaluated, by expression text. */
	byNode: Record<string, number>;
}

function siteOf(stack: string): Site {
	if (stack.includes('getRequestOptionsFromParameters')) return 'routing_send';
	if (stack.includes('resolveBaseUrl')) return 'base_url';
	if (/nodes[\\/]CareerProFla[\\/]/.test(stack)) return 'node';
	if (stack.includes('RoutingNode.runNode')) return 'loop';
	return 'other';
}

/** Counts the evaluations made while `run` runs (one run at a time: it replaces n8n's method meanwhile). */
export async function countEvaluations(run: () => Promise<void>): Promise<Evaluations> {
	const prototype = WorkflowExpression.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
	const original = prototype.resolveSimpleParameterValue;
	const count: Evaluations = { calls: 0, expressions: 0, sites: { loop: 0, base_url: 0, routing_send: 0, node: 0, other: 0 }, byNode: {} };
	const stackLimit = Error.stackTraceLimit;
	Error.stackTraceLimit = 30;
	prototype.resolveSimpleParameterValue = function (this: unknown, ...args: unknown[]) {
		count.calls++;
		const value = args[0];
		if (typeof value === 'string' && value.startsWith('=')) {
			count.expressions++;
			const site = siteOf(new Error().stack ?? '');
			count.sites[site]++;
			if (site === 'node') count.byNode[value] = (count.byNode[value] ?? 0) + 1;
		}
		return original.apply(this, args);
	};
	try {
		await run();
	} finally {
		prototype.resolveSimpleParameterValue = original;
		Error.stackTraceLimit = stackLimit;
	}
	return count;
}
