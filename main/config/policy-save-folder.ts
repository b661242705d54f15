/** The save folder a policy sets, and how it combines with the folder the user chose. */

/** A save folder the user cannot change (`locked`), or one offered until the user picks another. */
export interface PolicySaveFolder {
  readonly path: string;
  readonly locked: boolean;
}

/**
 * The save folder the user sees: a locked policy folder always; otherwise the user's choice, else the policy's default.
 *
 * The renderer shows `locked` as "managed by your organisation" and the main process refuses any other folder.
 */
export function saveFolderUnderPolicy(
  policyFolder: PolicySaveFolder | undefined,
  userChoice: string | null,
): { readonly saveFolder: string | null; readonly locked: boolean } {
  if (policyFolder?.locked === true) {
    return { saveFolder: policyFolder.path, locked: true };
  }
  return { saveFolder: userChoice ?? policyFolder?.path ?? null, locked: false };
}
