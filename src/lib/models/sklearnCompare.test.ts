/**
 * Cross-check against scikit-learn (runs only where /usr/bin/python3 has sklearn, e.g. after
 * `apt-get install -y python3-sklearn`): the same folds, standardization and L2 strength must give
 * (nearly) the same fold scores as LogisticRegression(class_weight='balanced').
 */
import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLeaderboard } from './leaderboard';
import { gaussianBlobs, inputFrom } from './testing/synthetic';
import { softmaxCoverFixedL2 } from './blueprints/softmaxCover';

const PY = '/usr/bin/python3';
const hasSklearn = spawnSync(PY, ['-c', 'import sklearn'], { stdio: 'ignore' }).status === 0;

describe.runIf(hasSklearn)('softmax regression vs scikit-learn', () => {
  it('matches LogisticRegression fold by fold on an imbalanced 3-class set (at the same fixed l2)', async () => {
    const { X, y } = gaussianBlobs({ n: 240, d: 40, k: 3, seed: 77, separation: 2, proportions: [0.5, 0.3, 0.2] });
    const lb = await runLeaderboard(inputFrom({ cover: X }), y, ['a', 'b', 'c'], {
      seed: 1,
      registry: [softmaxCoverFixedL2(0.01)],
    });
    const ours = lb.entries[0].cv!.foldScores;
    const rows = Array.from({ length: X.rows }, (_, r) => Array.from(X.data.subarray(r * X.cols, (r + 1) * X.cols)));
    const dir = mkdtempSync(join(tmpdir(), 'cgs-'));
    const file = join(dir, 'data.json');
    writeFileSync(file, JSON.stringify({ X: rows, y: Array.from(y), folds: Array.from(lb.foldOf), l2: 0.01 }));
    const out = execFileSync(PY, ['scripts/sklearn/compare.py', file], { encoding: 'utf8' });
    const theirs: number[] = JSON.parse(out.trim().split('\n').at(-1)!).foldScores;
    console.log(`ours ${ours.map((s) => s.toFixed(4)).join(' ')}\nsklearn ${theirs.map((s) => s.toFixed(4)).join(' ')}`);
    expect(theirs).toHaveLength(5);
    theirs.forEach((s, f) => expect(Math.abs(s - ours[f])).toBeLessThan(0.021));
  });
});
