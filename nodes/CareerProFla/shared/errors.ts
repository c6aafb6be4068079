/**
 * Every message a user sees when something goes wrong, in one place.
 *
 * - Bad input (found before anything is sent): `inputError`, a NodeOperationError naming the field and the item.
 * - Answers of the gateway: `GATEWAY_ERRORS`, one row per problem type (RFC 9457 `type`) with a fallback per HTTP
 *   status; the server's own title, detail and each `issues[]` entry are kept verbatim in the description.
 * - Failures on the way (connection refused, dropped, timed out): `transportError`.
 * Messages never carry a key, password, assertion or token: only what the user typed and what the gateway said.
 */
import { NodeApiError, NodeOperationError, type INode, type JsonObject } from 'n8n-workflow';

import { PROBLEM_TYPES, QUALITIES, QUALITY_NAMES, type Quality } from '../../../credentials/gateway';
import { type FieldSpec } from './contract';
import type { FieldProblem } from './validation';

/** What the node was doing when the gateway answered: used to make messages concrete. */
export interface MessageContext {
	itemIndex: number;
	method: string;
	/** e.g. "training", "training right". */
	resourceLabel: string;
	enterpriseNumber?: string;
	id?: string;
	quality?: Quality;
	/** Field specs of the resource, to name the fields of `issues[]` as the UI does. */
	fields?: readonly FieldSpec[];
	attempts?: number;
	/** The wait the gateway asked for (Retry-After) when the node gave up waiting. */
	retryAfterMs?: number;
}

export interface Problem {
	type?: string;
	title?: string;
	status?: number;
	detail?: string;
	instance?: string;
	issues?: Array<{ type?: string; title?: string; detail?: string; in?: string; name?: string; value?: unknown }>;
	requiredScopes?: string[];
	retryAfterSec?: number;
	[key: string]: unknown;
}

const itemLabel = (index: number) => `item ${index + 1}`;

/** How a description begins when the item was stopped before anything was sent for it. */
const NOTHING_SENT = 'Nothing was sent for this item.';

/**
 * Bad input: says which fields of which item, what is wrong with each, and what to write instead. Every problem is in
 * the message: n8n's AI Agent hands a tool's error to the model as its message alone, and a model (or a person) that
 * sees one problem at a time corrects one field per run.
 */
export function inputError(node: INode, itemIndex: number, problems: FieldProblem[]): NodeOperationError {
	const [first] = problems;
	const named = problems.map((p) => `'${p.label}' ${p.message}`).join('; ');
	const error = new NodeOperationError(node, `${named} [${itemLabel(itemIndex)}]`, {
		itemIndex,
		description: `${NOTHING_SENT} Correct the field${problems.length > 1 ? 's' : ''} and run it again.`,
	});
	error.context.field = first.field;
	error.context.fields = problems.map((p) => p.field);
	return error;
}

/** Anything the node can tell before sending that is not about one field (e.g. the credential's quality). */
export function setupError(node: INode, itemIndex: number, message: string, description: string) {
	return new NodeOperationError(node, `${message} [${itemLabel(itemIndex)}]`, { itemIndex, description });
}

/**
 * A NodeApiError that keeps the node's message. n8n replaces any message that mentions a Node.js error code
 * (ECONNRESET, ETIMEDOUT...) with a generic sentence of its own, which would lose the item number and what the
 * node knows (for instance that a write may have been processed).
 */
function apiError(
	node: INode,
	response: JsonObject,
	options: { message: string; description?: string; httpCode?: string; itemIndex: number },
): NodeApiError {
	const error = new NodeApiError(node, response, options);
	error.message = options.message;
	return error;
}

type Row = (problem: Problem, context: MessageContext) => { message: string; description: string };

const subject = (c: MessageContext) =>
	`${c.resourceLabel}${c.id ? ` ${c.id}` : ''}${c.enterpriseNumber ? ` of enterprise ${c.enterpriseNumber}` : ''}`;

/** The gateway's detail as a sentence that the advice after it can follow ("... at enterprise X. Check ..."). */
const sentence = (detail: string | undefined) => {
	const text = detail?.trim() ?? '';
	return text && !/[.!?:]$/.test(text) ? `${text}.` : text;
};

