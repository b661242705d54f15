/** Opening the system browser from the command line, detached, for `login`; where none opens, the printed address does. */
import { spawn, type SpawnOptions } from 'node:child_process';

/** How to ask the OS to open `url`: xdg-open, open, or cmd's start. */
export interface BrowserLaunch {
  readonly command: string;
  readonly args: ReadonlyArray<string>;
  readonly options: SpawnOptions;
}

export function browserLaunchFor(platform: NodeJS.Platform, url: string): BrowserLaunch {
  const detached: SpawnOptions = { detached: true, stdio: 'ignore' };
  switch (platform) {
    case 'darwin':
      return { command: 'open', args: [url], options: detached };
    case 'win32':
      // `start`'s first quoted argument is the window title; cmd's own metacharacters in the address are escaped, and
      // the arguments go verbatim so Node adds no quotes cmd would misread.
      return { command: 'cmd', args: ['/c', 'start', '""', url.replace(/[&|<>^]/g, '^$&')], options: { ...detached, windowsVerbatimArguments: true, windowsHide: true } };
    default:
      return { command: 'xdg-open', args: [url], options: detached };
  }
}

/** Tries to open `url` in the system browser; a missing opener or any failure is ignored. */
export function openSystemBrowser(url: string, platform: NodeJS.Platform = process.platform): void {
  const { command, args, options } = browserLaunchFor(platform, url);
  try {
    const child = spawn(command, [...args], options);
    child.once('error', () => undefined);
    child.unref();
  } catch {
    // No browser here (a server, a container): the address printed beside it is the way in.
  }
}
