/**
 * `careerpro-fla-certificate create`: a new key pair and a self-signed certificate in the organisation's name that
 * meet the manual's rules, written as NAME.cer (for Chaman) and NAME.pfx (for n8n), with the .pfx printed as base64
 * for the credential. The private key exists only inside the password-protected .pfx.
 */
import { X509Certificate } from 'node:crypto';
import { resolve } from 'node:path';

import { InvalidValue, parseEnterpriseNumber } from '../credentials/identifiers';
import { checkCertificate, describeCertificate } from '../credentials/pki/certificatePolicy';
import { type CertificateHash, type KeyType, createSelfSignedCertificate, toPkcs12 } from '../credentials/pki/create';
import { SigningKeyError } from '../credentials/errors';
import { loadSigningKey } from '../credentials/pki/signingKey';
import {
	CliError,
	EXIT,
	type Io,
	PASSWORD_ENV,
	generatePassword,
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
	refuseOverwrite,
	writeFile,
} from './report';

export const KEY_TYPES: readonly KeyType[] = ['rsa-2048', 'rsa-3072', 'rsa-4096', 'ec-p384', 'ec-p521'];
export const HASHES: readonly CertificateHash[] = ['sha256', 'sha384', 'sha512'];
const DEFAULT_KEY_TYPE: KeyType = 'rsa-3072';
/** The digest that matches the key's strength (and the JWS algorithm: RS256, ES384, ES512). */
const DEFAULT_HASH: Record<KeyType, CertificateHash> = {
	'rsa-2048': 'sha256',
	'rsa-3072': 'sha256',
	'rsa-4096': 'sha256',
	'ec-p384': 'sha384',
	'ec-p521': 'sha512',
};
const DEFAULT_DAYS = 730;
const MAX_DAYS = 3650;
const MIN_PASSWORD_LENGTH = 8;

const OPTIONS = {
	organization: { type: 'string' },
	'enterprise-number': { type: 'string' },
	'common-name': { type: 'string' },
	'key-type': { type: 'string' },
	hash: { type: 'string' },
	days: { type: 'string' },
	out: { type: 'string' },
	name: { type: 'string' },
	'cer-format': { type: 'string' },
	password: { type: 'string' },
	'password-file': { type: 'string' },
	'legacy-pfx': { type: 'boolean' },
	force: { type: 'boolean' },
	help: { type: 'boolean', short: 'h' },
} as const;

export const CREATE_HELP = `Usage: careerpro-fla-certificate create --organization NAME --enterprise-number NUMBER [options]

Makes a new key pair and a self-signed certificate that meet the CareerPro FLA manual's rules
(RSA 2048/3072/4096 bits or EC P-384/P-521, signed with SHA-256 or stronger, key usage Digital Signature)
and writes two files:
  NAME.cer   the certificate (public part, X.509 DER-encoded): load it in Chaman, field "Certificate",
             when you create the REST webservice account
  NAME.pfx   the private key with its certificate (PKCS#12), protected by the PFX password: keep it secret;
             it goes into the n8n credential "${CREDENTIAL_FIELDS.credential}"
It then prints the .pfx as base64 text for the credential field "${CREDENTIAL_FIELDS.pfx}".

Options:
  --organization NAME          legal name of your organisation (certificate subject O=)      required
  --enterprise-number NUMBER   your enterprise number (KBO/BCE), e.g. 0202.239.951 or BE0202239951   required
  --common-name NAME           certificate subject CN= (default: the organisation name)
  --key-type TYPE              ${KEY_TYPES.join(', ')} (default ${DEFAULT_KEY_TYPE});
                               RSA is the safe choice: EC is allowed by the manual but less tried
  --hash HASH                  ${HASHES.join(', ')}: digest of the certificate's signature
                               (default sha256; sha384 for ec-p384, sha512 for ec-p521)
  --days DAYS                  validity in days, 1 to ${MAX_DAYS} (default ${DEFAULT_DAYS}: two years)
  --out DIR                    folder for the files (default: the current folder; created if missing)
  --name NAME                  file name without extension (default: careerpro-fla-<enterprise number>)
  --cer-format FORMAT          der (default) or pem: encoding of the .cer file
  --password-file FILE         read the PFX password from the first line of FILE
  --password PASSWORD          the PFX password (it stays in your shell history: prefer --password-file)
                               or set the environment variable ${PASSWORD_ENV}.
                               With none of these, a strong password is generated and shown once.
  --legacy-pfx                 protect the .pfx with 3DES and SHA-1, for old Windows or Java tools
                               (default: AES-256 and SHA-256)
  --force                      replace NAME.cer and NAME.pfx when they already exist
  -h, --help                   show this help

Example:
  careerpro-fla-certificate create --organization "Acme Belgium" --enterprise-number 0202.239.951 \\
    --password-file ./pfx-password.txt --out ./certificates
`;

