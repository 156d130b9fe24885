/** Feature-impact bars: each group as % of the largest drop, with ± sd whiskers on the same scale. */
import type { FeatureImpactGroup } from '../../worker/insightsProtocol';

export interface ImpactBar {
  groupId: string;
  label: string;
  /** Bar length in % of the largest drop (0–100). */
  percent: number;
  /** Whisker ends in %, clamped to [0, 100 + overshoot] so a whisker never runs off the box. */
  low: number;
  high: number;
  drop: number;
  sd: number;
  /** The worker's drop / largest drop (may be negative). */
  normalized: number;
}

export function impactBars(groups: readonly FeatureImpactGroup[]): ImpactBar[] {
  const maxDrop = Math.max(0, ...groups.map((g) => g.drop));
  const pct = (x: number) => (maxDrop > 0 ? (100 * x) / maxDrop : 0);
  return [...groups]
    .sort((a, b) => b.drop - a.drop || a.label.localeCompare(b.label))
    .map((g) => ({
      groupId: g.groupId,
      label: g.label,
      percent: Math.max(0, pct(g.drop)),
      low: Math.max(0, pct(g.drop - g.sd)),
      high: Math.min(120, Math.max(0, pct(g.drop + g.sd))),
      drop: g.drop,
      sd: g.sd,
      normalized: g.normalized,
    }));
}
