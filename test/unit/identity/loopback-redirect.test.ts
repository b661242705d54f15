import { describe, expect, it } from 'vitest';
import { openLoopbackRedirect } from '../../../main/identity/loopback-redirect.js';

describe('the loopback redirect', () => {
  it('listens on a random 127.0.0.1 port at /callback', async () => {
    const first = await openLoopbackRedirect('state-1');
    const second = await openLoopbackRedirect('state-2');
    try {
      expect(first.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
      expect(second.redirectUri).not.toBe(first.redirectUri);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });

  it('takes only the callback with its state, answers the tab once the sign-in is done, and then only says it has finished', async () => {
    const redirect = await openLoopbackRedirect('expected-state');
    try {
      const other = await fetch(redirect.redirectUri.replace('/callback', '/favicon.ico'));
      expect(other.status).toBe(404);
      const forged = await fetch(`${redirect.redirectUri}?code=forged-code&state=other-state`);
      expect(forged.status).toBe(400);
      expect(await forged.text()).not.toContain('forged-code');

      const tab = fetch(`${redirect.redirectUri}?code=real-code&state=expected-state&iss=x`);
      const arrival = await redirect.arrival;
      expect(arrival.url.href).toBe(`${redirect.redirectUri}?code=real-code&state=expected-state&iss=x`);
      await arrival.respond('signed-in');
      const page = await (await tab).text();
      expect(page).toContain('You are signed in. You can close this tab and return to Document Store Desktop.');
      expect(page).not.toContain('real-code');

      const again = await fetch(`${redirect.redirectUri}?code=real-code&state=expected-state`);
      expect(again.status).toBe(410);
    } finally {
      await redirect.close();
    }
    await expect(fetch(redirect.redirectUri)).rejects.toThrow();
  });

  it('tells a waiting tab the sign-in did not work when it closes without an answer', async () => {
    const redirect = await openLoopbackRedirect('s');
    const tab = fetch(`${redirect.redirectUri}?code=c&state=s`);
    await redirect.arrival;
    await redirect.close();
    const response = await tab;
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(await response.text()).toContain('Signing in did not work.');
  });
});