interface CreateRequest {
	organization: string;
	enterpriseNumber: string;
	commonName: string;
	keyType: KeyType;
	hash: CertificateHash;
	days: number;
	cerPath: string;
	pfxPath: string;
	cerFormat: 'der' | 'pem';
	legacy: boolean;
	force: boolean;
}

function enterpriseNumberOf(raw: string | undefined): string {
	if (raw === undefined) {
		throw new CliError(
			'The option --enterprise-number is missing: give your enterprise number (KBO/BCE), e.g. --enterprise-number 0202.239.951.',
		);
	}
	try {
		return parseEnterpriseNumber(raw);
	} catch (error) {
		if (error instanceof InvalidValue) throw new CliError(`--enterprise-number: ${error.message}.`);
		throw error;
	}
}

function daysOf(raw: string | undefined): number {
	if (raw === undefined) return DEFAULT_DAYS;
	const days = Number(raw);
	if (!/^\d+$/.test(raw) || !(days >= 1 && days <= MAX_DAYS)) {
		throw new CliError(`--days "${raw}" is not a whole number of days from 1 to ${MAX_DAYS}.`);
	}
	return days;
}

function nameOf(raw: string | undefined, enterpriseNumber: string): string {
	const name = (raw ?? `careerpro-fla-${enterpriseNumber}`).replace(/\.(pfx|p12|cer)$/i, '');
	if (/[\\/]/.test(name) || name === '.' || name === '..') {
		throw new CliError(`--name "${name}" must be a file name without a folder: use --out for the folder.`);
	}
	return name;
}

function requestOf(values: Record<string, string | boolean | undefined>, io: Io): CreateRequest {
	const organization = stringOption(values, 'organization');
	if (!organization) {
		throw new CliError('The option --organization is missing: give the legal name of your organisation, e.g. --organization "Acme Belgium".');
	}
	const enterpriseNumber = enterpriseNumberOf(stringOption(values, 'enterprise-number'));
	const outDir = resolve(io.cwd, stringOption(values, 'out') ?? '.');
	const name = nameOf(stringOption(values, 'name'), enterpriseNumber);
	const cerFormat = oneOf(values, 'cer-format', CER_FORMATS, 'der');
	const keyType = oneOf(values, 'key-type', KEY_TYPES, DEFAULT_KEY_TYPE);
	return {
		organization,
		enterpriseNumber,
		commonName: stringOption(values, 'common-name') ?? organization,
		keyType,
		hash: oneOf(values, 'hash', HASHES, DEFAULT_HASH[keyType]),
		days: daysOf(stringOption(values, 'days')),
		cerPath: resolve(outDir, `${name}.cer`),
		pfxPath: resolve(outDir, `${name}.pfx`),
		cerFormat,
		legacy: values['legacy-pfx'] === true,
		force: values.force === true,
	};
}

