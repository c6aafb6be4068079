/**
 * The organisations, workers and clients every test and program uses: one table of enterprise numbers, one list of
 * NISS numbers, and one maker of a Chaman client (a key, its self-signed certificate and its .pfx with a password).
 */
import { createSelfSignedCertificate, toPkcs12, type KeyType } from '../../credentials/pki/create';
import type { Quality } from '../../credentials/gateway';

/** Valid enterprise numbers (KBO/BCE) of the organisations. */
export const ENTERPRISES = {
	employer: '0202239951',
	clientA: '0403170701',
	clientB: '0417497106',
	notAClient: '0203201340',
	provider: '0862917047',
	trainingProvider: '0451471751',
} as const;

/** Valid NISS/INSZ numbers of workers. */
export const WORKERS = ['85073003328', '88022999297', '20070199922', '90041512384', '72120536118'] as const;

export interface MadeClient {
	clientId: string;
	certificatePem: string;
	privateKeyPem: string;
	/** The .pfx, base64, as pasted into the credential. */
	pfx: string;
	pfxPassword: string;
}

let counter = 0;

/** A client as Chaman would register it, with its key, certificate and .pfx. */
export function makeClient(
	quality: Quality,
	enterpriseNumber?: string,
	options: {
		keyType?: KeyType;
		clientId?: string;
		organization?: string;
		pfxPassword?: string;
		validDays?: number;
		notBefore?: Date;
	} = {},
): MadeClient {
	counter++;
	const clientId = options.clientId ?? `self_service_chaman_${100000 + counter}_${quality}`;
	const { privateKeyPem, certificatePem } = createSelfSignedCertificate({
		keyType: options.keyType ?? 'rsa-2048',
		commonName: clientId,
		organization: options.organization ?? `Test ${quality}`,
		enterpriseNumber,
		validDays: options.validDays,
		notBefore: options.notBefore,
	});
	const pfxPassword = options.pfxPassword ?? `pw-${quality}-${counter}`;
	let pfx: string | undefined;
	return {
		clientId,
		certificatePem,
		privateKeyPem,
		pfxPassword,
		// Made when first asked for: the sandbox's own tests sign with the key and never need the file.
		get pfx() {
			pfx ??= toPkcs12({ privateKeyPem, certificatePem, password: pfxPassword, friendlyName: clientId }).toString('base64');
			return pfx;
		},
	};
}
