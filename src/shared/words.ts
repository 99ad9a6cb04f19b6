// Limits and messages that pages show before any schema is loaded (src/shared/schemas.ts
// re-exports them for the server).

/** One answer for an unknown email and a wrong password, so the form reveals no accounts. */
export const SIGN_IN_FAILED = "Email or password is incorrect.";
export const MAX_MESSAGE_LENGTH = 4000;
