import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { errorText } from '../../src/core/errors';

test('an error is its message, a string itself, anything else its JSON', () => {
  assert.equal(errorText(new Error('the server exited')), 'the server exited');
  assert.equal(errorText('spawn ENOENT'), 'spawn ENOENT');
  assert.equal(errorText({ code: -32603, message: 'internal' }), '{"code":-32603,"message":"internal"}');
});
