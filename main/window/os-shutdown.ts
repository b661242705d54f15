/**
 * The computer shutting down, restarting or signing the user out while the app runs: the same clean stop as quitting
 * (a running download cancelled and its ZIP removed, audit events sent), started as soon as the OS says so.
 *
 * macOS and Linux: `powerMonitor`'s 'shutdown', which Electron lets the app delay while it exits. Windows: the
 * window's 'query-session-end', which may be delayed only while a download would otherwise be lost, and
 * 'session-end', after which nothing can be delayed: the stop starts, and whatever it does not finish is completed by
 * the next start's sweep (main/jobs/), as after a crash.
 */
import type { Logger } from '../logging/logger.js';

interface PreventableEvent {
  preventDefault(): void;
}

export interface ShutdownSources {
  /** Electron passes the event to 'shutdown' though its typings declare none; without it nothing can be delayed. */
  readonly powerMonitor: { on(event: 'shutdown', listener: (event?: PreventableEvent) => void): unknown };
  readonly window: {
    on(event: 'query-session-end' | 'session-end', listener: (event: PreventableEvent & { readonly reasons?: ReadonlyArray<string> }) => void): unknown;
  };
}

export interface ShutdownActions {
  readonly isDownloading: () => boolean;
  /** Cancels any download, waits for its cleanup and the audit (each capped), stops the backend and quits. Idempotent. */
  readonly stopAndQuit: () => void;
  readonly logger: Logger;
}

export function stopCleanlyOnSystemShutdown(sources: ShutdownSources, actions: ShutdownActions): void {
  const { isDownloading, stopAndQuit, logger } = actions;
  sources.powerMonitor.on('shutdown', (event) => {
    logger.info('app.system-shutdown', { downloading: isDownloading() });
    event?.preventDefault();
    stopAndQuit();
  });
  sources.window.on('query-session-end', (event) => {
    const downloading = isDownloading();
    logger.info('app.session-ending', { downloading, reasons: event.reasons ?? [] });
    if (downloading) {
      // Held only for the cancel and its cleanup (capped); the app then quits and lets the session end.
      event.preventDefault();
    }
    stopAndQuit();
  });
  sources.window.on('session-end', (event) => {
    logger.info('app.session-end', { downloading: isDownloading(), reasons: event.reasons ?? [] });
    stopAndQuit();
  });
}
