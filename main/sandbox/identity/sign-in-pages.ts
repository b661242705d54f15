/**
 * The sandbox provider's own sign-in page: choose one of the synthetic people, or cancel.
 *
 * It stands in for CIS2's smartcard sign-in. Choosing a person finishes the provider's interaction with that person
 * signed in and this app's scopes granted (the sandbox asks no consent of its own client); "Cancel" ends it with
 * `access_denied`, as a person cancelling at the provider does. The page marks itself with SANDBOX_SIGN_IN_MARKER so
 * the headless driver (main/identity/sandbox-sign-in.ts) can tell it is talking to the sandbox.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import { ROLE_NAMES } from '../../../common/identity.js';
import { roleCodeOf } from '../../identity/roles.js';
import { SANDBOX_SIGN_IN_MARKER } from '../../identity/sandbox-sign-in.js';
import type { SandboxPerson } from './sandbox-people.js';

export const INTERACTION_PATH = '/interaction/';

const MAX_FORM_BYTES = 16_384;

/** Answers the sign-in page's requests; resolves false for any other path, which the provider itself answers. */
export function createSignInPages(
  provider: Provider,
  people: ReadonlyArray<SandboxPerson>,
): (request: IncomingMessage, response: ServerResponse) => Promise<boolean> {
  return async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://sandbox').pathname;
    const match = /^\/interaction\/([\w-]+)(?:\/(login|cancel))?$/.exec(path);
    if (match === null) {
      return false;
    }
    const [, uid = '', action] = match;
    const details = await provider.interactionDetails(request, response).catch(() => undefined);
    if (details === undefined || details.uid !== uid) {
      sendPage(response, 400, page('This sign-in has ended', '<p>This sign-in page has expired. Go back to Document Store Desktop and sign in again.</p>'));
      return true;
    }
    if (action === undefined && request.method === 'GET') {
      sendPage(response, 200, choosePersonPage(uid, people));
      return true;
    }
    if (request.method !== 'POST' || action === undefined) {
      sendPage(response, 405, page('Not allowed', '<p>Use the sign-in page.</p>'));
      return true;
    }
    if (action === 'cancel') {
      await provider.interactionFinished(request, response, { error: 'access_denied', error_description: 'The person cancelled signing in.' }, { mergeWithLastSubmission: false });
      return true;
    }
    const chosenId = new URLSearchParams(await readForm(request)).get('person');
    const chosen = people.find((person) => person.id === chosenId);
    if (chosen === undefined) {
      sendPage(response, 400, choosePersonPage(uid, people, 'Choose a person to sign in as.'));
      return true;
    }
    if (details.session !== undefined) {
      // The browser is still signed in here from an earlier sign-in: end that one, so nobody inherits it (otherwise
      // the provider would post a script-driven sign-out page before going on).
      await (await provider.Session.find(details.session.cookie))?.destroy();
      delete details.session;
      await details.save(Math.max(1, details.exp - Math.floor(Date.now() / 1000)));
    }
    const { client_id: clientId, scope } = details.params;
    const grant = new provider.Grant({ accountId: chosen.id, clientId: typeof clientId === 'string' ? clientId : '' });
    grant.addOIDCScope(typeof scope === 'string' ? scope : 'openid');
    const grantId = await grant.save();
    await provider.interactionFinished(request, response, { login: { accountId: chosen.id }, consent: { grantId } }, { mergeWithLastSubmission: false });
    return true;
  };
}

function choosePersonPage(uid: string, people: ReadonlyArray<SandboxPerson>, error?: string): string {
  const action = `${INTERACTION_PATH}${encodeURIComponent(uid)}`;
  const choices = people
    .map((person) => {
      const inputId = `person-${escapeHtml(person.id)}`;
      const roles = person.roles.map((role) => `${roleLabel(role.cis2RoleCode, role.roleName)} at ${role.orgName} (${role.odsCode})`);
      return `<div class="choice">
  <input type="radio" name="person" id="${inputId}" value="${escapeHtml(person.id)}" aria-describedby="${inputId}-hint" required>
  <label for="${inputId}"><strong>${escapeHtml(`${person.givenName} ${person.familyName}`)}</strong>: ${escapeHtml(roles.join('; '))}</label>
  <p class="hint" id="${inputId}-hint">${escapeHtml(person.demonstrates)}</p>
</div>`;
    })
    .join('\n');
  const errorSummary = error === undefined ? '' : `<div class="error" role="alert"><p>${escapeHtml(error)}</p></div>`;
  return page(
    'Sign in to the sandbox',
    `${errorSummary}
<p>This is the Document Store Desktop sandbox. Every person here is synthetic; choose who to sign in as.</p>
<form method="post" action="${action}/login">
<fieldset>
<legend>Synthetic people</legend>
${choices}
</fieldset>
<button type="submit">Sign in</button>
</form>
<form method="post" action="${action}/cancel">
<button type="submit" class="secondary">Cancel</button>
</form>`,
  );
}

function roleLabel(cis2RoleCode: string, roleName: string): string {
  const roleCode = roleCodeOf(cis2RoleCode);
  return roleCode === undefined ? `${roleName} (not a role Document Store Desktop recognises)` : `${roleName} (${ROLE_NAMES[roleCode]})`;
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${SANDBOX_SIGN_IN_MARKER}
<title>${escapeHtml(title)} - Document Store sandbox</title>
<style>
body { font-family: Arial, sans-serif; margin: 2rem auto; max-width: 46rem; padding: 0 1rem; color: #212b32; line-height: 1.5; }
fieldset { border: 0; padding: 0; margin: 0 0 1.5rem; }
legend { font-size: 1.5rem; font-weight: bold; margin-bottom: 0.5rem; }
.choice { margin-bottom: 1rem; }
.hint { color: #4c6272; margin: 0 0 0 1.75rem; }
button { font-size: 1.1rem; padding: 0.5rem 1.25rem; background: #007f3b; color: #fff; border: 0; border-radius: 4px; margin-bottom: 1rem; }
button.secondary { background: #4c6272; }
button:focus, input:focus { outline: 4px solid #ffeb3b; outline-offset: 2px; }
.error { border: 4px solid #d5281b; padding: 0 1rem; margin-bottom: 1rem; }
</style>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
${body}
</main>
</body>
</html>`;
}

function sendPage(response: ServerResponse, status: number, html: string): void {
  response.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    // No scripts at all; the forms post to this origin, whose answer redirects to the app's loopback address.
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  });
  response.end(html);
}

async function readForm(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_FORM_BYTES) {
      return '';
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
