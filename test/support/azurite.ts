/** The Azurite emulator on free loopback ports (shared with `npm run start:cluster`). */
export { Azurite, type AzuriteService } from '../../cli/azurite.js';
