import * as oidc from 'openid-client';
import type { SpacegateConfig } from '../config/schema.ts';

/** What the browser carries between the redirect to the provider and the callback (in a sealed cookie). */
export interface SignOnChecks {
  state: string;
  nonce: string;
  verifier: string;
  next: string;
}

/** Why a sign-on callback was refused: a forged or replayed answer, or the provider's own error. */
export class SignOnError extends Error {
  override readonly name = 'SignOnError';
}

/** The provider's own words for a refused exchange (`invalid_grant: …`), else the check that failed. */
function describe(error: unknown): string {
  if (error instanceof oidc.ResponseBodyError) {
    return `${error.error}${error.error_description === undefined ? '' : `: ${error.error_description}`}`;
  }
  // openid-client wraps oauth4webapi's error, whose message names the check ("nonce", "state").
  if (error instanceof Error && error.cause instanceof Error) return error.cause.message;
  return error instanceof Error ? error.message : String(error);
}

type OidcSettings = NonNullable<SpacegateConfig['auth']['oidc']>;

/**
 * The OpenID Connect relying party (authorization code with PKCE, OpenID Connect Core 1.0 §3.1) on
 * `openid-client`: discovery once, at the first sign-in (so a provider that is down delays sign-in,
 * not the server's start); state, nonce and the PKCE verifier are checked on every callback.
 */
export function createOidcClient(settings: OidcSettings, redirectUri: string) {
  let discovered: Promise<oidc.Configuration> | undefined;
  const configuration = () => {
    discovered ??= oidc
      .discovery(
        new URL(settings.issuer),
        settings.clientId,
        undefined,
        oidc.ClientSecretBasic(settings.clientSecret),
        settings.allowInsecureHttp ? { execute: [oidc.allowInsecureRequests] } : undefined,
      )
      .catch((error: unknown) => {
        discovered = undefined;
        throw error;
      });
    return discovered;
  };
  return {
    /** The provider's authorization URL for a new sign-on, and the checks its callback must pass. */
    async start(next: string): Promise<{ url: string; checks: SignOnChecks }> {
      const config = await configuration();
      const checks = {
        state: oidc.randomState(),
        nonce: oidc.randomNonce(),
        verifier: oidc.randomPKCECodeVerifier(),
        next,
      };
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope: settings.scopes.join(' '),
        response_type: 'code',
        state: checks.state,
        nonce: checks.nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(checks.verifier),
        code_challenge_method: 'S256',
      });
      return { url: url.href, checks };
    },
    /**
     * Redeems the callback's code (`search`: the callback URL's query) (state, nonce, PKCE, ID token signature, audience and expiry
     * checked by openid-client) and returns the ID token's claims with the UserInfo claims over them.
     */
    async finish(search: string, checks: SignOnChecks): Promise<Record<string, unknown>> {
      const config = await configuration();
      // The redirect URI as registered (behind a proxy the request's own URL may differ) with the callback's query.
      const callbackUrl = new URL(redirectUri);
      callbackUrl.search = search;
      let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
      try {
        tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
          expectedState: checks.state,
          expectedNonce: checks.nonce,
          pkceCodeVerifier: checks.verifier,
          idTokenExpected: true,
        });
      } catch (error) {
        throw new SignOnError(describe(error), { cause: error });
      }
      const claims = tokens.claims();
      if (claims === undefined) throw new SignOnError('the provider sent no ID token');
      const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
      return { ...claims, ...info };
    },
  };
}

/** The relying party for one configured provider. */
export type OidcClient = ReturnType<typeof createOidcClient>;
