/**
 * The web preview's stand-in for the preload: the same API object, carried over HTTP to the preview host.
 *
 * Development and UI tests only; the packaged app never serves or loads it.
 */
import { createDocumentStoreApi } from './create-api.js';
import type { Result } from '../common/result.js';

const HOST_GONE: Result<never> = {
  ok: false,
  error: { code: 'unreachable', message: 'The preview host is not running. Start it again with `npm run web`.' },
};

const events = new EventSource('/events');

Object.defineProperty(window, 'documentStore', {
  value: Object.freeze(
  createDocumentStoreApi({
    async invoke(channel, payload) {
      try {
        const response = await fetch(`/api/${channel}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ payload }),
        });
        return (await response.json()) as Result<never>;
      } catch {
        return HOST_GONE;
      }
    },
    subscribe(channel, listener) {
      const forward = (event: MessageEvent<string>) => {
        listener(JSON.parse(event.data) as never);
      };
      events.addEventListener(channel, forward);
      return () => events.removeEventListener(channel, forward);
    },
  }),
  ),
});
