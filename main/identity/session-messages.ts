/** What the session says, in words for a practice user, when there is nobody to act as or a job's session ends. */

export const SESSION_WORDS = {
  notSignedIn: 'You are not signed in. Sign in with your NHS Care Identity to continue.',
  ended: 'Your session has ended, so the job stopped. Nothing from it was saved. Sign in again and start it again.',
  differentPerson: 'A different person signed in, so the download that was waiting has stopped. Nothing from it was saved.',
  signInStopped: 'Signing in was stopped because you signed out.',
  chooseListedRole: 'Choose one of the roles listed.',
  noRole:
    'Your NHS Care Identity has no role this app can be used with (GP practice administrator, GP practice clinician or ' +
    'Primary Care Support England). Ask your Registration Authority to check your roles.',
} as const;
