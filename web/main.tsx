import '@mantine/core/styles.css';
import '@mantine/dates/styles.css';
import '@mantine/notifications/styles.css';
import '@mantine/dates/styles.css';
import './app.css';
import {
  createTheme,
  Drawer,
  type MantineColorsTuple,
  MantineProvider,
  Modal,
  MultiSelect,
  Pagination,
  Select,
} from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { ApiError } from './lib/api.ts';
import { accessibleColours } from './lib/contrast.ts';
import { router } from './routes.tsx';

const theme = createTheme({
  primaryColor: 'belfry',
  colors: {
    belfry: ['#e8f1fb', '#d0e1f4', '#a1c2e8', '#6fa1dc', '#4686d2', '#2b74cc', '#1c6ac9', '#0e59b2', '#004f9f', '#00448d'],
  },
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  defaultRadius: 'md',
  components: {
    // The × in every dialog and drawer, named for screen readers (Mantine leaves it unlabelled).
    Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } }),
    Drawer: Drawer.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } }),
    // The × that clears a select, named for screen readers.
    Select: Select.extend({ defaultProps: { clearButtonProps: { 'aria-label': 'Clear' } } }),
    MultiSelect: MultiSelect.extend({ defaultProps: { clearButtonProps: { 'aria-label': 'Clear' } } }),
    // Every pagination button named: "Page 3", "Next page" (Mantine draws them as bare numbers and arrows).
    Pagination: Pagination.extend({
      defaultProps: {
        getItemProps: (page: number) => ({ 'aria-label': `Page ${page}` }),
        getControlProps: (control: 'first' | 'previous' | 'last' | 'next') => ({
          'aria-label': { first: 'First page', previous: 'Previous page', next: 'Next page', last: 'Last page' }[control],
        }),
      },
    }),
  },
});

// Secondary (dimmed) and coloured text dark enough for WCAG AA on white (web/lib/contrast.ts).
const cssVariablesResolver = accessibleColours((theme.colors ?? {}) as Record<string, MantineColorsTuple | undefined>);

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      retry: (count, err) => !(err instanceof ApiError && err.status < 500) && count < 2,
      refetchOnWindowFocus: true,
    },
  },
});

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <MantineProvider theme={theme} defaultColorScheme="auto" cssVariablesResolver={cssVariablesResolver}>
        <Notifications position="top-right" />
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </MantineProvider>
    </StrictMode>,
  );
}
