// A local OpenID Connect provider for Quire's sign-in tests and for trying the app: the npm package
// `oidc-provider` with one public native client, listening on 127.0.0.1 only.
//
//   npm ci --prefix tests/idp        (scripts/setup does it)
//   node tests/idp/server.mjs        prints `READY http://127.0.0.1:<port>` once it listens
//
// Sign in as `demo` (any password): every login id is an account, whose `sub` is the login id and
// whose email is `<login>@example.test`. Unless IDP_STATE_FILE is set, nothing is stored: keys,
// sessions and grants live and die with the process.
//
// Environment:
//   IDP_PORT            port to listen on (default 0: any free port)
//   IDP_CLIENT_ID       the client's id (default quire-desktop)
//   IDP_REDIRECT_URIS   comma-separated redirect URIs (default app.quire.journal:/oauth/callback and
//                       http://127.0.0.1/oauth/callback; loopback http ones match on any port)
//   IDP_TEST_CONTROL=1  serves the test controls: POST /_test/revoke?sub=ID (destroys that account's
//                       grants and tokens), POST /_test/profile?sub=ID with a JSON body of claims
//                       (email, given_name, family_name, name, ...) to override, GET /_test/health
//   IDP_LOG=1           logs authorization, token and userinfo errors to stderr
//   IDP_STATE_FILE=PATH for the local demo only: keeps sessions, grants and tokens in the JSON file
//                       PATH (see file-adapter.mjs), the signing key in PATH.jwk and the cookie key
//                       in PATH.cookie-key (all mode 0600, created on first run), so that signing in
//                       survives a restart of the provider
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { resolve } from 'node:path';

import Provider from 'oidc-provider';

import { fileAdapter, readOrCreate } from './file-adapter.mjs';

const HOST = '127.0.0.1';
const env = process.env;
const port = Number.parseInt(env.IDP_PORT ?? '0', 10) || 0;
const clientId = env.IDP_CLIENT_ID || 'quire-desktop';
const redirectUris = (env.IDP_REDIRECT_URIS
  || 'app.quire.journal:/oauth/callback,http://127.0.0.1/oauth/callback')
  .split(',').map((uri) => uri.trim()).filter(Boolean);
const control = env.IDP_TEST_CONTROL === '1';
const logErrors = env.IDP_LOG === '1';
const stateFile = env.IDP_STATE_FILE ? resolve(env.IDP_STATE_FILE) : null;
/** The adapter class over `stateFile`, or null for oidc-provider's own in-memory one. */
const StateAdapter = stateFile ? fileAdapter(stateFile) : null;

// oidc-provider prints its notices with console.info; stdout carries only the READY line.
console.info = (...args) => console.error(...args);

/** Claims set through /_test/profile, by account id; they win over the derived ones. */
const profiles = new Map();
/** Ids of the grants each account has, by account id, kept up to date from the provider's events. */
const grantsByAccount = new Map();

function capitalize(word) {
  return word ? word[0].toUpperCase() + word.slice(1) : word;
}

/** The claims of an account: derived from its login id ("demo" is Demo User), then overridden. */
function claimsOf(sub) {
  const given = capitalize(sub.split(/[^A-Za-z0-9]+/).filter(Boolean)[0] || sub);
  return {
    sub,
    email: `${sub}@example.test`,
    email_verified: true,
    given_name: given,
    family_name: 'User',
    name: `${given} User`,
    ...profiles.get(sub),
  };
}

function newSigningKey() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = `quire-idp-${randomBytes(6).toString('hex')}`;
  return { ...privateKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };
}

const newCookieKey = () => randomBytes(32).toString('base64url');

/** A new signing key each run, or with IDP_STATE_FILE the one kept beside it. */
function signingKey() {
  if (!stateFile) return newSigningKey();
  return JSON.parse(readOrCreate(`${stateFile}.jwk`, () => `${JSON.stringify(newSigningKey())}\n`));
}

/** A new cookie signing key each run, or with IDP_STATE_FILE the one kept beside it. */
function cookieKey() {
  if (!stateFile) return newCookieKey();
  return readOrCreate(`${stateFile}.cookie-key`, () => `${newCookieKey()}\n`).trim();
}

function configuration() {
  return {
    clients: [{
      client_id: clientId,
      application_type: 'native',
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: redirectUris,
    }],
    jwks: { keys: [signingKey()] },
    cookies: {
      keys: [cookieKey()],
      // Plain http on loopback: SameSite=None cookies without Secure are dropped by browsers.
      long: { httpOnly: true, sameSite: 'lax' },
      short: { httpOnly: true, sameSite: 'lax' },
    },
    ...(StateAdapter && { adapter: StateAdapter }),
    responseTypes: ['code'],
    scopes: ['openid', 'email', 'profile', 'offline_access'],
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'given_name', 'family_name', 'picture'],
    },
    pkce: { methods: ['S256'], required: () => true },
    features: {
      devInteractions: { enabled: true },
      revocation: { enabled: true },
      userinfo: { enabled: true },
    },
    async findAccount(ctx, sub) {
      return { accountId: sub, claims: async () => claimsOf(sub) };
    },
    ttl: {
      AccessToken: 5 * 60,
      AuthorizationCode: 60,
      IdToken: 60 * 60,
      Interaction: 60 * 60,
      Session: 60 * 60,
      RefreshToken: 14 * 24 * 60 * 60,
      Grant: 30 * 24 * 60 * 60,
    },
  };
}