const waited = (c: MessageContext) =>
	[
		c.attempts && c.attempts > 1 ? ` The node waited and tried ${c.attempts} times.` : '',
		c.retryAfterMs !== undefined ? ` The gateway asked to wait ${Math.ceil(c.retryAfterMs / 1000)} s before trying again.` : '',
	].join('');

/** One row per problem type of the gateway. */
export const GATEWAY_ERRORS: Record<string, Row> = {
	[PROBLEM_TYPES.badRequest]: (p, c) => ({
		message: `The gateway refused the ${c.resourceLabel}: ${p.title ?? 'invalid input'}`,
		description: [
			...(p.issues ?? []).map((issue) => `'${labelOf(issue.name, c)}' ${issue.detail ?? issue.title ?? 'is invalid'}`),
			p.detail,
			'Correct these fields and send the item again.',
		]
			.filter(Boolean)
			.join('\n'),
	}),
	[PROBLEM_TYPES.noAccessToken]: (p) => tokenRefused(p),
	[PROBLEM_TYPES.invalidAccessToken]: (p) => tokenRefused(p),
	[PROBLEM_TYPES.expiredAccessToken]: (p) => tokenRefused(p),
	[PROBLEM_TYPES.missingScope]: (p, c) => ({
		message: `The credential's quality does not allow this operation`,
		description: [
			p.requiredScopes?.length ? `The gateway asks for the scope ${p.requiredScopes.join(' or ')}.` : p.detail,
			`The credential is set up as '${QUALITY_NAMES[c.quality ?? 'employer']}'.`,
			`Employers use the quality Employer, social secretariats and service providers the quality Mandatary; training providers use the resource Provider Training.`,
			`Check 'Quality' and 'Scope' in the credential and that the Chaman account holds the permission "CareerPro - Federal Learning Account - Déclaration".`,
		]
			.filter(Boolean)
			.join(' '),
	}),
	[PROBLEM_TYPES.missingPermission]: (p, c) =>
		c.quality === QUALITIES.mandatary
			? {
					message: `No active Federal Learning Account mandate for enterprise ${c.enterpriseNumber ?? ''}`.trim(),
					description: `${sentence(p.detail)} A mandatary can only send data for employers that gave it an active "Federal Learning Account" mandate (created in MAHIS on socialsecurity.be). Check 'Enterprise Number', or ask the employer to create the mandate.`.trim(),
				}
			: {
					message: `Enterprise ${c.enterpriseNumber ?? ''} is not the employer of this credential`.replace('  ', ' '),
					description: `${sentence(p.detail)} An employer can only read and send its own data: check 'Enterprise Number'. To act for other employers, use a credential of quality Mandatary with their mandates.`.trim(),
				},
	[PROBLEM_TYPES.resourceNotFound]: (p, c) => ({
		message: `Not found: ${subject(c)}`,
		description: `${sentence(p.detail)} Check the identifier; the record may have been deleted.`.trim(),
	}),
	[PROBLEM_TYPES.duplicate]: (p, c) => ({
		message: `Already registered: this ${c.resourceLabel}${c.enterpriseNumber ? ` of enterprise ${c.enterpriseNumber}` : ''} exists`,
		description: [
			p.detail,
			...(p.issues ?? []).map((issue) => `'${labelOf(issue.name, c)}' ${issue.detail ?? issue.title ?? 'is part of an existing record'}`),
			"Nothing was changed. If it is the same, set 'If Already Registered' to 'Skip' (or 'Update') and run the item again; otherwise correct the item.",
		]
			.filter(Boolean)
			.join('\n'),
	}),
	[PROBLEM_TYPES.payloadTooLarge]: (p, c) => ({
		message: `The ${c.resourceLabel} is too large for the gateway`,
		description: `${sentence(p.detail)} Shorten the long text fields or send fewer participants at once.`.trim(),
	}),
	[PROBLEM_TYPES.tooManyRequests]: (p, c) => ({
		message: 'The gateway is busy: too many requests',
		description: `${sentence(p.detail)}${waited(c)} Run the item again later, or lower 'Max Concurrent Requests' in the node's options.`.trim(),
	}),
	[PROBLEM_TYPES.serviceUnavailable]: (p, c) => ({
		message: 'The gateway is temporarily unavailable',
		description: `${sentence(p.detail)}${waited(c)} Nothing was registered for this item; run it again later.`.trim(),
	}),
	[PROBLEM_TYPES.internalServerError]: (p) => ({
		message: 'The gateway failed with an internal error',
		description: `${sentence(p.detail)} Try again later. If it persists, contact the Sigedis support and quote ${p.instance ?? 'the time of the error'}.`.trim(),
	}),
};

