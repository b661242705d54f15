/**
 * The role the signed-in person acts in, for words that differ by role (what to do about a document that cannot be
 * downloaded). Provided by the record section; null when nobody is signed in, and the words are then the general ones.
 */
import { createContext, useContext } from 'react';
import type { RoleCode } from '../../../common/identity.js';

export const ActingRole = createContext<RoleCode | null>(null);

export function useActingRole(): RoleCode | null {
  return useContext(ActingRole);
}
