import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** What the checkpoint file holds: per shard of one stream, the last processed sequence number and whether it ended. */
export interface CheckpointFile {
  readonly version: 1;
  readonly streamArn: string;
  readonly shards: Record<string, { after?: string; done?: boolean }>;
}

/** One shard's progress as the poller knows it. */
export interface ShardProgress {
  readonly id: string;
  /** Last processed sequence number; undefined = from TRIM_HORIZON. */
  readonly after?: string;
  readonly done: boolean;
}

/** Keeps the poller's progress across restarts; without a file it keeps nothing. */
export interface CheckpointStore {
  /** The saved progress of this stream, or undefined if none was saved or it belongs to another stream. */
  load(streamArn: string): Promise<CheckpointFile | undefined>;
  save(streamArn: string, shards: Iterable<ShardProgress>): Promise<void>;
}

export function checkpointStore(file: string | undefined, onError: (error: unknown) => void): CheckpointStore {
  return {
    load: async (arn) => {
      if (!file) return undefined;
      try {
        const data = JSON.parse(await readFile(file, 'utf8')) as CheckpointFile;
        // A checkpoint of another stream (table recreated, stream re-enabled) says nothing about this one.
        return data.version === 1 && data.streamArn === arn ? data : undefined;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') onError(error);
        return undefined;
      }
    },
    save: async (streamArn, shards) => {
      if (!file) return;
      const data: CheckpointFile = {
        version: 1,
        streamArn,
        shards: Object.fromEntries([...shards].map((s) => [s.id, { ...(s.after ? { after: s.after } : {}), ...(s.done ? { done: true } : {}) }])),
      };
      await mkdir(path.dirname(file), { recursive: true });
      // Write-then-rename so a crash mid-write never leaves a truncated checkpoint.
      const temp = `${file}.${process.pid}.tmp`;
      await writeFile(temp, JSON.stringify(data, null, 1));
      await rename(temp, file);
    },
  };
}
