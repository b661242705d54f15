/**
 * The sign-in's loopback redirect (RFC 8252 §7.3): a one-request web server on 127.0.0.1 at a random port, where the
 * browser lands after the person signs in, and which then tells them in the tab what happened.
 *
 * It takes only a callback carrying the `state` this sign-in sent, so another page or program on the computer cannot
 * finish (or spoil) the sign-in by calling the address first. The page it answers never repeats what the browser
 * brought (the authorization code), and is not cached or sent on as a referrer.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const LOOPBACK_ADDRESS = '127.0.0.1';
export const CALLBACK_PATH = '/callback';

/** What the tab says once the sign-in has finished, one way or the other. */
export type CallbackOutcome = 'signed-in' | 'cancelled' | 'failed';

/** The browser's arrival at the callback: the full URL to hand to the token request, and the answer to give the tab. */
export interface RedirectArrival {
  readonly url: URL;
  respond(outcome: CallbackOutcome): Promise<void>;
}

export interface LoopbackRedirect {
  /** `http://127.0.0.1:<port>/callback`, for the authorization request. */
  readonly redirectUri: string;
  /** Settles when the browser arrives with this sign-in's `state`; never rejects. */
  readonly arrival: Promise<RedirectArrival>;
  /** Stops listening (answering a held tab first, as failed). Safe to call more than once. */
  close(): Promise<void>;
}

const PAGES: Readonly<Record<CallbackOutcome | 'unexpected' | 'finished', { readonly status: number; readonly title: string; readonly words: string }>> = {
  'signed-in': { status: 200, title: 'You are signed in', words: 'You are signed in. You can close this tab and return to Document Store Desktop.' },
  cancelled: { status: 200, title: 'Signing in was cancelled', words: 'Signing in was cancelled. You can close this tab and return to Document Store Desktop.' },
  failed: {
    status: 200,
    title: 'You have not been signed in',
    words: 'Signing in did not work. You can close this tab and return to Document Store Desktop, which says what to do next.',
  },
  unexpected: {
    status: 400,
    title: 'This is not the sign-in Document Store Desktop is waiting for',
    words: 'This page is not part of the sign-in Document Store Desktop started. Close this tab, return to Document Store Desktop and sign in again.',
  },
  finished: { status: 410, title: 'This sign-in has finished', words: 'This sign-in has already finished. You can close this tab.' },
};

/** Listens on a random loopback port for the browser's return with `expectedState`. */
export async function openLoopbackRedirect(expectedState: string): Promise<LoopbackRedirect> {
  let held: ServerResponse | undefined;
  let arrived = false;
  let resolveArrival: (arrival: RedirectArrival) => void = () => undefined;
  const arrival = new Promise<RedirectArrival>((resolve) => {
    resolveArrival = resolve;
  });

  const server = http.createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', `http://${LOOPBACK_ADDRESS}`);
    if (request.method !== 'GET' || url.pathname !== CALLBACK_PATH) {
      response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
      return;
    }
    if (arrived) {
      void answer(response, 'finished');
      return;
    }
    if (url.searchParams.get('state') !== expectedState) {
      void answer(response, 'unexpected');
      return;
    }
    arrived = true;
    held = response;
    const fullUrl = new URL(`${redirectUri}${url.search}`);
    resolveArrival({
      url: fullUrl,
      respond: async (outcome) => {
        held = undefined;
        await answer(response, outcome);
      },
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, LOOPBACK_ADDRESS, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const redirectUri = `http://${LOOPBACK_ADDRESS}:${port}${CALLBACK_PATH}`;

  let closing: Promise<void> | undefined;
  return {
    redirectUri,
    arrival,
    close() {
      closing ??= (async () => {
        if (held !== undefined) {
          const response = held;
          held = undefined;
          await answer(response, 'failed');
        }
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      })();
      return closing;
    },
  };
}

function answer(response: ServerResponse, page: keyof typeof PAGES): Promise<void> {
  const { status, title, words } = PAGES[page];
  const html = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title} - Document Store Desktop</title></head>
<body style="font-family: Arial, sans-serif; margin: 2rem auto; max-width: 40rem; padding: 0 1rem; line-height: 1.5">
<main><h1>${title}</h1><p>${words}</p></main>
</body>
</html>`;
  return new Promise((resolve) => {
    response.writeHead(status, {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
      'Referrer-Policy': 'no-referrer',
      'X-Content-Type-Options': 'nosniff',
      Connection: 'close',
    });
    response.end(html, () => resolve());
  });
}
