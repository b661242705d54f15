import { describe, expect, it } from 'vitest';
import type { DocumentStoreApi } from '../../../../../common/contract.js';
import type { TraceCopyStatus } from '../../../../../common/download.js';
import type { Result } from '../../../../../common/result.js';
import { traceCopyFeed } from '../../../../../renderer/src/features/trace-copy/trace-copy-feed.js';

type ListAnswer = Result<ReadonlyArray<TraceCopyStatus>>;

// A bridge whose list answers wait until the test gives them, one per call.
function bridge() {
  const answers: Array<(answer: ListAnswer) => void> = [];
  const api = {
    traceCopies: {
      list: () => new Promise<ListAnswer>((resolve) => answers.push(resolve)),
      onChanged: () => () => undefined,
    },
  } as unknown as DocumentStoreApi;
  return { api, answers };
}

const copy = (state: TraceCopyStatus['state']): TraceCopyStatus => ({ mode: 'background', state, correlationId: 'job-1', location: 's3://zips/job-1.zip' });
const settled = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the window’s one following of trace copies', () => {
  it('shows no copy until main has answered', () => {
    const { api } = bridge();
    const feed = traceCopyFeed(api);
    const stop = feed.subscribe(() => undefined);
    expect(feed.read()).toEqual([]);
    stop();
  });

  it('ignores a list answer that arrives after everyone stopped following, so the next look shows what main says then', async () => {
    const { api, answers } = bridge();
    const feed = traceCopyFeed(api);
    const stop = feed.subscribe(() => undefined);
    stop();
    answers[0]?.({ ok: true, value: [copy('uploading')] });
    await settled();
    expect(feed.read()).toEqual([]);

    const stopAgain = feed.subscribe(() => undefined);
    answers[1]?.({ ok: true, value: [copy('complete')] });
    await settled();
    expect(feed.read().map((status) => status.state)).toEqual(['complete']);
    stopAgain();
  });
});
