#!/usr/bin/env node
// The `belfry` command. Belfry runs its TypeScript sources through tsx: no build step for the
// server, and stack traces point at the real files.
import { register } from 'tsx/esm/api';

register();
await import('../server/main.ts');