export function runCreate(argv: string[], io: Io): number {
	const { values, positionals } = parseCommandLine(argv, OPTIONS, 'create');
	if (values.help) {
		io.stdout.write(CREATE_HELP);
		return EXIT.ok;
	}
	if (positionals.length) {
		throw new CliError(
			'create takes only options (words starting with --). Put quotes around values with spaces, e.g. ' +
				'--organization "Acme Belgium". Run `careerpro-fla-certificate create --help` to see the options.',
		);
	}
	const request = requestOf(values, io);
	const given = givenPassword(values, io);
	if (given && given.password.length < MIN_PASSWORD_LENGTH) {
		throw new CliError(
			`The PFX password given with ${given.origin} is shorter than ${MIN_PASSWORD_LENGTH} characters: choose a longer one, ` +
				'or give none and a strong one is generated.',
		);
	}
	refuseOverwrite(
		[request.cerPath, request.pfxPath],
		request.force,
		'Choose another --name or --out, or add --force to replace them (a replaced .pfx and its key are lost for good).',
	);
	const password = given?.password ?? generatePassword();

	const made = createSelfSignedCertificate({
		keyType: request.keyType,
		hash: request.hash,
		commonName: request.commonName,
		organization: request.organization,
		enterpriseNumber: request.enterpriseNumber,
		validDays: request.days,
		...(io.now ? { notBefore: new Date(io.now.getTime() - 60_000) } : {}),
	});
	const pfx = toPkcs12({
		privateKeyPem: made.privateKeyPem,
		certificatePem: made.certificatePem,
		password,
		friendlyName: request.commonName,
		legacy: request.legacy,
	});
	const base64 = pfx.toString('base64');
	const certificate = new X509Certificate(made.certificateDer);
	const now = io.now ?? new Date();

	// Proof before anything is written: the credential's own loader opens the .pfx with this password.
	try {
		loadSigningKey({ format: 'pkcs12', pfx: base64, password }, now);
	} catch (error) {
		if (error instanceof SigningKeyError) {
			throw new CliError(`The new .pfx file could not be opened again, so nothing was written: ${error.message}`);
		}
		throw error;
	}
	const checks = checkCertificate(certificate, undefined, { now });

	writeFile(request.cerPath, cerBytes(certificate, request.cerFormat), { force: request.force });
	writeFile(request.pfxPath, pfx, { force: request.force, secret: true });

	const out: string[] = [
		`Certificate created for ${request.organization} (enterprise number ${request.enterpriseNumber}).`,
		'',
		...detailLines(describeCertificate(certificate)),
		'',
		...checkLines(checks),
		'',
		'Files written:',
		`  ${request.cerPath}`,
		`      the certificate (${cerFormatInWords(request.cerFormat)}): load this file in Chaman`,
		`  ${request.pfxPath}`,
		'      the private key and certificate (PKCS#12), protected by the PFX password: keep it secret, it is for n8n',
		'',
	];
	if (!given) {
		out.push(
			'PFX password (generated; shown this one time only: store it now, e.g. in your password manager):',
			`  ${password}`,
			'',
		);
	} else if (given.source === 'option') {
		io.stderr.write(
			`Note: a password typed with --password can stay in your shell history; next time prefer --password-file or ${PASSWORD_ENV}.\n`,
		);
	}
	out.push(
		'Next steps:',
		'  1. In Chaman (www.socialsecurity.be > Chaman > manage your technical channels), create the REST webservice',
		`     account and load ${request.cerPath.split(/[\\/]/).pop()} in its "Certificate" field. Note the Client ID Chaman shows.`,
		`  2. In n8n, in the credential "${CREDENTIAL_FIELDS.credential}": choose the key format "${CREDENTIAL_FIELDS.keyFormat}",`,
		`     paste the base64 text below into "${CREDENTIAL_FIELDS.pfx}" and the PFX password into "${CREDENTIAL_FIELDS.password}".`,
		'',
		...base64Lines(base64, request.pfxPath.split(/[\\/]/).pop() ?? 'the .pfx'),
		'',
	);
	io.stdout.write(out.join('\n'));
	return EXIT.ok;
}
