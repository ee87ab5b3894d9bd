import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, ApiError, onSessionExpired, setCsrfToken } from './api.ts';

// Whether this tab had a session (a flag, not a credential), to tell "expired" from "never logged in".
const HAD_SESSION = 'tinn.hadSession';

export interface Session {
  partyId: number;
  securityLevel: number;
  expiresAt: string;
  idleMinutes: number;
  csrfToken: string;
}

interface SessionState {
  /** undefined while the first probe runs, null when logged out. */
  session: Session | null | undefined;
  /** True after a session ended by itself (the login page says so). */
  expired: boolean;
  /** Asks Tinn again (after the login's last step). */
  refresh(): Promise<void>;
  logout(): Promise<void>;
}

const SessionContext = createContext<SessionState>({ session: undefined, expired: false, refresh: async () => {}, logout: async () => {} });

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const [expired, setExpired] = useState(false);

  const refresh = useCallback(async () => {
    try {
      const current = await api<Session>('GET', '/api/v1/authn/session', undefined, { anonymous: true });
      setCsrfToken(current.csrfToken);
      setSession(current);
      setExpired(false);
      window.sessionStorage.setItem(HAD_SESSION, '1');
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 401) throw err;
      setCsrfToken(undefined);
      setSession(null);
      // This tab was logged in and nobody logged out: the session ran out (or ended elsewhere).
      if (window.sessionStorage.getItem(HAD_SESSION)) setExpired(true);
      window.sessionStorage.removeItem(HAD_SESSION);
    }
  }, []);

  const logout = useCallback(async () => {
    try {
      await api('POST', '/api/v1/authn/logout');
    } finally {
      window.sessionStorage.removeItem(HAD_SESSION);
      setCsrfToken(undefined);
      setSession(null);
      setExpired(false);
    }
  }, []);

  useEffect(() => {
    // The flag stays: if the person reloads now, the next probe still knows the session ran out.
    onSessionExpired(() => {
      setSession(null);
      setExpired(true);
    });
    void refresh();
  }, [refresh]);

  const value = useMemo(() => ({ session, expired, refresh, logout }), [session, expired, refresh, logout]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  return useContext(SessionContext);
}
