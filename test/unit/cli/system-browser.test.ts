// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { browserLaunchFor } from '../../../main/cli/system-browser.js';

const URL_WITH_QUERY = 'http://127.0.0.1:5000/auth?client_id=app&state=a|b';

describe('opening the system browser', () => {
  it('uses xdg-open on Linux and open on macOS, detached, with the address as one argument', () => {
    expect(browserLaunchFor('linux', URL_WITH_QUERY)).toMatchObject({ command: 'xdg-open', args: [URL_WITH_QUERY], options: { detached: true, stdio: 'ignore' } });
    expect(browserLaunchFor('darwin', URL_WITH_QUERY)).toMatchObject({ command: 'open', args: [URL_WITH_QUERY], options: { detached: true } });
  });

  it('uses cmd start on Windows with an empty title, escaping what cmd would read as its own', () => {
    expect(browserLaunchFor('win32', URL_WITH_QUERY)).toMatchObject({
      command: 'cmd',
      args: ['/c', 'start', '""', 'http://127.0.0.1:5000/auth?client_id=app^&state=a^|b'],
      options: { detached: true, windowsVerbatimArguments: true },
    });
  });
});
