import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../../main/logging/logger.js';
import { stopCleanlyOnSystemShutdown } from '../../../main/window/os-shutdown.js';

function setUp(downloading: boolean) {
  const powerMonitor = new EventEmitter();
  const window = new EventEmitter();
  const stopAndQuit = vi.fn();
  stopCleanlyOnSystemShutdown({ powerMonitor, window }, { isDownloading: () => downloading, stopAndQuit, logger: silentLogger() });
  const event = (reasons?: string[]) => ({ preventDefault: vi.fn(), ...(reasons === undefined ? {} : { reasons }) });
  return { powerMonitor, window, stopAndQuit, event };
}

describe('the computer shutting down while the app runs', () => {
  it('macOS and Linux: delays the shutdown and stops as a quit does, download or not', () => {
    const { powerMonitor, stopAndQuit, event } = setUp(false);
    const shutdown = event();

    powerMonitor.emit('shutdown', shutdown);

    expect(shutdown.preventDefault).toHaveBeenCalledOnce();
    expect(stopAndQuit).toHaveBeenCalledOnce();
  });

  it('Windows: holds the session end only while a download would be lost, and starts the clean stop at once', () => {
    const running = setUp(true);
    const held = running.event(['shutdown']);
    running.window.emit('query-session-end', held);
    expect(held.preventDefault).toHaveBeenCalledOnce();
    expect(running.stopAndQuit).toHaveBeenCalledOnce();

    const idle = setUp(false);
    const free = idle.event(['logoff']);
    idle.window.emit('query-session-end', free);
    expect(free.preventDefault).not.toHaveBeenCalled();
    expect(idle.stopAndQuit).toHaveBeenCalledOnce();
  });

  it('Windows: when the session ends regardless, the stop still starts (the next start sweeps what it could not finish)', () => {
    const { window, stopAndQuit, event } = setUp(true);

    window.emit('session-end', event(['critical']));

    expect(stopAndQuit).toHaveBeenCalledOnce();
  });
});
