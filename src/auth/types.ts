/** What a connection needs to authenticate, and the shapes pages can hand us. */

/** The `@azure/core-auth` TokenCredential shape (any object with getToken). */
export interface TokenCredentialLike {
  getToken(
    scopes: string | string[],
    options?: unknown,
  ): Promise<{ token: string; expiresOnTimestamp: number } | null>;
}

export interface AccessToken {
  token: string;
  /** ms since epoch. */
  expiresOnTimestamp: number;
}

export type ConnectionAuth =
  | { kind: 'api-key'; key: string }
  | { kind: 'bearer'; token: string; expiresOnTimestamp: number }
  | { kind: 'none' };

export class AuthError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuthError';
  }
}

export const DEFAULT_TOKEN_SCOPE = 'https://ai.azure.com/.default';
