import { createRequire } from 'node:module';

/**
 * A package loaded the first time it is used rather than when Belfry starts: the libraries that
 * only some commands and pages need (charts, spreadsheets, Word, mail, OIDC) cost seconds to load
 * together, and `belfry --version` or a cron import should not pay for them. Async code simply
 * writes `await import('pkg')`; this is for code that must stay synchronous, and loads the
 * package's CommonJS build through `require` (synchronous, cached by Node like any import).
 */
const require = createRequire(import.meta.url);

export function lazyRequire<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => {
    loaded ??= require(name) as T;
    return loaded;
  };
}