/** When the gateway's answer has no known problem type: by HTTP status. */
const BY_STATUS: Record<number, string> = {
	400: PROBLEM_TYPES.badRequest,
	401: PROBLEM_TYPES.invalidAccessToken,
	403: PROBLEM_TYPES.missingPermission,
	404: PROBLEM_TYPES.resourceNotFound,
	409: PROBLEM_TYPES.duplicate,
	413: PROBLEM_TYPES.payloadTooLarge,
	429: PROBLEM_TYPES.tooManyRequests,
	500: PROBLEM_TYPES.internalServerError,
	503: PROBLEM_TYPES.serviceUnavailable,
};

function tokenRefused(p: Problem) {
	return {
		message: 'The gateway refused the access token',
		description: `${sentence(p.detail)} n8n fetched a new token and it was refused again. Check in the credential that the client ID and the certificate belong to the same REST account in Chaman, and that its 'Environment' and 'Quality' are right.`.trim(),
	};
}

function labelOf(name: string | undefined, context: MessageContext): string {
	if (!name) return 'request';
	const key = name.replace(/^.*\./, '').replace(/\[\d+\]$/, '');
	return context.fields?.find((f) => f.name === key)?.label ?? name;
}

/** A gateway answer with an error status, as the user should read it. */
export function gatewayError(
	node: INode,
	status: number,
	body: unknown,
	context: MessageContext,
): NodeApiError {
	const problem = asProblem(body, status);
	const row = GATEWAY_ERRORS[problem.type ?? ''] ?? GATEWAY_ERRORS[BY_STATUS[status] ?? ''];
	const { message, description } = row
		? row(problem, context)
		: {
				message: `The gateway answered ${status}${problem.title ? `: ${problem.title}` : ''}`,
				description: problem.detail ?? 'The answer was not expected. Try again later.',
			};
	const error = apiError(node, problem as JsonObject, {
		message: `${message} [${itemLabel(context.itemIndex)}]`,
		description,
		httpCode: String(status),
		itemIndex: context.itemIndex,
	});
	error.context.problemType = problem.type;
	if (problem.issues) error.context.issues = problem.issues;
	if (context.method !== 'GET' && !refusedWrite(status)) {
		error.description = `${description}\n${lostWrite(context)}`;
		error.context.mayHaveBeenProcessed = true;
	}
	return error;
}

/**
 * Whether an answer to a write proves that the write was refused: a 4xx, or a 503 (the gateway says it did not
 * process the request; the sender waits and sends it again). Any other answer (500, a proxy's 502 or 504 after it
 * forwarded the request...) leaves the write maybe done.
 */
export const refusedWrite = (status: number) => (status >= 400 && status < 500) || status === 503;

/** The gateway's body as a problem: problem+json as is, anything else (HTML from a proxy...) summarised. */
export function asProblem(body: unknown, status: number): Problem {
	if (body && typeof body === 'object' && !Array.isArray(body)) return { status, ...(body as Problem) };
	if (typeof body === 'string' && body.trim().startsWith('{')) {
		try {
			return { status, ...(JSON.parse(body) as Problem) };
		} catch {
			// not JSON after all: summarised below
		}
	}
	const text = typeof body === 'string' || Buffer.isBuffer(body) ? String(body) : '';
	const plain = text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 200);
	return { status, title: `HTTP ${status}`, detail: plain ? `The answer was not from the FLA API: "${plain}"` : undefined };
}

/** A write whose answer was lost, in the words of what it did: registered, changed or deleted. */
function lostWrite(context: MessageContext): string {
	const [done, sent, look] =
		context.method === 'DELETE'
			? ['deleted', 'the deletion', 'Look it up (Get): if it is not found, it was deleted']
			: context.method === 'PATCH'
				? ['changed', 'the change', 'Look it up (Get) to see which values it holds']
				: ['registered', 'it', ''];
	const again =
		context.method === 'POST'
			? `Running the item again with 'If Already Registered' set to 'Skip' is safe: the node finds the ${context.resourceLabel} if it was registered and does not register it twice.`
			: `${look} before you send this item again.`;
	return `The ${context.resourceLabel} may have been ${done} anyway, so the node did not send ${sent} a second time. ${again}`;
}

