/**
 * oidc-provider, loaded without its start-up notice. On Node 20 it prints "Unsupported runtime" to stderr as it is
 * imported (it runs correctly here: toolchain notes §11); the CLI and the app promise that nothing but their own words
 * reach stderr, so that one line is held back while the module loads. Every other warning still goes through.
 */
import type * as OidcProvider from 'oidc-provider';

const RUNTIME_NOTICE = 'oidc-provider WARNING: Unsupported runtime';

async function loadQuietly(): Promise<typeof OidcProvider> {
  /* eslint-disable no-console -- the notice is printed with console.warn; only that call is filtered, for the import */
  const warn = console.warn;
  console.warn = (...parts: unknown[]) => {
    if (!(typeof parts[0] === 'string' && parts[0].includes(RUNTIME_NOTICE))) {
      warn(...parts);
    }
  };
  try {
    return await import('oidc-provider');
  } finally {
    console.warn = warn;
  }
  /* eslint-enable no-console */
}

const loaded = await loadQuietly();
export const Provider = loaded.default;
export const { interactionPolicy } = loaded;
