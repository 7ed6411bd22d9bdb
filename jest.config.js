/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
  modulePathIgnorePatterns: ['<rootDir>/lib/', '<rootDir>/cdktf.out/'],
  // Examples and tests import the package by its name, as users do; in the repository it is the source.
  moduleNameMapper: {
    '^cdktf-logpush$': '<rootDir>/index.ts',
    '^cdktf-logpush/(ibm|fleet|panther)$': '<rootDir>/$1.ts',
  },
  clearMocks: true,
  // Tests that spawn the CLI, Terraform or moto run on a shared 2-core machine: a generous bound
  // against hangs, not a speed target (speed is measured in bench/).
  testTimeout: 60_000,
  coverageProvider: 'v8',
};
