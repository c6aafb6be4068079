/**
 * What the certificate tool prints: a certificate's details, the manual's rules with OK / NOT OK, the base64 text
 * for the n8n credential, and the .cer file. Shared by `create` and `inspect`.
 */
import { X509Certificate, randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

import type { INodePropertyOptions } from 'n8n-workflow';

import { CareerProFlaApi } from '../credentials/CareerProFlaApi.credentials';
import { type CertificateDescription, type ConstraintCheck } from '../credentials/pki/certificatePolicy';
import { readableDate } from '../credentials/pki/signingKey';
import { CliError, fileProblem } from './options';

export type CerFormat = 'der' | 'pem';
export const CER_FORMATS: readonly CerFormat[] = ['der', 'pem'];

const credential = new CareerProFlaApi();
const field = (name: string) => credential.properties.find((p) => p.name === name)!;

/** The names the credential's fields carry in the n8n editor, read from the credential itself. */
export const CREDENTIAL_FIELDS = {
	credential: credential.displayName,
	keyFormat: (field('keyFormat').options as INodePropertyOptions[]).find((o) => o.value === 'pkcs12')!.name,
	pfx: field('pfx').displayName,
	password: field('pfxPassword').displayName,
};

const DAY_MS = 86_400_000;
/** Below this many days left, the report says to plan a new certificate. */
export const SOON_DAYS = 30;

export function detailLines(description: CertificateDescription): string[] {
	const days = Math.round((description.notAfter.getTime() - description.notBefore.getTime()) / DAY_MS);
	return [
		`  Subject:             ${description.subject}`,
		`  Issuer:              ${description.selfSigned ? 'self-signed (the subject itself)' : description.issuer}`,
		`  Serial number:       ${description.serialNumber}`,
		`  Key:                 ${description.key}`,
		`  Signature algorithm: ${description.signatureAlgorithm.name}${description.signatureAlgorithm.digest ? ` (${description.signatureAlgorithm.digest})` : ''}`,
		`  Key usage:           ${description.keyUsage ? description.keyUsage.join(', ') || 'none' : 'no Key Usage extension'}`,
		`  Valid from:          ${readableDate(description.notBefore)}`,
		`  Valid until:         ${readableDate(description.notAfter)} (${days} days in all)`,
		`  SHA-256 fingerprint: ${description.fingerprint256}`,
	];
}

/** The rules, one a line: OK or NOT OK, the rule, what the certificate has. */
export function checkLines(checks: ConstraintCheck[]): string[] {
	const width = Math.max(...checks.map((check) => check.rule.length));
	return [
		"Checked against the CareerPro FLA manual's rules:",
		...checks.map((check) => `  ${check.ok ? 'OK    ' : 'NOT OK'}  ${check.rule.padEnd(width)}  ${check.detail}`),
	];
}

/** What the failed checks mean for the user, when at least one failed. */
export function verdictLines(checks: ConstraintCheck[]): string[] {
	const failed = checks.filter((check) => !check.ok);
	const manual = failed.filter((check) => check.id !== 'validUntil');
	if (!manual.length) {
		return failed.map(
			(check) => `NOT OK: ${check.rule}. The certificate meets the manual's rules today, but plan its replacement.`,
		);
	}
	return [
		`NOT OK: ${manual.map((check) => check.rule).join('; ')}.`,
		'The gateway or the n8n credential refuses such a certificate. Make a new one with ' +
			'`careerpro-fla-certificate create`, or order one that meets the rules.',
	];
}

/** A warning when the certificate ends within SOON_DAYS, or undefined. */
export function expiryWarning(description: CertificateDescription, now: Date): string | undefined {
	const left = (description.notAfter.getTime() - now.getTime()) / DAY_MS;
	if (left < 0 || left >= SOON_DAYS) return undefined;
	return (
		`Warning: this certificate expires in ${Math.floor(left)} day(s), on ${readableDate(description.notAfter)}. ` +
		'Make or order the next one now and register it in Chaman before that date.'
	);
}

/** The base64 text of a .pfx, framed so that it is easy to select, with where to paste it. */
export function base64Lines(base64: string, fileName: string): string[] {
	return [
		`Base64 of ${fileName}, for the field "${CREDENTIAL_FIELDS.pfx}" of the n8n credential (copy the line between the dashes):`,
		'-----',
		base64,
		'-----',
	];
}

/** The certificate as a .cer file: DER (binary X.509) or PEM (base64 between BEGIN/END CERTIFICATE lines). */
export function cerBytes(certificate: X509Certificate, format: CerFormat): Buffer {
	return format === 'der' ? certificate.raw : Buffer.from(certificate.toString(), 'ascii');
}

export const cerFormatInWords = (format: CerFormat): string =>
	format === 'der' ? 'X.509, DER-encoded' : 'X.509, PEM-encoded';

/** Refuse, before anything is written, to replace files that exist (unless `force`). */
export function refuseOverwrite(paths: string[], force: boolean, hint: string): void {
	if (force) return;
	const existing = paths.filter((path) => existsSync(path));
	if (existing.length) {
		throw new CliError(
			`Nothing was written: ${existing.map((path) => `"${path}"`).join(' and ')} already exist${existing.length === 1 ? 's' : ''}. ${hint}`,
		);
	}
}

/**
 * Write a file (creating its folder); `secret` files are readable by their owner only. The content goes to a new
 * file created with its final mode, which then takes the name: a replaced file's mode is not kept, and a symbolic
 * link at that name is replaced itself, never written through. Without `force` an existing name (even a dangling
 * link) is left alone.
 */
export function writeFile(path: string, content: Buffer, options: { force: boolean; secret?: boolean }): void {
	const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
	try {
		mkdirSync(dirname(path), { recursive: true });
		writeFileSync(temporary, content, { flag: 'wx', mode: options.secret ? 0o600 : 0o644 });
		if (options.force) renameSync(temporary, path);
		else linkSync(temporary, path);
	} catch (error) {
		if ((error as { code?: string }).code === 'EEXIST') {
			throw new CliError(`"${path}" already exists: add --force to replace it, or choose another name.`);
		}
		throw new CliError(`"${path}" could not be written: ${fileProblem(error)}. Choose a folder you can write to.`);
	} finally {
		try {
			unlinkSync(temporary);
		} catch {
			// Renamed into place, or never made.
		}
	}
}

/** True when the file exists and holds exactly these bytes (writing it again would change nothing). */
export function sameContent(path: string, content: Buffer): boolean {
	try {
		return existsSync(path) && readFileSync(path).equals(content);
	} catch {
		return false;
	}
}
