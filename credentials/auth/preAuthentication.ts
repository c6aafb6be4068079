/**
 * The credential's preAuthentication: from the credential's fields to `{ accessToken }`.
 * Settings and key are checked first (nothing is sent for a key the manual does not allow); then the shared
 * cache either hands out the current token or lets exactly one caller sign an assertion and ask for a new one.
 */
import type { ICredentialDataDecryptedObject, IHttpRequestHelper } from 'n8n-workflow';

import { loadSigningKey } from '../pki/signingKey';
import { signClientAssertion } from './assertion';
import { tokenSettings } from './settings';
import { tokenCache } from './tokenCache';
import { requestAccessToken } from './tokenEndpoint';
import { noteFetchedToken, settingsTag, takeFreshTokenRequest, TOKEN_TAG_FIELD } from './tokenUse';

export async function fetchAccessToken(
	this: IHttpRequestHelper,
	credentials: ICredentialDataDecryptedObject,
): Promise<{ accessToken: string; [TOKEN_TAG_FIELD]: string }> {
	const fresh = takeFreshTokenRequest(credentials);
	const settings = tokenSettings(credentials);
	const signingKey = loadSigningKey(settings.keyInput);
	const held = typeof credentials.accessToken === 'string' && credentials.accessToken ? credentials.accessToken : undefined;
	const helpers = this.helpers;

	const { accessToken, fetched } = await tokenCache.obtain(
		{ tokenUrl: settings.tokenUrl, clientId: settings.clientId, scope: settings.scope, fingerprint: signingKey.fingerprint },
		held,
		async () => {
			const assertion = await signClientAssertion({
				clientId: settings.clientId,
				audience: settings.tokenUrl,
				key: signingKey.key,
				alg: signingKey.alg,
			});
			return await requestAccessToken(helpers.httpRequest, assertion, {
				tokenUrl: settings.tokenUrl,
				clientId: settings.clientId,
				scope: settings.scope,
				quality: settings.quality,
				environment: settings.environment,
				certificate: signingKey.certificate,
				keyDescription: signingKey.keyDescription,
				secrets: [
					...(held ? [held] : []),
					...(settings.keyInput.format === 'pkcs12'
						? [settings.keyInput.password, settings.keyInput.pfx]
						: [settings.keyInput.privateKey]),
				],
			});
		},
		{ fresh },
	);
	if (fetched) noteFetchedToken(credentials, accessToken);
	return { accessToken, [TOKEN_TAG_FIELD]: settingsTag(credentials) };
}
