'use strict';
// Tables are created by CloudFormation: never create, update or wait for them at runtime.
module.exports = { create: false, update: false, waitForActive: false };
