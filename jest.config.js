/** Jest for the API (unit specs beside the code) and the end-to-end suite in test/. */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

const ESM_ONLY = ['@fastify/cookie', 'cookie', 'content-disposition'];

module.exports = {
  testEnvironment: 'node',
  rootDir: __dirname,
  transform: { '^.+\\.(ts|js|mjs)$': swc },
  // Node 20 can require() ES modules, Jest's module system cannot: the few ES-module-only
  // packages the API loads are compiled to CommonJS on the way in (docs/TESTING.md).
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`],
  moduleNameMapper: { '^@wala/contract$': '<rootDir>/libs/contract/src/index.ts' },
  testMatch: ['<rootDir>/apps/api/src/**/*.spec.ts', '<rootDir>/libs/*/src/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 120_000,
  slowTestThreshold: 30,
  maxWorkers: process.env.JEST_WORKERS ? Number(process.env.JEST_WORKERS) : 2,
  forceExit: false,
};
