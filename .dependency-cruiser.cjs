/**
 * Import directions between modules (see docs/architecture.md): arrows are the only allowed imports.
 * connector <- atlassian; connector <- core <- store; server -> core, store, atlassian; cli -> all.
 * sailpoint (the SailPoint package) -> atlassian, connector only, so its bundle carries no server or store.
 * The emulator is written from Atlassian's specs and imports nothing of the connector side.
 */
const allowed = {
  connector: [],
  atlassian: ['connector'],
  emulator: [],
  sailpoint: ['atlassian', 'connector'],
  core: ['connector'],
  store: ['core', 'connector'],
  server: ['core', 'store', 'atlassian', 'connector', 'emulator'],
  cli: ['server', 'core', 'store', 'atlassian', 'connector', 'emulator', 'sailpoint'],
};

const forbidden = Object.entries(allowed).map(([from, to]) => ({
  name: `${from}-imports`,
  comment: `src/${from} may import only: ${to.join(', ') || 'nothing of ours'}`,
  severity: 'error',
  from: { path: `^src/${from}/` },
  to: {
    path: '^src/([^/]+)/',
    pathNot: [`^src/${from}/`, ...to.map((t) => `^src/${t}/`)],
  },
}));

forbidden.push({
  name: 'atlassian-public-surface',
  severity: 'error',
  comment: 'Outside src/atlassian only its index is imported: no flavour factory or file is called by name.',
  from: { pathNot: '^src/atlassian/' },
  to: { path: '^src/atlassian/', pathNot: '^src/atlassian/index\\.ts$' },
});

forbidden.push({
  name: 'no-circular',
  severity: 'error',
  comment: 'Circular imports hide the layering.',
  from: {},
  to: { circular: true },
});

module.exports = {
  forbidden,
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '\\.test\\.ts$' },
  },
};
