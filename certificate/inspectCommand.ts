/**
 * `careerpro-fla-certificate inspect FILE`: opens a .pfx/.p12 file (made by `create`, by OpenSSL, or bought, e.g. a
 * GlobalSign PersonalSign 3 Pro), shows its certificate, and checks each of the manual's rules. When every rule is
 * met it writes the .cer for Chaman and prints the .pfx as base64 for the n8n credential. A certificate file
 * (.cer/.crt/.pem) is accepted too and checked only: the credential needs the .pfx.
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';

import { checkCertificate, checkKey, describeCertificate, type ConstraintCheck } from '../credentials/pki/certificatePolicy';
import { SigningKeyError } from '../credentials/errors';
import { readPkcs12 } from '../credentials/pki/pkcs12';
import { loadSigningKey } from '../credentials/pki/signingKey';
import {
	CliError,
	EXIT,
	type GivenPassword,
	type Io,
	PASSWORD_ENV,
	fileProblem,
	givenPassword,
	oneOf,
	parseCommandLine,
	stringOption,
} from './options';
import {
	CER_FORMATS,
	CREDENTIAL_FIELDS,
	base64Lines,
	cerBytes,
	cerFormatInWords,
	checkLines,
	detailLines,
	expiryWarning,
	verdictLines,
	refuseOverwrite,
	sameContent,
	writeFile,
} from './report';

const OPTIONS = {
	password: { type: 'string' },
	'password-file': { type: 'string' },
	'valid-until': { type: 'string' },
	cer: { type: 'string' },
	'cer-format': { type: 'string' },
	force: { type: 'boolean' },
	help: { type: 'boolean', short: 'h' },
} as const;

export const INSPECT_HELP = `Usage: careerpro-fla-certificate inspect FILE [options]

Opens FILE, a .pfx/.p12 (PKCS#12) file, with its password; shows its certificate (subject, issuer, serial
number, key, signature algorithm, key usage, dates and days left) and checks each rule of the CareerPro FLA
manual with OK or NOT OK. When every rule is met, it writes the certificate as a .cer file (to load in Chaman)
and prints the .pfx as base64 text for the n8n credential field "${CREDENTIAL_FIELDS.pfx}".
FILE may also hold that base64 text, or be a certificate alone (.cer/.crt/.pem): it is then checked only.

Options:
  --password-file FILE   read the PFX password from the first line of FILE
  --password PASSWORD    the PFX password (it stays in your shell history: prefer --password-file)
                         or set the environment variable ${PASSWORD_ENV}.
                         With none of these, the file is opened without a password.
  --valid-until DATE     also require the certificate to be valid on DATE (YYYY-MM-DD), e.g. 2026-12-31
  --cer PATH             where to write the .cer (default: next to FILE, same name ending in .cer)
  --cer-format FORMAT    der (default) or pem: encoding of the .cer file
  --force                replace the .cer file when a different one is already there
  -h, --help             show this help

Exit status: 0 every rule is met; 1 a rule is not met (nothing is written);
2 the file could not be opened (not found, not a .pfx, wrong password) or the .cer could not be written.
`;

type Content =
	| { kind: 'pkcs12'; base64: string }
	| { kind: 'certificate'; certificate: X509Certificate };

/** The value, or undefined when it cannot be read (the caller says why). */
function attempt<T>(read: () => T): T | undefined {
	try {
		return read();
	} catch {
		return undefined;
	}
}

/** What the file holds: a PKCS#12 file (binary or as base64 text) or a certificate (DER or PEM). */
function contentOf(bytes: Buffer, path: string): Content {
	if (!bytes.length) throw new CliError(`"${path}" is empty: give the .pfx/.p12 file of your certificate.`);
	const text = bytes.toString('latin1').trim();
	if (text.startsWith('-----BEGIN CERTIFICATE-----')) {
		const certificate = attempt(() => new X509Certificate(bytes));
		if (certificate) return { kind: 'certificate', certificate };
	}
	if (text.startsWith('-----BEGIN')) {
		throw new CliError(
			`"${path}" is a PEM file without a certificate at its start (a private key, perhaps). inspect takes a .pfx/.p12 ` +
				'file, or a certificate (.cer/.crt/.pem).',
		);
	}
	if (/^[A-Za-z0-9+/=_\-\s]+$/.test(text)) return { kind: 'pkcs12', base64: text.replace(/\s+/g, '') };
	const certificate = attempt(() => new X509Certificate(bytes));
	if (certificate) return { kind: 'certificate', certificate };
	return { kind: 'pkcs12', base64: bytes.toString('base64') };
}

function validUntilOf(raw: string | undefined): Date | undefined {
	if (raw === undefined) return undefined;
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
	const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 23, 59, 59)) : undefined;
	if (!date || date.toISOString().slice(0, 10) !== raw) {
		throw new CliError(`--valid-until "${raw}" is not a date written as YYYY-MM-DD, e.g. 2026-12-31.`);
	}
	return date;
}

/** Open the PKCS#12 file, with messages for the command line (the credential's name their fields instead). */
function open(base64: string, path: string, given: GivenPassword | undefined) {
	try {
		return readPkcs12(base64, given?.password ?? '');
	} catch (error) {
		if (!(error instanceof SigningKeyError)) throw error;
		switch (error.problem) {
			case 'wrongPassword':
				throw new CliError(
					given
						? `The password given with ${given.origin} does not open "${path}": it is wrong. Give the password that ` +
								'was set when the file was exported or created (mind upper and lower case).'
						: `"${path}" is protected by a password: give it with --password-file FILE, --password or the ` +
								`environment variable ${PASSWORD_ENV}.`,
				);
			case 'notPkcs12':
			case 'missingInput':
				throw new CliError(
					`"${path}" is not a PKCS#12 (.pfx/.p12) file, nor a certificate. Give the .pfx/.p12 file holding your ` +
						'certificate and its private key (or its base64 text).',
				);
			default:
				throw new CliError(`"${path}" cannot be used: ${error.message}`);
		}
	}
}

