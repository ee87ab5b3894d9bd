/**
 * Batch files service owners put in their inbound folder: the format shared by correspondence and prefill files
 * (header, SequenceNo, items), safe parsing, the SequenceNo series and the record of each file with its receipt.
 * Parsing loads libxml2-wasm, so this is not in `platform/index.ts`: import it from here.
 */
export {
  MAX_BATCH_FILE_BYTES,
  parseBatchFile,
  batchKindOf,
  requireBatchKind,
  readSequenceNo,
  requireValidHeader,
  isOwnBatch,
  BatchFields,
  type BatchKind,
  type BatchHeader,
  type BatchItem,
  type BatchFile,
} from './batch-file.ts';
export { claimBatchSequence, findLastBatchSequence, recordBatchFile, listBatchFiles, removeBatchReceipt, type BatchFileRecord, type BatchFileResult } from './batch-files.ts';
export { batchFileMigrations } from './migrations.ts';
