/** A job set up and ready to be timed; only `run` is inside the measurement. */
export interface PreparedJob {
  /** Does the work; `mark` records when a phase starts. */
  run(mark: (phase: string) => void): Promise<{
    readonly outputBytes: number;
    readonly samplesMs?: ReadonlyArray<number>;
    readonly liveHeapKib?: number;
    readonly milestonesMs?: Readonly<Record<string, number>>;
  }>;
  /** Removes what the run left in S3 and on disk; not timed. */
  cleanUp(): Promise<void>;
}