/**
 * What happened when no answer came back: the request did not leave (`notReached`), or it left and its answer was
 * lost, on a read (nothing changed) or on a write (it may have been processed).
 */
export function transportError(
	node: INode,
	cause: { code?: string; message?: string },
	context: MessageContext,
	outcome: 'notReached' | 'lostRead' | 'lostWrite',
): NodeApiError {
	const code = cause.code ?? 'ERROR';
	const mayHaveBeenProcessed = outcome === 'lostWrite';
	const message =
		outcome === 'notReached'
			? `Could not reach the gateway (${code})`
			: `The connection was lost before the gateway answered (${code})`;
	const description =
		outcome === 'notReached'
			? `${NOTHING_SENT}${waited(context)} Check the credential's 'Environment' (and for a custom environment 'API URL'), the network and any proxy, then run the item again.`
			: outcome === 'lostRead'
				? `The node tried ${context.attempts ?? 1} times. Nothing was changed by this read. Check the network and run the item again.`
				: lostWrite(context);
	const error = apiError(node, { code, message: cause.message ?? code } as JsonObject, {
		message: `${message} [${itemLabel(context.itemIndex)}]`,
		description,
		itemIndex: context.itemIndex,
	});
	error.context.mayHaveBeenProcessed = mayHaveBeenProcessed;
	return error;
}

/**
 * An export whose pages do not add up: it must fail loudly rather than look complete. `totals` holds the total each
 * page announced; more than one means the data changed between pages, and so does `shifted` (the last record of a
 * page was not the first of the next one).
 */
export function incompleteListError(
	node: INode,
	context: MessageContext,
	received: number,
	totals: number[],
	shifted = false,
) {
	const changed = shifted || totals.length > 1;
	const what =
		totals.length > 1
			? `the number of ${context.resourceLabel}s changed from ${totals[0]} to ${totals[totals.length - 1]} while they were read`
			: shifted
				? 'records were added or deleted while the pages were read'
				: `received ${received} of ${totals[0]}`;
	const error = apiError(node, { received, totals } as JsonObject, {
		message: `The list of ${context.resourceLabel}s is incomplete: ${what} [${itemLabel(context.itemIndex)}]`,
		description: `${changed ? 'Records were added or deleted while the pages were read, so one may have been skipped.' : 'A page went missing.'} Nothing was changed in the Federal Learning Account. Run the node again, when nothing else writes to this employer's data.`,
		itemIndex: context.itemIndex,
	});
	// Records that moved while the pages were read: a reader that only looks a record up may read the list again.
	error.context.listMoved = changed;
	return error;
}

/** The credential could not get a token; its own message says what to check. Nothing was sent for the item. */
export function tokenError(node: INode, message: string, context: MessageContext): NodeApiError {
	return apiError(node, { message } as JsonObject, {
		message: `${message} [${itemLabel(context.itemIndex)}]`,
		description: `${NOTHING_SENT}${waited(context)} Check the credential (Test button), then run the item again.`,
		itemIndex: context.itemIndex,
	});
}

/**
 * Create with 'If Already Registered' set to 'Fail': the record is there. Names it (its identifier when it has one)
 * and the fields that make it the same.
 */
export function alreadyRegisteredError(
	node: INode,
	itemIndex: number,
	what: { resourceLabel: string; id?: string; enterpriseNumber?: string; keyLabels: string[]; byItem?: number },
): NodeOperationError {
	const subjectText = `${what.resourceLabel}${what.id ? ` ${what.id}` : ''}${what.enterpriseNumber ? ` of enterprise ${what.enterpriseNumber}` : ''}`;
	const same = what.keyLabels.map((l) => `'${l}'`).join(', ').replace(/, ([^,]*)$/, ' and $1');
	const earlier = what.byItem !== undefined ? ` (registered by ${itemLabel(what.byItem)} of this run)` : '';
	const error = new NodeOperationError(node, `Already registered: ${subjectText}${earlier} has the same ${same} [${itemLabel(itemIndex)}]`, {
		itemIndex,
		description: `${NOTHING_SENT} To get the registered ${what.resourceLabel} back instead of an error, set 'If Already Registered' to 'Skip'; to change it to this item's values, set it to 'Update'.`,
	});
	if (what.id) error.context.existingId = what.id;
	return error;
}

