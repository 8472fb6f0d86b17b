// `npm run scan`: n8n's verification scanner on what `npm publish` would ship of this package (see
// package-scan.mjs). Run by `npm test` after the build; exits 1 on any violation.
import { packAndScan } from './package-scan.mjs';

if (!(await packAndScan(new URL('..', import.meta.url).pathname))) process.exitCode = 1;
