import { fileURLToPath } from 'node:url';

/** The sample sentence shipped in the package (models/samples/hello.wav), the CLI's default input. */
export const BUILT_IN_SAMPLE = fileURLToPath(new URL('../../models/samples/hello.wav', import.meta.url));
