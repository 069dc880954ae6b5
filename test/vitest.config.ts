import path from 'node:path';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The order test files start in. On a clean clone (CI) vitest has no durations from an earlier run
 * and starts the biggest files first, so the fresh-clone test (a small file that installs csops in a
 * clone: the longest by far) started last and ran alone for a minute at the end. Here the files that
 * run the built binary (test/e2e, slow) go first, the fresh-clone test before them all, and the
 * in-process files (many and short) fill the end on both workers. Within each group vitest's own
 * order stands (earlier failures first, then the slowest known, then the biggest).
 */
class SlowFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (file: TestSpecification) => {
      const relative = path.relative(process.cwd(), file.moduleId).split(path.sep).join('/');
      if (relative === 'test/e2e/fresh-clone.test.ts') return 0;
      return relative.startsWith('test/e2e/') ? 1 : 2;
    };
    // Array.prototype.sort is stable: the order within a rank is vitest's.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}

export default defineConfig({
  test: {
    sequence: { sequencer: SlowFirst },
  },
});
