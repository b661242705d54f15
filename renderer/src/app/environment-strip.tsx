/** The environment strip above the header: environment, region, and sandbox or managed notes. */
import type { AppInfo } from '../../../common/contract.js';
import type { AppInfoState } from './use-app-info.js';

/**
 * Where the app works, on every view; a sandbox says plainly that its data is synthetic, and a computer with an
 * organisation's policy says its settings are managed. Who is signed in is the header's (a person, never an AWS
 * identity).
 */
export function EnvironmentStrip({ info }: { readonly info: AppInfoState }) {
  return (
    <section className="app-environment" aria-label="Environment">
      {info.status === 'ready' && info.info.sandbox ? (
        <p className="app-environment__sandbox">{info.info.training ? 'TRAINING — synthetic data' : 'SANDBOX — synthetic data'}</p>
      ) : null}
      <div className="nhsuk-width-container">
        {info.status === 'ready' ? <EnvironmentDetails info={info.info} /> : null}
        {info.status === 'loading' ? <p className="app-environment__text">Checking the environment…</p> : null}
        {info.status === 'failed' ? <p className="app-environment__text">{info.error.message}</p> : null}
      </div>
    </section>
  );
}

function EnvironmentDetails({ info }: { readonly info: AppInfo }) {
  return (
    <dl className="app-environment__details">
      <div className="app-environment__item">
        <dt>Environment</dt>
        <dd>{info.environment}</dd>
      </div>
      <div className="app-environment__item">
        <dt>Region</dt>
        <dd>{info.region}</dd>
      </div>
      {info.managed ? (
        <div className="app-environment__item">
          <dt>Settings</dt>
          <dd>Managed by your organisation</dd>
        </div>
      ) : null}
    </dl>
  );
}
