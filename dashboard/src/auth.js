// Sign-in with OIDC authorization code + PKCE through oidc-client-ts. Tokens live in memory only
// (InMemoryWebStorage): a reload signs in again, which the issuer's session makes quick. Only the
// short-lived state of a sign-in in progress (PKCE verifier, state) sits in sessionStorage, because
// it must survive the redirect to the issuer and back.
import { InMemoryWebStorage, UserManager, WebStorageStateStore } from 'oidc-client-ts';

let manager;

export async function startAuth(config) {
  const base = `${location.origin}/`;
  manager = new UserManager({
    authority: config.issuer,
    client_id: config.clientId,
    redirect_uri: base,
    post_logout_redirect_uri: base,
    response_type: 'code',
    scope: config.scope || 'openid',
    userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
    stateStore: new WebStorageStateStore({ store: sessionStorage }),
    // Renew with the refresh token shortly before expiry (config.json's renewSecondsBeforeExpiry,
    // 60 s by default); when that fails the next API call answers 401 and the user is asked to
    // sign in again.
    automaticSilentRenew: true,
    accessTokenExpiringNotificationTimeInSeconds: config.renewSecondsBeforeExpiry ?? 60,
    loadUserInfo: false,
  });
  manager.events.addSilentRenewError(() => manager.removeUser());
  const params = new URLSearchParams(location.search);
  if (params.has('code') && params.has('state')) {
    const user = await manager.signinRedirectCallback();
    // Back to where the user was before signing in (the board in the URL).
    const back = typeof user.state === 'string' ? user.state : '/';
    history.replaceState(null, '', back);
    return user;
  }
  return manager.getUser();
}

export function signIn() {
  return manager.signinRedirect({ state: location.pathname + location.search + location.hash });
}

export async function signOut() {
  const user = await manager.getUser();
  await manager.removeUser();
  try {
    await manager.signoutRedirect({ id_token_hint: user?.id_token });
  } catch {
    location.assign('/');
  }
}

export async function accessToken() {
  const user = await manager.getUser();
  return user && !user.expired ? user.access_token : null;
}

export function onUserChange(listener) {
  manager.events.addUserLoaded(listener);
  manager.events.addUserUnloaded(() => listener(null));
}
