/**
 * The sandbox OpenID provider's storage: sessions, interactions, codes, tokens and grants in this process's memory.
 *
 * The sandbox's people are synthetic and a restart signs everyone out, which is what a sandbox should do. Giving
 * oidc-provider this small store of our own (rather than its built-in development adapter) also keeps its start-up
 * warning about that adapter out of the sandbox's output.
 */
import type { Adapter, AdapterFactory, AdapterPayload } from 'oidc-provider';

interface Stored {
  readonly payload: AdapterPayload;
  /** Milliseconds since the epoch; absent for what lasts as long as the provider. */
  readonly expiresAt?: number;
}

/** Models oidc-provider revokes together when a grant is revoked. */
const GRANTABLE = new Set(['AccessToken', 'AuthorizationCode', 'RefreshToken', 'DeviceCode', 'BackchannelAuthenticationRequest']);

/** One store shared by every model of one provider; a second provider gets its own. */
export function createMemoryAdapter(): AdapterFactory {
  const records = new Map<string, Stored>();
  const keyOf = (model: string, id: string): string => `${model}:${id}`;

  function live(key: string | undefined): AdapterPayload | undefined {
    if (key === undefined) {
      return undefined;
    }
    const stored = records.get(key);
    if (stored?.expiresAt !== undefined && stored.expiresAt <= Date.now()) {
      records.delete(key);
      return undefined;
    }
    return stored?.payload;
  }

  function findKey(model: string, matches: (payload: AdapterPayload) => boolean): string | undefined {
    for (const [key, stored] of records) {
      if (key.startsWith(`${model}:`) && matches(stored.payload)) {
        return key;
      }
    }
    return undefined;
  }

  return (model: string): Adapter => ({
    upsert(id, payload, expiresIn) {
      const expiresAt = typeof expiresIn === 'number' ? Date.now() + expiresIn * 1000 : undefined;
      records.set(keyOf(model, id), { payload, ...(expiresAt === undefined ? {} : { expiresAt }) });
      return Promise.resolve();
    },
    find(id) {
      return Promise.resolve(live(keyOf(model, id)));
    },
    findByUid(uid) {
      return Promise.resolve(live(findKey(model, (payload) => payload.uid === uid)));
    },
    findByUserCode(userCode) {
      return Promise.resolve(live(findKey(model, (payload) => payload.userCode === userCode)));
    },
    consume(id) {
      const payload = live(keyOf(model, id));
      if (payload !== undefined) {
        payload.consumed = Math.floor(Date.now() / 1000);
      }
      return Promise.resolve();
    },
    destroy(id) {
      records.delete(keyOf(model, id));
      return Promise.resolve();
    },
    revokeByGrantId(grantId) {
      for (const [key, stored] of records) {
        if (GRANTABLE.has(key.slice(0, key.indexOf(':'))) && stored.payload.grantId === grantId) {
          records.delete(key);
        }
      }
      return Promise.resolve();
    },
  });
}