function trackGrants(provider) {
  const remember = (grant) => {
    if (!grantsByAccount.has(grant.accountId)) grantsByAccount.set(grant.accountId, new Set());
    grantsByAccount.get(grant.accountId).add(grant.jti);
  };
  // Grants kept from an earlier run (IDP_STATE_FILE) were saved before these listeners existed.
  for (const grant of StateAdapter?.payloads('Grant') ?? []) remember(grant);
  provider.on('grant.saved', remember);
  provider.on('grant.destroyed', (grant) => grantsByAccount.get(grant.accountId)?.delete(grant.jti));
  provider.on('grant.revoked', (ctx, grantId) => {
    for (const ids of grantsByAccount.values()) ids.delete(grantId);
  });
}

function logProviderErrors(provider) {
  const events = ['authorization.error', 'grant.error', 'userinfo.error', 'revocation.error',
    'server_error', 'jwks.error', 'discovery.error'];
  for (const name of events) {
    provider.on(name, (ctx, error) => {
      const detail = error.error_detail ? ` (${error.error_detail})` : '';
      console.error(`[idp] ${name}: ${error.error || error.name}: ${error.error_description || error.message}${detail}`);
    });
  }
}

/** The devInteractions pages, minus their web font (nothing leaves this machine), plus a hint. */
function localPages(provider) {
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.path.startsWith('/interaction/') && ctx.type === 'text/html' && typeof ctx.body === 'string') {
      ctx.body = ctx.body
        .replace(/@import url\([^)]*\);/g, '')
        .replace('<h1>Sign-in</h1>', '<h1>Sign-in</h1>\n      <p class="login-help">Quire test provider on this computer. '
          + 'Try login <b>demo</b> with any password.</p>');
    }
  });
}

/** Destroys every grant of `sub`, with the codes and tokens issued from them. */
async function revokeAccount(provider, sub) {
  const ids = [...(grantsByAccount.get(sub) ?? [])];
  for (const id of ids) {
    await Promise.all([provider.AccessToken, provider.RefreshToken, provider.AuthorizationCode]
      .map((model) => model.revokeByGrantId(id)));
    await provider.Grant.adapter.destroy(id);
  }
  grantsByAccount.delete(sub);
  return ids.length;
}

function sendJson(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

async function readJson(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : {};
}

async function testControl(provider, issuer, req, res, url) {
  const sub = url.searchParams.get('sub');
  const route = `${req.method} ${url.pathname}`;
  if (route === 'GET /_test/health') return sendJson(res, 200, { ok: true, issuer });
  if (route !== 'POST /_test/revoke' && route !== 'POST /_test/profile') {
    return sendJson(res, 404, { error: 'not_found', route });
  }
  if (!sub) return sendJson(res, 400, { error: 'invalid_request', error_description: 'sub is required' });
  if (url.pathname === '/_test/revoke') {
    return sendJson(res, 200, { sub, revoked_grants: await revokeAccount(provider, sub) });
  }
  let body;
  try {
    body = await readJson(req);
  } catch {
    return sendJson(res, 400, { error: 'invalid_request', error_description: 'body is not JSON' });
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    return sendJson(res, 400, { error: 'invalid_request', error_description: 'body must be an object' });
  }
  profiles.set(sub, { ...profiles.get(sub), ...body });
  return sendJson(res, 200, { sub, claims: claimsOf(sub) });
}

const server = createServer();
server.listen(port, HOST, () => {
  const issuer = `http://${HOST}:${server.address().port}`;
  const provider = new Provider(issuer, configuration());
  trackGrants(provider);
  if (logErrors) logProviderErrors(provider);
  localPages(provider);
  const handle = provider.callback();

  server.on('request', (req, res) => {
    const url = new URL(req.url, issuer);
    if (control && url.pathname.startsWith('/_test/')) {
      testControl(provider, issuer, req, res, url).catch((error) => {
        console.error(`[idp] ${url.pathname}: ${error.stack || error}`);
        if (!res.headersSent) sendJson(res, 500, { error: 'server_error' });
      });
      return;
    }
    handle(req, res);
  });
  process.stdout.write(`READY ${issuer}\n`);
});
server.on('error', (error) => {
  console.error(`[idp] cannot listen on ${HOST}:${port}: ${error.message}`);
  process.exit(1);
});

function shutDown() {
  server.close(() => process.exit(0));
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on('SIGTERM', shutDown);
process.on('SIGINT', shutDown);
