import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import { ApiError, api } from './api.ts';

export type Role = 'admin' | 'it' | 'slt' | 'staff' | 'pupil';
export type Me = { id: string; email: string; name: string; role: Role; csrfToken?: string };

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Director (admin)',
  it: 'IT Services',
  slt: 'Senior leadership',
  staff: 'Staff',
  pupil: 'Pupil',
};

/** The signed-in user; `null` when signed out. */
export function useMe() {
  return useQuery({
    queryKey: ['me'],
    queryFn: async () => {
      try {
        return await api<Me>('/api/me');
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) return null;
        throw err;
      }
    },
    staleTime: 60_000,
  });
}

export function useSignOut() {
  const qc = useQueryClient();
  return async () => {
    await api('/api/auth/logout', { method: 'POST' }).catch(() => {});
    qc.clear();
    qc.setQueryData(['me'], null);
  };
}

export const hasRole = (me: Me | null | undefined, roles: readonly Role[]): boolean => !!me && roles.includes(me.role);

/** Renders `children` for the given roles, else `fallback`. The server checks too; this only hides. */
export function ForRoles({
  roles,
  children,
  fallback = null,
}: {
  roles: readonly Role[];
  children: ReactNode;
  fallback?: ReactNode;
}) {
  const { data: me } = useMe();
  return <>{hasRole(me, roles) ? children : fallback}</>;
}

/**
 * A page outside the app's frame that needs a signed-in user (the printable papers): signed out,
 * it sends the visitor to sign in and back, as the frame does, without asking the API first.
 */
export function SignedIn() {
  const { data: me, isLoading } = useMe();
  const location = useLocation();
  if (isLoading) return null;
  if (!me) return <Navigate to={`/sign-in?returnTo=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return <Outlet />;
}
