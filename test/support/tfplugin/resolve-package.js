// Preloaded (`node -r`) when an example runs as a program from the repository: `cdktf-logpush`
// resolves to the repository's source (index.ts), as jest's moduleNameMapper does for the tests.
const Module = require('module');
const path = require('path');

const entry = path.resolve(__dirname, '..', '..', '..', 'index.ts');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return resolve.call(this, request === 'cdktf-logpush' ? entry : request, ...rest);
};
