import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Facts shared by the CDK app and the local runtime, in a module that does not load aws-cdk-lib. */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Metadata key the local runtime reads to map a synthesized function back to its handler source. */
export const HANDLER_ENTRY_METADATA = 'award:handlerEntry';
