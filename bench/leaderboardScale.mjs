/**
 * The leaderboard-scaling section of `npm run bench` (src/bench/leaderboardScale.ts runs in the bench worker):
 * default feature lists, 5-fold CV and the final refit on synthetic embedding-like inputs of growing size, on the
 * training pool; at the smallest size also serially, to check the pool gives the identical leaderboard.
 */

/** [rows, classes, budget seconds]; goals from issue 11. */
export const SCALE_RUNS = [
  { rows: 300, classes: 12, budget: 60, goal: 5 },
  { rows: 1000, classes: 3, budget: 120, goal: null },
  { rows: 1000, classes: 12, budget: 120, goal: 20 },
  { rows: 3000, classes: 12, budget: 300, goal: null },
  { rows: 10000, classes: 12, budget: 400, goal: 180 },
];

export async function runLeaderboardScale(call, say, { maxRows = Infinity, budgetFactor = 1 } = {}) {
  const out = [];
  for (const base of SCALE_RUNS.filter((s) => s.rows <= maxRows)) {
    const r = { ...base, budget: base.budget * budgetFactor };
    say(`leaderboard scaling: ${r.rows} rows × ${r.classes} classes (budget ${r.budget} s)…`);
    try {
      const { result: res, longTasks } = await call('studioCallWatched', 'benchLeaderboardScale', { rows: r.rows, classes: r.classes, seed: 42, pool: true, budgetSeconds: r.budget, compareSerial: r.rows === 300 });
      out.push({ ...r, ...res, longTasks });
      say(`  ${res.finished ? `${res.seconds.toFixed(1)} s (CV ${res.leaderboardSeconds.toFixed(1)} + refit ${res.finalRefitSeconds.toFixed(1)}), pool ${res.poolWorkers}` : `not finished in ${r.budget} s: ${res.fitsDone}/${res.fitsTotal} fits; ${res.modelsStarted.map((m) => `${m.name} ${m.secondsSinceFirstFit.toFixed(0)} s`).join(', ')}`}`);
    } catch (err) {
      out.push({ ...r, error: String(err.message ?? err) });
      say(`  failed: ${err.message ?? err}`);
    }
  }
  return out;
}

const fmt = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');

/** Goal rows for the summary table: [goal, target, measured, met]. */
export function scaleGoals(scale = []) {
  const goals = [];
  for (const s of scale.filter((x) => x.goal)) {
    const measured = s.error ? `failed: ${s.error}` : s.finished ? `${fmt(s.seconds)} s` : `> ${s.budget} s (stopped after ${s.fitsDone}/${s.fitsTotal} fits)`;
    goals.push([`leaderboard ${s.rows} rows × ${s.classes} classes (5-fold CV + final refit)`, `< ${s.goal} s`, measured, !!s.finished && s.seconds < s.goal]);
  }
  const small = scale.find((s) => s.identicalToSerial !== undefined && s.identicalToSerial !== null);
  if (small) {
    goals.push([`training pool (${small.poolWorkers} workers + the studio worker) = serial run, ${small.rows} rows`, 'identical OOF bits', `${small.identicalToSerial ? 'identical' : 'DIFFERENT'}; ${fmt(small.serialSeconds)} s serial vs ${fmt(small.leaderboardSeconds)} s pooled`, small.identicalToSerial]);
  }
  const grown = scale.filter((s) => s.tensorsAfter !== undefined).map((s) => s.tensorsAfter - s.tensorsBefore);
  if (grown.length) goals.push(['tensor growth across consecutive leaderboard runs', '0', grown.join(', '), grown.every((g) => g === 0)]);
  return goals;
}

/** Markdown: time per size, and time per model at each size. */
export function renderScale(scale = []) {
  if (!scale.length) return [];
  const lines = ['', '### Leaderboard scaling (synthetic 768-d embedding-like covers + 40-d colour + a title column; default feature lists; 5-fold CV + final refit)', ''];
  lines.push('| rows × classes | total s | CV s | final refit s | pool workers | goal | met |', '| --- | --- | --- | --- | --- | --- | --- |');
  for (const s of scale) {
    const total = s.error ? `failed: ${s.error}` : s.finished ? fmt(s.seconds) : `> ${s.budget} (stopped)`;
    lines.push(`| ${s.rows} × ${s.classes} | ${total} | ${fmt(s.leaderboardSeconds)} | ${fmt(s.finalRefitSeconds)} | ${s.poolWorkers ?? ''} | ${s.goal ? `< ${s.goal} s` : ''} | ${s.goal ? (s.finished && s.seconds < s.goal ? 'met' : 'missed') : ''} |`);
  }
  const done = scale.filter((s) => s.models);
  if (done.length) {
    const names = [...new Set(done.flatMap((s) => s.models.map((m) => m.name)))].sort();
    lines.push('', `| fit time per model (s, summed over folds) | ${done.map((s) => `${s.rows}×${s.classes}`).join(' | ')} |`, `| --- |${done.map(() => ' --- |').join('')}`);
    for (const n of names) lines.push(`| ${n} | ${done.map((s) => { const m = s.models.find((x) => x.name === n); return m ? `${fmt(m.trainSeconds)} (BA ${fmt(m.balancedAccuracy, 3)})` : ''; }).join(' | ')} |`);
  }
  return lines;
}
