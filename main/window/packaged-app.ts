/** The application menu of a packaged build: none of Electron's default menu (reload, DevTools), only what the OS needs. */
import type { Menu, MenuItemConstructorOptions } from 'electron';

/**
 * macOS sends Cmd+C, Cmd+V, Cmd+A, Cmd+Z and Cmd+Q through the application menu: without these roles an NHS number
 * could not be pasted and the app could not be quit from the keyboard. None of them reloads or opens DevTools.
 */
export const MAC_PACKAGED_MENU: ReadonlyArray<MenuItemConstructorOptions> = [{ role: 'appMenu' }, { role: 'editMenu' }, { role: 'windowMenu' }];

/**
 * Replaces Electron's default application menu in a packaged build, whose View menu reloads the page and opens
 * DevTools (Ctrl+Shift+I, Ctrl+R). Windows and Linux get no menu bar at all, where Chromium handles copy and paste
 * itself; macOS gets `MAC_PACKAGED_MENU`. A development run keeps the default menu, DevTools included.
 *
 * DevTools themselves are turned off per window (`createMainWindow`); this only removes the ways in the menu offers.
 */
export function lockDownPackagedApp(menu: Pick<typeof Menu, 'setApplicationMenu' | 'buildFromTemplate'>, packaged: boolean, platform: NodeJS.Platform): void {
  if (!packaged) {
    return;
  }
  menu.setApplicationMenu(platform === 'darwin' ? menu.buildFromTemplate([...MAC_PACKAGED_MENU]) : null);
}
