/**
 * What every part of the sandbox answers with: a `Reply` (status, headers, body), problem+json helpers in the
 * Belgif form, and `HttpError` to leave a handler early with a reply.
 */
import { randomUUID } from 'node:crypto';

import { MEDIA_TYPES, PROBLEM_TYPES } from '../../credentials/gateway';

export interface Reply {
	status: number;
	headers?: Record<string, string>;
	/** A JSON value, sent with `contentType`; absent for 204. */
	body?: unknown;
	contentType?: string;
}

/** A reply thrown from deep inside a handler. */
export class HttpError extends Error {
	constructor(readonly reply: Reply) {
		super(`HTTP ${reply.status}`);
		this.name = 'HttpError';
	}
}

export type IssueLocation = 'body' | 'query' | 'path' | 'header';

/** One entry of a Belgif badRequest's `issues[]`. */
export interface Issue {
	type: string;
	title: string;
	detail: string;
	in: IssueLocation;
	name?: string;
	value?: unknown;
}

export function json(status: number, body: unknown, headers?: Record<string, string>): Reply {
	return { status, body, headers, contentType: MEDIA_TYPES.json };
}

export function noContent(): Reply {
	return { status: 204 };
}

/** An RFC 9457 problem as the gateway writes it. */
export function problem(
	status: number,
	type: string,
	title: string,
	detail: string,
	extra: Record<string, unknown> = {},
	headers?: Record<string, string>,
): Reply {
	return {
		status,
		headers,
		contentType: MEDIA_TYPES.problem,
		body: { type, title, status, detail, instance: `urn:uuid:${randomUUID()}`, ...extra },
	};
}

export function badRequest(issues: Issue[], detail = 'The input message is incorrect'): HttpError {
	return new HttpError(problem(400, PROBLEM_TYPES.badRequest, 'Bad Request', detail, { issues }));
}

export function notFound(detail: string): HttpError {
	return new HttpError(problem(404, PROBLEM_TYPES.resourceNotFound, 'Resource Not Found', detail));
}

/** The media type of a Content-Type header, without parameters, lower case. */
export function mediaType(header: string | undefined): string {
	return (header ?? '').split(';')[0].trim().toLowerCase();
}
