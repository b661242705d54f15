/** The one error a token request ends with when nobody is signed in: the job that asked stops with its code. */
import { CodedError } from '../errors.js';

export class SessionEndedError extends CodedError<'not-signed-in' | 'session-expired'> {}
