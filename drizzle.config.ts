import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` writes the next migration into server/db/migrations from every
// module's tables. Review the SQL before committing it.
export default defineConfig({
  dialect: 'postgresql',
  schema: './server/modules/*/db/tables.ts',
  out: './server/db/migrations',
});
