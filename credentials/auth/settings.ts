/**
 * What the token step needs from the credential's fields: the token URL (from the environment), the client ID,
 * the scope (the override, or the quality's default from the API contract) and the key input. Mistakes that
 * can be seen without asking the gateway are reported here, with the field's name.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import {
	DEFAULT_SCOPES,
	QUALITY_NAMES,
	tokenUrlFor,
	type Environment,
	type Quality,
} from '../gateway';
import type { KeyInput } from '../pki/signingKey';
import { CredentialSettingsError } from '../errors';

export interface TokenSettings {
	environment: Environment;
	quality: Quality;
	tokenUrl: string;
	clientId: string;
	/** Space-separated scopes to ask for; undefined = send no scope (the gateway picks the client's defaults). */
	scope?: string;
	keyInput: KeyInput;
}

const ENVIRONMENTS: readonly Environment[] = ['production', 'acceptance', 'custom'];

const text = (value: unknown): string => (typeof value === 'string' ? value : value == null ? '' : String(value));

function tokenUrlOf(environment: Environment, raw: unknown): string {
	if (environment !== 'custom') return tokenUrlFor(environment);
	const value = text(raw).trim();
	let url: URL | undefined;
	try {
		url = new URL(value);
	} catch {
		url = undefined;
	}
	if (!url || !/^https?:$/.test(url.protocol)) {
		throw new CredentialSettingsError(
			`"Token URL" must be a full http(s) address such as https://services.socialsecurity.be/REST/oauth/v5/token` +
				(value ? '.' : ', and it is empty.') +
				' It is only used with the environment "Custom".',
		);
	}
	return value;
}

/** Read and check the credential's fields. Throws a CredentialSettingsError naming the field to fix. */
export function tokenSettings(data: ICredentialDataDecryptedObject): TokenSettings {
	const environment = (text(data.environment) || 'production') as Environment;
	if (!ENVIRONMENTS.includes(environment)) {
		throw new CredentialSettingsError(`"Environment" must be Production, Acceptance or Custom.`);
	}
	const quality = (text(data.quality) || 'employer') as Quality;
	if (!(quality in DEFAULT_SCOPES)) {
		throw new CredentialSettingsError(`"Quality" must be one of: ${Object.values(QUALITY_NAMES).join(', ')}.`);
	}
	const clientId = text(data.clientId).trim();
	if (!clientId) {
		throw new CredentialSettingsError(
			'"Client ID" is empty. Chaman shows it on the line of your REST webservice account ' +
				'(it looks like self_service_chaman_123456_78912).',
		);
	}
	if (/\s/.test(clientId)) {
		throw new CredentialSettingsError(
			'"Client ID" contains spaces or line breaks. Copy only the ID shown in Chaman, such as self_service_chaman_123456_78912.',
		);
	}
	const override = text(data.scope).trim().replace(/\s+/g, ' ');
	const scope = override || DEFAULT_SCOPES[quality];

	const keyInput: KeyInput =
		text(data.keyFormat) === 'pem'
			? { format: 'pem', privateKey: text(data.privateKey) }
			: { format: 'pkcs12', pfx: text(data.pfx), password: text(data.pfxPassword) };

	return {
		environment,
		quality,
		tokenUrl: tokenUrlOf(environment, data.tokenUrl),
		clientId,
		...(scope ? { scope } : {}),
		keyInput,
	};
}