/** The look-up of registered records failed: the cause's message for this item. Nothing was sent for it. */
export function lookupError(node: INode, itemIndex: number, resourceLabel: string, cause: Error & { description?: string | null; httpCode?: string | null }) {
	const reason = cause.message.replace(/ \[item \d+\]$/, '');
	const error = apiError(node, { message: reason } as JsonObject, {
		message: `Could not check whether the ${resourceLabel} is already registered: ${reason} [${itemLabel(itemIndex)}]`,
		// The cause may say it already (a token refused); its own lines (a 400's issues) are kept as they are.
		description: `${NOTHING_SENT} ${(cause.description ?? '').replace(NOTHING_SENT, '').trim()}`.trim(),
		itemIndex,
		...(cause.httpCode ? { httpCode: cause.httpCode } : {}),
	});
	return error;
}

/** A row with the same key as an earlier one of the run whose answer was lost: sending it could register it twice. */
export function uncertainTwinError(node: INode, itemIndex: number, resourceLabel: string, earlier: number) {
	return new NodeOperationError(
		node,
		`Not sent: ${itemLabel(earlier)} registers the same ${resourceLabel} and its answer was lost [${itemLabel(itemIndex)}]`,
		{
			itemIndex,
			description: `The ${resourceLabel} of ${itemLabel(earlier)} may have been registered, so this item was not sent (it could register it twice). Run the items again with 'If Already Registered' set to 'Skip': that is safe.`,
		},
	);
}

/** The listing's names of a key's fields, as a message says them: 'Title', 'Start Date' and 'End Date'. */
const quotedList = (labels: string[]) => labels.map((l) => `'${l}'`).join(', ').replace(/, ([^,]*)$/, ' and $1');

/**
 * 'If Already Registered' set to 'Update', and an earlier item of the run registered (or changed) the same record with
 * other values: sending this one would overwrite what the earlier item reported.
 */
export function sameKeyOtherValuesError(
	node: INode,
	itemIndex: number,
	resourceLabel: string,
	earlier: number,
	differences: Array<{ label: string; item: unknown; registered: unknown }>,
) {
	const error = new NodeOperationError(
		node,
		`Not sent: ${itemLabel(earlier)} of this run registers the same ${resourceLabel} with other values [${itemLabel(itemIndex)}]`,
		{
			itemIndex,
			description: [
				`${NOTHING_SENT} Two rows describe the same ${resourceLabel} differently, and the node does not choose between them:`,
				...differences.map((d) => `'${d.label}': ${JSON.stringify(d.item)} in this item, ${JSON.stringify(d.registered)} in ${itemLabel(earlier)}`),
				'Correct the row that is wrong (or remove the repeat) and run the items again.',
			].join('\n'),
		},
	);
	error.context.sameAsItem = earlier + 1;
	return error;
}

/**
 * A record with the same key fields whose members (a provider training's participants) are partly the item's: not the
 * same record and not another one for sure, so nothing is sent.
 */
export function partialMatchError(
	node: INode,
	itemIndex: number,
	what: { resourceLabel: string; id?: string; keyLabels: string[]; membersLabel: string; both: string[]; onlyItem: string[]; onlyRegistered: string[] },
) {
	const name = what.id ?? `the registered ${what.resourceLabel}`;
	const list = (values: string[]) => (values.length ? values.join(', ') : 'none');
	const error = new NodeOperationError(
		node,
		`Not sent: ${what.resourceLabel}${what.id ? ` ${what.id}` : ''} has the same ${quotedList(what.keyLabels)} and some of the same ${what.membersLabel.toLowerCase()} [${itemLabel(itemIndex)}]`,
		{
			itemIndex,
			description: [
				`${NOTHING_SENT} In both: ${list(what.both)}. Only in this item: ${list(what.onlyItem)}. Only in ${name}: ${list(what.onlyRegistered)}.`,
				`A session with other '${what.membersLabel}' is another ${what.resourceLabel}, and the same '${what.membersLabel}' make it the same one; some in common is neither, so the node did not guess.`,
				`To change the '${what.membersLabel}' of ${name}, use the operation Update with its ID; if this is another session, give it '${what.membersLabel}' it does not share, or another '${what.keyLabels[0]}'.`,
			].join('\n'),
		},
	);
	if (what.id) error.context.existingId = what.id;
	return error;
}

