/** Module boundaries (ARCHITECTURE.md, "Rules"): checked by `npm run lint`. */
module.exports = {
  forbidden: [
    {
      name: 'module-reaches-inside-another',
      comment: "A module may use another module only through that module's index.ts.",
      severity: 'error',
      from: { path: '^server/modules/([^/]+)/' },
      to: { path: '^server/modules/([^/]+)/.+', pathNot: ['^server/modules/$1/', '^server/modules/[^/]+/index\\.ts$'] },
    },
    {
      name: 'lib-knows-no-module',
      comment: 'server/lib is shared plumbing and never imports a feature module (test helpers excepted).',
      severity: 'error',
      from: { path: '^server/lib/', pathNot: '^server/lib/test-' },
      to: { path: '^server/modules/' },
    },
    {
      name: 'db-layer-stays-down',
      comment: 'Inside a module: http -> domain -> db. The db layer imports neither domain nor http.',
      severity: 'error',
      from: { path: '^server/modules/([^/]+)/db/' },
      to: { path: '^server/modules/$1/(domain|http)/' },
    },
    {
      name: 'domain-knows-no-http',
      severity: 'error',
      from: { path: '^server/modules/([^/]+)/domain/' },
      to: { path: '^server/modules/$1/http/' },
    },
    {
      name: 'web-feature-isolation',
      comment: 'Web feature folders do not import each other; shared pieces live in web/lib.',
      severity: 'error',
      from: { path: '^web/modules/([^/]+)/' },
      to: { path: '^web/modules/', pathNot: '^web/modules/$1/' },
    },
    {
      name: 'web-imports-server-types-only',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: '^server/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-circular',
      comment: 'No cycles of real imports (a type-only import, such as the Db type, is erased and cannot form one).',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: ['node_modules', 'dist'] },
  },
};
