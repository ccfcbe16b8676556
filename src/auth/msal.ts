/**
 * Entra ID sign-in in the browser with `@azure/msal-browser`, loaded with a dynamic import only when
 * `auth-client-id` is set: silent first (cached account), a popup when needed.
 */
import { AuthError } from './types.js';
import type { AccessToken } from './types.js';

export interface MsalOptions {
  clientId: string;
  tenantId?: string;
  redirectUri?: string;
  scope: string;
}

interface MsalResult {
  accessToken: string;
  expiresOn: Date | null;
}
interface MsalAccount {
  homeAccountId: string;
}
interface MsalApp {
  initialize(): Promise<void>;
  getAllAccounts(): MsalAccount[];
  acquireTokenSilent(req: { scopes: string[]; account: MsalAccount }): Promise<MsalResult>;
  acquireTokenPopup(req: { scopes: string[] }): Promise<MsalResult & { account: MsalAccount | null }>;
}

const apps = new Map<string, Promise<MsalApp>>();

async function getApp(o: MsalOptions): Promise<MsalApp> {
  const key = `${o.clientId}|${o.tenantId ?? ''}|${o.redirectUri ?? ''}`;
  let app = apps.get(key);
  if (!app) {
    app = (async () => {
      let msal: { PublicClientApplication: new (config: unknown) => MsalApp };
      try {
        msal = (await import('@azure/msal-browser')) as unknown as typeof msal;
      } catch {
        throw new AuthError('Sign-in needs @azure/msal-browser: install it (npm i @azure/msal-browser) or use the CDN build.');
      }
      const instance = new msal.PublicClientApplication({
        auth: {
          clientId: o.clientId,
          authority: `https://login.microsoftonline.com/${o.tenantId || 'organizations'}`,
          redirectUri: o.redirectUri || globalThis.location?.origin,
        },
        cache: { cacheLocation: 'sessionStorage' },
      });
      await instance.initialize();
      return instance;
    })();
    app.catch(() => apps.delete(key));
    apps.set(key, app);
  }
  return app;
}

function toToken(r: MsalResult): AccessToken {
  return { token: r.accessToken, expiresOnTimestamp: r.expiresOn ? r.expiresOn.getTime() : Date.now() + 5 * 60_000 };
}

export async function acquireMsalToken(o: MsalOptions): Promise<AccessToken> {
  const app = await getApp(o);
  const scopes = [o.scope];
  const account = app.getAllAccounts()[0];
  if (account) {
    try {
      return toToken(await app.acquireTokenSilent({ scopes, account }));
    } catch {
      // Interaction required (expired session, consent): fall through to the popup.
    }
  }
  try {
    return toToken(await app.acquireTokenPopup({ scopes }));
  } catch (err) {
    const name = (err as { errorCode?: string })?.errorCode ?? (err as Error)?.name ?? '';
    throw new AuthError(
      name.includes('popup')
        ? 'The sign-in popup was blocked. Allow popups for this site, then press start again.'
        : `Sign-in failed (${name || 'unknown error'}).`,
    );
  }
}