/**
 * The gateway answered 409 to a create, and the listing read again holds no record with the item's key: the gateway
 * counts as "the same" something the node's key does not (or the record is hidden from the listing).
 */
export function unexplainedConflictError(
	node: INode,
	itemIndex: number,
	what: { resourceLabel: string; keyLabels: string[]; cause: { message: string; description?: string | null } },
): NodeApiError {
	const reason = what.cause.message.replace(/ \[item \d+\]$/, '');
	const gatewaySaid = (what.cause.description ?? '')
		.split('\n')
		.filter((line) => !line.startsWith('Nothing was changed.'))
		.join('\n');
	const error = apiError(node, { message: reason } as JsonObject, {
		message: `${reason} [${itemLabel(itemIndex)}]`,
		description: [
			gatewaySaid,
			`Nothing was changed. The node read the registered ${what.resourceLabel}s again and did not find it: no ${what.resourceLabel} there has the same ${quotedList(what.keyLabels)}, so the gateway counts as "the same" a record the node does not. Look for it with Get Many, then correct the item or the registered ${what.resourceLabel}.`,
		]
			.filter(Boolean)
			.join('\n'),
		httpCode: '409',
		itemIndex,
	});
	return error;
}

/**
 * An item held past the node's bound: its request got no answer in time (`request`), or it waited for a free request
 * slot while no request of the node run finished (`slot`). The node stops waiting so that the run ends.
 */
export function stuckError(node: INode, context: MessageContext, stage: 'slot' | 'request', waitedMs: number): NodeApiError {
	const seconds = Math.round(waitedMs / 1000);
	const write = context.method !== 'GET';
	const message =
		stage === 'slot'
			? `Not sent: no request of this node finished for ${seconds} s, so the node stopped waiting [${itemLabel(context.itemIndex)}]`
			: `The ${context.resourceLabel} request got no answer within ${seconds} s, so the node stopped waiting [${itemLabel(context.itemIndex)}]`;
	const description =
		stage === 'slot'
			? `${NOTHING_SENT} The node's other requests are stuck (in n8n or on the network). Run the item again; if it happens again, lower 'Max Concurrent Requests' and report it with n8n's log.`
			: write
				? lostWrite(context)
				: `Nothing was changed by this read. Check the network and the node's 'Timeout' setting, then run the item again.`;
	const error = apiError(node, { message: stage } as JsonObject, {
		message,
		description,
		itemIndex: context.itemIndex,
	});
	error.context.mayHaveBeenProcessed = stage === 'request' && write;
	return error;
}

/* ----------------------------------------------------------------------------------------------------------------
 * The editor's lists ('From List' of an identifier): no item runs, so the messages name the parameter, not an item
 * ------------------------------------------------------------------------------------------------------------- */

/** A list that cannot be read as the node is set up (no employer yet, a credential of another quality...). */
export function listSetupError(node: INode, message: string, description: string): NodeOperationError {
	return new NodeOperationError(node, message, { description });
}

/** What went wrong while the editor read a list for a parameter (`label`, e.g. 'Training ID'). */
export function listReadError(
	node: INode,
	label: string,
	failure: { status?: number; body?: unknown; code?: string; message?: string },
	context: Omit<MessageContext, 'itemIndex' | 'method'>,
): NodeApiError {
	const pick = `while reading the list for '${label}'. Nothing was changed. You can also give the identifier 'By ID'.`;
	if (!failure.status) {
		const code = failure.code ?? 'ERROR';
		return apiError(node, { code, message: failure.message ?? code } as JsonObject, {
			message: `Could not read the list for '${label}': ${failure.message ?? code}`,
			description: `No answer from the gateway ${pick} Check the credential (Test button), its 'Environment' and the network.`,
			itemIndex: 0,
		});
	}
	const problem = asProblem(failure.body, failure.status);
	const row = GATEWAY_ERRORS[problem.type ?? ''] ?? GATEWAY_ERRORS[BY_STATUS[failure.status] ?? ''];
	const told = row
		? row(problem, { ...context, itemIndex: 0, method: 'GET' })
		: { message: `The gateway answered ${failure.status}${problem.title ? `: ${problem.title}` : ''}`, description: problem.detail ?? '' };
	return apiError(node, problem as JsonObject, {
		message: told.message,
		description: `${told.description} (The gateway said so ${pick})`.trim(),
		httpCode: String(failure.status),
		itemIndex: 0,
	});
}