export function runInspect(argv: string[], io: Io): number {
	const { values, positionals } = parseCommandLine(argv, OPTIONS, 'inspect');
	if (values.help) {
		io.stdout.write(INSPECT_HELP);
		return EXIT.ok;
	}
	if (positionals.length !== 1) {
		throw new CliError(
			positionals.length
				? 'inspect takes one file. Put quotes around a path with spaces. Run `careerpro-fla-certificate inspect --help`.'
				: 'Which file? Give the .pfx/.p12 file to inspect, e.g. `careerpro-fla-certificate inspect company.pfx`.',
		);
	}
	const fileArgument = positionals[0];
	const path = resolve(io.cwd, fileArgument);
	const validUntil = validUntilOf(stringOption(values, 'valid-until'));
	const cerFormat = oneOf(values, 'cer-format', CER_FORMATS, 'der');
	const force = values.force === true;
	const now = io.now ?? new Date();
	const given = givenPassword(values, io);

	let bytes: Buffer;
	try {
		bytes = readFileSync(path);
	} catch (error) {
		throw new CliError(`"${fileArgument}" could not be read: ${fileProblem(error)}. Check the path and the file name.`);
	}
	const content = contentOf(bytes, fileArgument);

	if (content.kind === 'certificate') {
		const checks = checkCertificate(content.certificate, undefined, { now, validUntil });
		const passed = checks.every((check) => check.ok);
		io.stdout.write(
			[
				`Certificate in ${fileArgument} (a certificate alone, without private key):`,
				'',
				...detailLines(describeCertificate(content.certificate)),
				'',
				...checkLines(checks),
				'',
				...(passed
					? [
							'This certificate meets the rules and can be loaded in Chaman. The n8n credential needs the .pfx/.p12 file ' +
								'that holds it with its private key: inspect that file to get its base64 text.',
						]
					: verdictLines(checks)),
				'',
			].join('\n'),
		);
		return passed ? EXIT.ok : EXIT.notCompliant;
	}

	const { key, certificates } = open(content.base64, fileArgument, given);
	const own = certificates.find((certificate) => certificate.checkPrivateKey(key));
	if (!own) {
		const checks: ConstraintCheck[] = [
			checkKey(key),
			{
				id: 'keyPair',
				rule: 'Certificate of the private key',
				ok: false,
				detail: certificates.length
					? 'none of the certificates in the file belongs to its private key: export the certificate together with its own private key.'
					: 'the file holds the private key only: export it again together with its certificate.',
			},
		];
		io.stdout.write([`${fileArgument} opened, but:`, '', ...checkLines(checks), '', ...verdictLines(checks), ''].join('\n'));
		return EXIT.notCompliant;
	}

	const description = describeCertificate(own);
	const checks = checkCertificate(own, key, { now, validUntil });
	const others = certificates.length - 1;
	const report = [
		`Certificate in ${fileArgument}:`,
		'',
		...detailLines(description),
		...(others ? [`  The file also holds ${others} other certificate(s), e.g. of the issuer's chain.`] : []),
		'',
		...checkLines(checks),
		'',
	];
	const warning = expiryWarning(description, now);
	if (warning) report.push(warning, '');

	if (checks.every((check) => check.ok)) {
		// The credential's own loader must accept the file too (the same code runs in n8n).
		try {
			loadSigningKey({ format: 'pkcs12', pfx: content.base64, password: given?.password ?? '' }, now);
		} catch (error) {
			if (!(error instanceof SigningKeyError)) throw error;
			checks.push({ id: 'keyPair', rule: 'The n8n credential loads it', ok: false, detail: error.message });
			report.push(`  NOT OK  ${checks[checks.length - 1].rule}: ${error.message}`, '');
		}
	}
	if (checks.some((check) => !check.ok)) {
		report.push(...verdictLines(checks), 'Nothing was written.', '');
		io.stdout.write(report.join('\n'));
		return EXIT.notCompliant;
	}
	io.stdout.write(report.join('\n'));

	const cerArgument = stringOption(values, 'cer');
	const cerPath = cerArgument
		? resolve(io.cwd, cerArgument)
		: join(dirname(path), `${basename(path, extname(path))}.cer`);
	const cer = cerBytes(own, cerFormat);
	if (cerPath === path) throw new CliError(`The .cer would replace "${fileArgument}" itself: choose another path with --cer.`);
	const out: string[] = [];
	if (sameContent(cerPath, cer)) {
		out.push(`Certificate file (already there, unchanged): ${cerPath}`);
	} else {
		refuseOverwrite([cerPath], force, 'Choose another path with --cer, or add --force to replace it.');
		writeFile(cerPath, cer, { force });
		out.push(`Certificate file written: ${cerPath}`);
	}
	out.push(
		`  ${cerFormatInWords(cerFormat)}: load it in Chaman, field "Certificate" of the REST webservice account.`,
		'',
		`In n8n, credential "${CREDENTIAL_FIELDS.credential}": key format "${CREDENTIAL_FIELDS.keyFormat}", the PFX password in "${CREDENTIAL_FIELDS.password}", and:`,
		...base64Lines(content.base64, basename(path)),
		'',
	);
	io.stdout.write(out.join('\n'));
	return EXIT.ok;
}
